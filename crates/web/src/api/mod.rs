//! The JSON API under `/api/v1`, and its OpenAPI document.

use crate::error::WebError;
use crate::AppState;
use askama::Template;
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Json;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use touyan_domain::paging::PageRequest;
use utoipa::OpenApi;

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route("/openapi.json", get(openapi_json))
        .route("/docs", get(docs))
        .merge(
            crate::areas::AREAS
                .iter()
                .filter_map(|a| a.api)
                .fold(crate::routes::Routes::new(), |r, api| r.merge(api())),
        )
}

pub fn health_routes() -> crate::routes::Routes {
    crate::routes::Routes::new().route("/healthz", get(healthz))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    status: &'static str,
    /// `sqlite` or `postgres`.
    database: touyan_storage::Backend,
    version: &'static str,
}

#[utoipa::path(get, path = "/healthz", tag = "system", responses((status = 200, body = Health), (status = 503)))]
async fn healthz(State(st): State<AppState>) -> Response {
    let ok = st.store.ping().await.is_ok();
    let body = Health {
        status: if ok { "ok" } else { "unavailable" },
        database: st.store.backend(),
        version: env!("CARGO_PKG_VERSION"),
    };
    let code = if ok {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::SERVICE_UNAVAILABLE
    };
    (code, Json(body)).into_response()
}

/// A JSON body whose rejections answer in the API's error shape.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = WebError;
    async fn from_request(req: Request, s: &S) -> Result<Self, Self::Rejection> {
        use axum::extract::rejection::JsonRejection as J;
        // The record the path names is out of reach: that is the answer, whatever the body.
        if let Some(e) = crate::target_first::Unreachable::on(req.extensions()) {
            return Err(e);
        }
        match Json::<T>::from_request(req, s).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(J::JsonDataError(e)) => {
                let msg = e.body_text();
                if let Some(field) = msg
                    .split("missing field `")
                    .nth(1)
                    .and_then(|r| r.split('`').next())
                {
                    Err(touyan_storage::StorageError::field(field, "err.required").into())
                } else if let Some(field) = msg
                    .split(": ")
                    .nth(1)
                    .and_then(|r| r.split(':').next())
                    .filter(|f| !f.contains(' '))
                {
                    Err(touyan_storage::StorageError::field(field, "err.type_invalid").into())
                } else {
                    Err(WebError::BadRequest("err.json_invalid"))
                }
            }
            Err(J::MissingJsonContentType(_)) => Err(WebError::BadRequest("err.json_content_type")),
            Err(_) => Err(WebError::BadRequest("err.json_invalid")),
        }
    }
}

/// Query parameters whose rejections answer in the API's error shape.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = WebError;
    async fn from_request_parts(parts: &mut Parts, s: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, s).await {
            Ok(q) => Ok(ApiQuery(q.0)),
            Err(_) => Err(WebError::BadRequest("err.query_invalid")),
        }
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Paging {
    /// From 1.
    pub page: Option<i64>,
    /// 1 to 200; 20 when absent.
    pub per_page: Option<i64>,
}

impl Paging {
    pub fn parse(&self) -> Result<PageRequest, WebError> {
        Ok(PageRequest::parse(self.page, self.per_page)?)
    }
}

/// The page asked for by a list's `page` and `per_page` parameters.
pub fn page_request(page: Option<i64>, per_page: Option<i64>) -> Result<PageRequest, WebError> {
    Ok(PageRequest::parse(page, per_page)?)
}

/// The shape of every list answer.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PageOf<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

impl<T> From<touyan_storage::Page<T>> for PageOf<T> {
    fn from(p: touyan_storage::Page<T>) -> Self {
        PageOf {
            items: p.items,
            total: p.total,
            page: p.page,
            per_page: p.per_page,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// `bad_request`, `unauthenticated`, `bad_credentials`, `csrf`, `forbidden`, `not_found`,
    /// `method_not_allowed`, `conflict`, `refused`, `invalid`, `too_large`,
    /// `unsupported_media_type`, `throttled` or `internal`.
    code: String,
    /// In the caller's language.
    message: String,
    /// Field name → message, for `invalid` and `conflict`.
    fields: std::collections::BTreeMap<String, String>,
}

#[derive(OpenApi)]
#[openapi(
    info(title = "touyan (头雁) API", description = "Organization tree, accounts, roles scoped to subtrees, audit log, people and party members (posts, development pipeline, quotas, honours, growth ledgers, .xlsx import/export; the export, import-template and import routes shown for people exist alike for posts, honours and quotas). Sign in with POST /api/v1/session (cookie) or send `Authorization: Bearer <token>`."),
    paths(healthz),
    components(schemas(ErrorBody, ErrorDetail)),
    modifiers(&Security),
)]
pub struct ApiDoc;

