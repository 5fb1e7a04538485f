//! The studios' API: studios and alliances, achievements, mentorship, activity.

pub(crate) mod achievement;
pub(crate) mod activity;
pub(crate) mod mentorship;
pub(crate) mod rounds;
pub(crate) mod studio;

/// The studios' API routes, under `/api`.
pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .merge(studio::routes())
        .merge(achievement::routes())
        .merge(mentorship::routes())
        .merge(activity::routes())
        .merge(rounds::routes())
}

/// The studio area's part of the OpenAPI document: each module keeps its own list of paths.
pub fn doc() -> utoipa::openapi::OpenApi {
    use utoipa::OpenApi;
    let mut doc = studio::Doc::openapi();
    doc.merge(achievement::Doc::openapi());
    doc.merge(mentorship::Doc::openapi());
    doc.merge(activity::Doc::openapi());
    doc.merge(rounds::Doc::openapi());
    doc
}
