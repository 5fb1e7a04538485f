//! The requests' pages: the staff's, statistics, visits and the public forms.

pub(crate) mod public;
pub(crate) mod request;
pub(crate) mod stats;
pub(crate) mod visit;

/// The requests' pages.
pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .merge(public::routes())
        .merge(visit::routes())
        .merge(request::routes())
        .merge(stats::routes())
}
