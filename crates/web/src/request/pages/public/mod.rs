//! Public pages of service requests, open without signing in and made for a phone: the form
//! at `/report`, the tracking code it answers, the tracking page at `/track/{code}` with the
//! rating (and reopening or withdrawing where the rules allow), and the photos sent with a
//! request. The same per-address limits as the public API apply.

use crate::ctx::Ctx;
use crate::error::{WebError, WebResult};
use crate::i18n::{Lang, Tr};
use crate::pages::{page, render, see_other, Errors, Layout};
use crate::ratelimit::Bucket;
use crate::request::api::public::{limit, refund};
use crate::AppState;
use askama::Template;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Form;
use serde::Deserialize;
use std::collections::BTreeMap;
use touyan_domain::request::entries::PublicRequestInput;
use touyan_domain::request::intake::{display_tracking_code, normalize_tracking_code};
use touyan_domain::request::workflow::{ActionInput, State as RState};
use touyan_domain::FieldErrors;
use touyan_storage::kit::files::Upload;
use touyan_storage::request::public::{
    PublicEvent, PublicLocation, PublicRequest, PublicSubmission, MAX_PHOTOS, MAX_PHOTO_BYTES,
};
use touyan_storage::StorageError;

mod acts;
mod report;
mod track;

use acts::*;
use report::*;
use track::*;

/// The largest form: three photos at their limit and the text fields.
const FORM_LIMIT: usize = MAX_PHOTOS * MAX_PHOTO_BYTES + 256 * 1024;

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route(
            "/report",
            get(report_form)
                .post(report_submit)
                .layer(DefaultBodyLimit::max(FORM_LIMIT)),
        )
        .route("/report/locations", get(location_options))
        .route("/report/done/{code}", get(done))
        .route("/track", get(lookup))
        .route("/track/{code}", get(track_page))
        .route("/track/{code}/rating", post(rate))
        .route("/track/{code}/reopen", post(reopen))
        .route("/track/{code}/withdraw", post(withdraw))
        .route("/track/{code}/files/{id}", get(photo))
}

fn translated(fe: &FieldErrors, tr: Tr) -> Errors {
    Errors(fe.0.iter().map(|(k, v)| (k.clone(), tr.msg(v))).collect())
}

/// A page answered with 429 and `Retry-After`.
fn too_many(mut r: Response, secs: i64) -> Response {
    *r.status_mut() = StatusCode::TOO_MANY_REQUESTS;
    r.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    r
}
