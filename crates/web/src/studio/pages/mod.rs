//! The studios' pages.

pub(crate) mod achievement;
pub(crate) mod activity;
pub(crate) mod mentorship;
pub(crate) mod studio;

/// The studios' pages.
pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .merge(studio::routes())
        .merge(achievement::routes())
        .merge(mentorship::routes())
        .merge(activity::routes())
        .merge(crate::studio::evaluation::routes())
}
