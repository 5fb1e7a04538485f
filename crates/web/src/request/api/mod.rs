//! The requests' API: the staff's requests, visits, statistics and the public side.

pub(crate) mod charts;
pub(crate) mod public;
pub(crate) mod request;
pub(crate) mod stats;
pub(crate) mod visit;

/// The requests' API routes, under `/api`.
pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .merge(visit::routes())
        .merge(request::routes())
        .merge(stats::routes())
        .merge(charts::routes())
        .merge(public::routes())
}

/// The request area's part of the OpenAPI document: each module keeps its own list of paths.
pub fn doc() -> utoipa::openapi::OpenApi {
    use utoipa::OpenApi;
    let mut doc = visit::Doc::openapi();
    doc.merge(request::Doc::openapi());
    doc.merge(stats::Doc::openapi());
    doc.merge(charts::Doc::openapi());
    doc.merge(public::Doc::openapi());
    doc
}
