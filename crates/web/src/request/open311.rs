//! Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2), JSON only, for apps and
//! city platforms that speak it: the request categories as services, the public requests,
//! and submitting one. Routed outside the session and CSRF layer: it never reads a cookie
//! and acts for nobody, exactly like the public form.
//!
//! Choices within the spec:
//! - One jurisdiction: `jurisdiction_id` is ignored. `api_key` is ignored too: every caller
//!   gets the same public fields (staff read whole records through /api/v1/requests).
//! - Listings and look-ups show only requests submitted by the public (the form, the public
//!   API, Open311 itself), never those entered by staff at a window or from the hotline.
//!   `service_request_id` is the tracking code.
//! - No contact data leaves: names and phones are taken on POST and never answered.
//! - A location is a node of the tree: `address_id` is a community, grid, park or street id
//!   (as /api/v1/public/locations lists them), or `address_string` must name one; lat/long
//!   alone cannot be placed and answers 400.
//! - Limits per client address as for the public form (5 submissions per 10 minutes, 60
//!   look-ups per minute); past them, 429 with `Retry-After`.

use crate::i18n::{Lang, Tr};
use crate::ratelimit::Bucket;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Json;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, SecondsFormat};
use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::net::SocketAddr;
use touyan_domain::request::intake::RequestInput;
use touyan_storage::request::public::{PublicListFilter, PublicListed, PublicSubmission};
use touyan_storage::StorageError;

/// The spec's longest range of one listing, and the default one.
const MAX_RANGE_DAYS: i64 = 90;

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route("/open311/discovery.json", get(discovery))
        .route("/open311/v2/services.json", get(services))
        .route("/open311/v2/requests.json", get(list).post(create))
        .route("/open311/v2/requests/{file}", get(one))
}

/// Beijing time, in which every date of the interface is written.
fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("a valid offset")
}

/// A Unix-millisecond instant in the spec's w3 format, with the +08:00 offset.
fn w3(ms: i64) -> String {
    DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .with_timezone(&beijing())
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A w3 date-time (`2026-01-01T00:00:00Z`, `2026-01-01T08:00:00+08:00`) or a bare date,
/// taken as midnight in Beijing.
fn parse_w3(s: &str) -> Option<i64> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.timestamp_millis());
    }
    let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    let t = d
        .and_hms_opt(0, 0, 0)?
        .and_local_timezone(beijing())
        .single()?;
    Some(t.timestamp_millis())
}

/// An error in the spec's shape: an array of `{code, description}`.
fn error(status: StatusCode, descriptions: Vec<String>) -> Response {
    let body: Vec<Value> = descriptions
        .into_iter()
        .map(|d| json!({"code": status.as_u16(), "description": d}))
        .collect();
    (status, Json(Value::Array(body))).into_response()
}

fn throttled(tr: Tr, secs: i64) -> Response {
    let mut r = error(
        StatusCode::TOO_MANY_REQUESTS,
        vec![tr.tf("err.rp_too_many", &[("s", &secs.to_string())])],
    );
    r.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    r
}

fn internal(tr: Tr, e: StorageError) -> Response {
    tracing::error!(error = %e, "open311 request failed");
    error(
        StatusCode::BAD_REQUEST,
        vec![tr.t("err.internal").to_string()],
    )
}

/// The caller's language from `Accept-Language`; Chinese unless English comes first.
fn tr_of(headers: &HeaderMap) -> Tr {
    Tr::new(
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(Lang::from_accept)
            .unwrap_or(Lang::ZhCn),
    )
}

