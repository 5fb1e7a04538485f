//! The cadence's pages.

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
}