struct Security;
impl utoipa::Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{
            ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme,
        };
        let c = openapi.components.get_or_insert_with(Default::default);
        c.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        c.add_security_scheme(
            "cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(crate::ctx::SESSION_COOKIE))),
        );
    }
}

async fn openapi_json() -> Json<serde_json::Value> {
    static DOC: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
    Json(DOC.get_or_init(document).clone())
}

/// The whole document: the main list of paths and each module's own.
fn document() -> serde_json::Value {
    let mut doc = ApiDoc::openapi();
    // Each area keeps its own list of paths.
    for part in crate::areas::AREAS.iter().filter_map(|a| a.openapi) {
        doc.merge(part());
    }
    let mut v = serde_json::to_value(&doc).expect("the document is plain data");
    pairs_as_tuples(&mut v);
    numeric_keys_as_strings(&mut v);
    unique_operation_ids(&mut v);
    v
}

/// A map keyed by numbers (achievements by year) is sent with its keys as JSON strings
/// (`"2021"`); the derived schema asks for integer names, which no JSON object has.
fn numeric_keys_as_strings(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(o) => {
            if let Some(names) = o.get_mut("propertyNames") {
                if names["type"] == "integer" {
                    *names = serde_json::json!({"type": "string", "pattern": "^-?[0-9]+$"});
                }
            }
            o.values_mut().for_each(numeric_keys_as_strings);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(numeric_keys_as_strings),
        _ => {}
    }
}

/// Operation ids are the handlers' names, and several modules name theirs alike (`list`,
/// `create`); an id used more than once becomes the method and path (`get_api_v1_audit`).
fn unique_operation_ids(doc: &mut serde_json::Value) {
    let Some(paths) = doc["paths"].as_object_mut() else {
        return;
    };
    let mut seen = std::collections::HashMap::<String, usize>::new();
    for item in paths.values() {
        for op in item.as_object().into_iter().flat_map(|o| o.values()) {
            if let Some(id) = op["operationId"].as_str() {
                *seen.entry(id.to_string()).or_default() += 1;
            }
        }
    }
    for (path, item) in paths.iter_mut() {
        for (method, op) in item.as_object_mut().into_iter().flat_map(|o| o.iter_mut()) {
            let shared = op["operationId"]
                .as_str()
                .is_some_and(|id| seen.get(id).is_some_and(|n| *n > 1));
            if shared {
                let slug: String = path
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                    .collect();
                let id = format!("{method}_{}", slug.trim_matches('_').replace("__", "_"));
                op["operationId"] = serde_json::Value::String(id);
            }
        }
    }
}

/// `(kind code, count)` pairs are sent as two-element arrays; the derived schema of a Rust
/// tuple asks for one value that is both a string and a number, so it is stated here (as a
/// pair of string-or-number: `prefixItems` is not read by every OpenAPI tool).
fn pairs_as_tuples(doc: &mut serde_json::Value) {
    let by_kind = &mut doc["components"]["schemas"]["OrgCounts"]["properties"]["by_kind"];
    if by_kind.is_object() {
        *by_kind = serde_json::json!({
            "type": "array",
            "description": "(kind code, count), in dictionary order, kinds with none left out.",
            "items": {
                "type": "array",
                "description": "The kind's code, then the count.",
                "items": {"anyOf": [{"type": "string"}, {"type": "integer", "minimum": 0}]},
                "minItems": 2,
                "maxItems": 2
            }
        });
    }
}

/// A browsable page for the document, from the embedded Swagger UI files.
async fn docs() -> Html<String> {
    Html(ApiDocs.render().unwrap_or_default())
}

#[derive(askama::Template)]
#[template(path = "kit/api_docs.html")]
struct ApiDocs;