/// The scheme and host links are made with.
fn base_url(st: &AppState, headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if st.config.secure_cookies {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

fn service_notice(tr: Tr, days: i32) -> String {
    tr.tf("rp.o311.notice", &[("days", &days.to_string())])
}

/// Service discovery (https://wiki.open311.org/Service_discovery).
async fn discovery(State(st): State<AppState>, headers: HeaderMap) -> Response {
    let tr = tr_of(&headers);
    let base = base_url(&st, &headers);
    Json(json!({
        "changeset": "2026-01-01T00:00:00+08:00",
        "contact": tr.t("rp.o311.contact"),
        "key_service": tr.t("rp.o311.key_service"),
        "endpoints": [{
            "specification": "http://wiki.open311.org/GeoReport_v2",
            "url": format!("{base}/open311/v2"),
            "changeset": "2026-01-01T00:00:00+08:00",
            "type": "production",
            "formats": ["application/json"],
        }],
    }))
    .into_response()
}

/// The active categories as services.
async fn services(State(st): State<AppState>, headers: HeaderMap) -> Response {
    let tr = tr_of(&headers);
    let cats = match st.store.public_categories().await {
        Ok(c) => c,
        Err(e) => return internal(tr, e),
    };
    let en = tr.lang == Lang::En;
    let out: Vec<Value> = cats
        .into_iter()
        .map(|c| {
            let name = if en { &c.name_en } else { &c.name_zh };
            json!({
                "service_code": c.code,
                "service_name": name,
                "description": tr.tf("rp.o311.description", &[("name", name), ("days", &c.reply_days.to_string())]),
                "metadata": false,
                "type": "realtime",
                "keywords": format!("{}, {}, {}", c.code, c.name_zh, c.name_en),
                "group": tr.t("rp.o311.group"),
            })
        })
        .collect();
    Json(Value::Array(out)).into_response()
}

/// One request as the spec writes it.
fn request_json(r: &PublicListed, tr: Tr, base: &str) -> Value {
    let en = tr.lang == Lang::En;
    // Most specific first: the address typed, then the tree from the node up.
    let mut parts: Vec<String> = r.address.iter().cloned().collect();
    parts.extend(r.location.iter().rev().cloned());
    let sep = if en { ", " } else { "，" };
    let updated = if r.is_open {
        r.updated_at
    } else {
        r.closed_at.unwrap_or(r.updated_at)
    };
    json!({
        "service_request_id": r.code,
        "status": if r.is_open { "open" } else { "closed" },
        "status_notes": r.status_note,
        "service_name": if en { &r.category_name_en } else { &r.category_name_zh },
        "service_code": r.category,
        "description": r.description,
        "agency_responsible": r.agency,
        "service_notice": service_notice(tr, r.reply_days),
        "requested_datetime": w3(r.created_at),
        "updated_datetime": w3(updated),
        "expected_datetime": r.reply_due_at.map(w3),
        "address": parts.join(sep),
        "address_id": r.node_id,
        "media_url": r.photo_id.map(|f| format!("{base}/track/{}/files/{f}", r.code)),
    })
}

#[derive(Debug, Default, Deserialize)]
struct ListQuery {
    service_request_id: Option<String>,
    service_code: Option<String>,
    start_date: Option<String>,
    end_date: Option<String>,
    status: Option<String>,
}

/// Splits a comma list, dropping blanks.
fn list_of(v: &Option<String>) -> Vec<String> {
    v.as_deref()
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The filter a query asks for, or the errors in it.
fn filter_of(q: &ListQuery, tr: Tr, now: i64) -> Result<PublicListFilter, Vec<String>> {
    let ids = list_of(&q.service_request_id);
    if !ids.is_empty() {
        // The spec: a list of ids overrides every other argument.
        return Ok(PublicListFilter {
            codes: Some(ids),
            limit: touyan_storage::request::public::MAX_LISTED,
            ..Default::default()
        });
    }
    let mut errors = vec![];
    let mut date = |field: &str, v: &Option<String>| match v.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => match parse_w3(s) {
            Some(ms) => Some(ms),
            None => {
                errors.push(tr.tf("rp.o311.bad_date", &[("field", field)]));
                None
            }
        },
    };
    let start = date("start_date", &q.start_date);
    let end = date("end_date", &q.end_date);
    let range = Duration::days(MAX_RANGE_DAYS).num_milliseconds();
    let (from, to) = match (start, end) {
        (Some(a), Some(b)) => (a, b),
        (Some(a), None) => (a, a + range),
        (None, Some(b)) => (b - range, b),
        (None, None) => (now - range, now),
    };
    if to < from {
        errors.push(tr.t("rp.o311.bad_range").to_string());
    } else if to - from > range {
        errors.push(tr.t("rp.o311.range_too_long").to_string());
    }
    let status = list_of(&q.status);
    if status.iter().any(|s| s != "open" && s != "closed") {
        errors.push(tr.t("rp.o311.bad_status").to_string());
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(PublicListFilter {
        codes: None,
        categories: list_of(&q.service_code),
        from: Some(from),
        to: Some(to),
        status,
        limit: touyan_storage::request::public::MAX_LISTED,
    })
}

/// GET requests.json: the public requests of the last 90 days (or the range asked), newest
/// first, at most 1000.
async fn list(
    State(st): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    q: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let tr = tr_of(&headers);
    let Ok(Query(q)) = q else {
        return error(
            StatusCode::BAD_REQUEST,
            vec![tr.t("err.query_invalid").to_string()],
        );
    };
    let ip = crate::ctx::client_address(Some(peer), &headers, &st.config.trusted_proxies);
    if let Err(s) = st.limiter.take(Bucket::Lookup, ip.as_deref()) {
        return throttled(tr, s);
    }
    let f = match filter_of(&q, tr, touyan_storage::now_ms()) {
        Ok(f) => f,
        Err(e) => return error(StatusCode::BAD_REQUEST, e),
    };
    match st.store.public_listing(&f).await {
        Ok(rows) => {
            let base = base_url(&st, &headers);
            Json(Value::Array(
                rows.iter().map(|r| request_json(r, tr, &base)).collect(),
            ))
            .into_response()
        }
        Err(e) => internal(tr, e),
    }
}

/// GET requests/{code}.json: one public request, in an array as the spec has it.
async fn one(
    State(st): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Response {
    let tr = tr_of(&headers);
    let Some(code) = file.strip_suffix(".json") else {
        return error(
            StatusCode::BAD_REQUEST,
            vec![tr.t("rp.o311.json_only").to_string()],
        );
    };
    let ip = crate::ctx::client_address(Some(peer), &headers, &st.config.trusted_proxies);
    if let Err(s) = st.limiter.take(Bucket::Lookup, ip.as_deref()) {
        return throttled(tr, s);
    }
    let f = PublicListFilter {
        codes: Some(vec![code.to_string()]),
        limit: 1,
        ..Default::default()
    };
    match st.store.public_listing(&f).await {
        Ok(rows) if !rows.is_empty() => {
            let base = base_url(&st, &headers);
            Json(Value::Array(
                rows.iter().map(|r| request_json(r, tr, &base)).collect(),
            ))
            .into_response()
        }
        Ok(_) => error(
            StatusCode::NOT_FOUND,
            vec![tr.t("rp.o311.not_found").to_string()],
        ),
        Err(e) => internal(tr, e),
    }
}

/// The arguments of a POST, from a form (as the spec sends them) or a JSON object.
fn post_args(headers: &HeaderMap, body: &Bytes) -> Option<HashMap<String, String>> {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/json")
        });
    if json {
        let v: Map<String, Value> = serde_json::from_slice(body).ok()?;
        Some(
            v.into_iter()
                .filter_map(|(k, v)| match v {
                    Value::String(s) => Some((k, s)),
                    Value::Number(n) => Some((k, n.to_string())),
                    Value::Null => None,
                    other => Some((k, other.to_string())),
                })
                .collect(),
        )
    } else {
        Some(
            form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }
}

/// The Open311 argument a field of ours came from, for error messages.
fn spec_field(field: &str) -> &str {
    match field {
        "category" => "service_code",
        "node_id" => "address_id",
        "address" => "address_string",
        "contact_name" => "first_name",
        "contact_phone" => "phone",
        other => other,
    }
}

/// A name as the person gave it: family name first and no space when it is written in
/// Chinese characters, "first last" otherwise.
fn full_name(first: &str, last: &str) -> String {
    let (first, last) = (first.trim(), last.trim());
    let cjk = |s: &str| {
        s.chars()
            .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || c == '·')
    };
    if cjk(first) && cjk(last) {
        format!("{last}{first}")
    } else {
        format!("{first} {last}").trim().to_string()
    }
}

/// POST requests.json: a new request; answers `[{"service_request_id": code, ...}]`.
async fn create(
    State(st): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let tr = tr_of(&headers);
    let Some(args) = post_args(&headers, &body) else {
        return error(
            StatusCode::BAD_REQUEST,
            vec![tr.t("err.json_invalid").to_string()],
        );
    };
    let arg = |k: &str| args.get(k).map(|v| v.trim()).unwrap_or("");
    let service_code = arg("service_code");
    if service_code.is_empty() {
        return error(
            StatusCode::BAD_REQUEST,
            vec![tr.t("rp.o311.service_code_missing").to_string()],
        );
    }
    let cats = match st.store.public_categories().await {
        Ok(c) => c,
        Err(e) => return internal(tr, e),
    };
    let Some(cat) = cats.iter().find(|c| c.code == service_code) else {
        return error(
            StatusCode::NOT_FOUND,
            vec![tr.t("rp.o311.service_code_unknown").to_string()],
        );
    };
    let ip = crate::ctx::client_address(Some(peer), &headers, &st.config.trusted_proxies);
    let slot = match st.limiter.take(Bucket::Submit, ip.as_deref()) {
        Ok(s) => s,
        Err(s) => return throttled(tr, s),
    };
    // The location: a node id, else the node the address names.
    let node_id = match arg("address_id") {
        "" => match st.store.resolve_location(arg("address_string")).await {
            Ok(n) => n,
            Err(e) => {
                st.limiter.give_back(slot);
                return internal(tr, e);
            }
        },
        s => match s.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                st.limiter.give_back(slot);
                return error(
                    StatusCode::BAD_REQUEST,
                    vec![tr.t("rp.o311.no_location").to_string()],
                );
            }
        },
    };
    if node_id.is_none() {
        st.limiter.give_back(slot);
        return error(
            StatusCode::BAD_REQUEST,
            vec![tr.t("rp.o311.no_location").to_string()],
        );
    }
    let sub = PublicSubmission {
        requester: "resident".into(),
        input: RequestInput {
            category: service_code.to_string(),
            node_id,
            address: arg("address_string").to_string(),
            description: arg("description").to_string(),
            contact_name: full_name(arg("first_name"), arg("last_name")),
            contact_phone: arg("phone").to_string(),
            ..Default::default()
        },
        photos: vec![],
        ip,
    };
    match st.store.submit_public(&sub).await {
        Ok(code) => (
            StatusCode::CREATED,
            Json(json!([{
                "service_request_id": code,
                "service_notice": service_notice(tr, cat.reply_days),
                "account_id": null,
            }])),
        )
            .into_response(),
        Err(StorageError::Invalid(fe)) => {
            st.limiter.give_back(slot);
            let list =
                fe.0.iter()
                    .map(|(f, k)| format!("{}: {}", spec_field(f), tr.msg(k)))
                    .collect();
            error(StatusCode::BAD_REQUEST, list)
        }
        Err(e) => internal(tr, e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_w3_format() {
        assert_eq!(w3(0), "1970-01-01T08:00:00+08:00");
        assert_eq!(parse_w3("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_w3("1970-01-01T08:00:00+08:00"), Some(0));
        assert_eq!(parse_w3("1970-01-02"), Some(16 * 3600 * 1000));
        assert_eq!(parse_w3("yesterday"), None);
    }

    #[test]
    fn names_in_their_order() {
        assert_eq!(full_name("建国", "王"), "王建国");
        assert_eq!(full_name("John", "Smith"), "John Smith");
        assert_eq!(full_name("", "Smith"), "Smith");
        assert_eq!(full_name("", ""), "");
    }

    #[test]
    fn ranges_of_at_most_ninety_days() {
        let tr = Tr::new(Lang::En);
        let day = 86_400_000;
        let now = 1_000 * day;
        let f = filter_of(&ListQuery::default(), tr, now).unwrap();
        assert_eq!((f.from, f.to), (Some(now - 90 * day), Some(now)));
        let q = ListQuery {
            start_date: Some("1970-01-01T00:00:00Z".into()),
            end_date: Some("1970-06-01T00:00:00Z".into()),
            ..Default::default()
        };
        assert_eq!(filter_of(&q, tr, now).unwrap_err().len(), 1);
        let q = ListQuery {
            status: Some("open,pending".into()),
            start_date: Some("soon".into()),
            ..Default::default()
        };
        assert_eq!(filter_of(&q, tr, now).unwrap_err().len(), 2);
        let q = ListQuery {
            service_request_id: Some(" A , B ".into()),
            status: Some("nonsense".into()),
            ..Default::default()
        };
        assert_eq!(
            filter_of(&q, tr, now).unwrap().codes,
            Some(vec!["A".to_string(), "B".to_string()])
        );
    }
}
