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
use touyan_domain::request::intake::{
    display_tracking_code, normalize_tracking_code, RequestInput,
};
use touyan_domain::request::workflow::{ActionInput, State as RState};
use touyan_domain::FieldErrors;
use touyan_storage::kit::files::Upload;
use touyan_storage::request::public::{
    PublicEvent, PublicLocation, PublicRequest, PublicSubmission, MAX_PHOTOS, MAX_PHOTO_BYTES,
};
use touyan_storage::StorageError;

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

// ---------------------------------------------------------------------------------------
// The form.

/// The form's fields as typed.
#[derive(Debug, Clone, Default)]
pub struct ReportForm {
    requester: String,
    enterprise_name: String,
    category: String,
    node_id: String,
    location_q: String,
    address: String,
    description: String,
    contact_name: String,
    contact_phone: String,
}

impl ReportForm {
    fn node(&self) -> Option<i64> {
        self.node_id.trim().parse().ok()
    }
}

#[derive(Template)]
#[template(path = "request/request_public_form.html")]
struct ReportPage {
    l: Layout,
    f: ReportForm,
    errors: Errors,
    /// Code and name in the page's language.
    categories: Vec<(String, String)>,
    locations: Vec<PublicLocation>,
    /// A search was made (so "nothing found" can be said).
    searched: bool,
    /// Photos were sent with a form that failed: they must be chosen again.
    photos_again: bool,
    /// Why nothing was taken: too many submissions from here.
    refused: Option<String>,
}

#[derive(Template)]
#[template(path = "request/request_public_locations.html")]
struct LocationOptions {
    l: Layout,
    f: ReportForm,
    locations: Vec<PublicLocation>,
    searched: bool,
}

struct ReportState {
    errors: Errors,
    photos_again: bool,
    refused: Option<String>,
}

async fn report_page(
    st: &AppState,
    ctx: &Ctx,
    f: ReportForm,
    s: ReportState,
) -> WebResult<ReportPage> {
    let en = ctx.lang == Lang::En;
    let categories = st
        .store
        .public_categories()
        .await?
        .into_iter()
        .map(|c| (c.code, if en { c.name_en } else { c.name_zh }))
        .collect();
    let (locations, searched) = locations_for(st, &f).await?;
    Ok(ReportPage {
        l: Layout::new(ctx, "", "rp.title.report", "/report"),
        f,
        errors: s.errors,
        categories,
        locations,
        searched,
        photos_again: s.photos_again,
        refused: s.refused,
    })
}

/// The chosen location (if any) and those matching the search box.
async fn locations_for(st: &AppState, f: &ReportForm) -> WebResult<(Vec<PublicLocation>, bool)> {
    let mut out = vec![];
    if let Some(id) = f.node() {
        out.extend(st.store.public_location(id).await?);
    }
    let q = f.location_q.trim();
    let searched = !q.is_empty();
    if searched {
        for loc in st.store.public_locations(q).await? {
            if !out.iter().any(|o| o.id == loc.id) {
                out.push(loc);
            }
        }
    }
    Ok((out, searched))
}

async fn report_form(State(st): State<AppState>, ctx: Ctx) -> WebResult<Response> {
    let f = ReportForm {
        requester: "resident".into(),
        ..Default::default()
    };
    let p = report_page(
        &st,
        &ctx,
        f,
        ReportState {
            errors: Errors::default(),
            photos_again: false,
            refused: None,
        },
    )
    .await?;
    Ok(page(&p))
}

#[derive(Debug, Deserialize)]
struct LocationQ {
    location_q: Option<String>,
}

/// The options of the location picker for what was typed (the form's search box, by htmx).
async fn location_options(
    State(st): State<AppState>,
    ctx: Ctx,
    Query(q): Query<LocationQ>,
) -> WebResult<Response> {
    let f = ReportForm {
        location_q: q.location_q.unwrap_or_default(),
        ..Default::default()
    };
    let tr = ctx.tr();
    if let Err(WebError::Throttled(s)) = limit(&st, &ctx, Bucket::Search) {
        // The fragment replaces the options, so the reason goes there, not to an error page.
        let msg = tr.tf("err.rp_too_many", &[("s", &s.to_string())]);
        return Ok(too_many(
            (
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                format!(
                    "<p class=\"error\" role=\"alert\">{}</p>",
                    msg.replace('&', "&amp;")
                        .replace('<', "&lt;")
                        .replace('>', "&gt;")
                ),
            )
                .into_response(),
            s,
        ));
    }
    let (locations, searched) = locations_for(&st, &f).await?;
    Ok(page(&LocationOptions {
        l: Layout::new(&ctx, "", "rp.title.report", "/report"),
        f,
        locations,
        searched,
    }))
}

/// Reads the multipart form: its fields, the photos (empty file inputs skipped), and whether
/// the location search button (for browsers without scripts) was pressed.
async fn read_report(m: &mut Multipart) -> WebResult<(ReportForm, Vec<Upload>, bool)> {
    let too_large = |_| WebError::BadRequest("err.body_too_large");
    let mut f = ReportForm::default();
    let mut photos = vec![];
    let mut find = false;
    while let Some(field) = m.next_field().await.map_err(too_large)? {
        let name = field.name().unwrap_or("").to_string();
        if name == "photos" {
            let file_name = field.file_name().unwrap_or("").to_string();
            let bytes = field.bytes().await.map_err(too_large)?;
            if !(file_name.is_empty() && bytes.is_empty()) {
                photos.push(Upload {
                    file_name,
                    bytes: bytes.to_vec(),
                });
            }
            continue;
        }
        let v = crate::input_guard::multipart_text(field, too_large).await?;
        match name.as_str() {
            "requester" => f.requester = v,
            "enterprise_name" => f.enterprise_name = v,
            "category" => f.category = v,
            "node_id" => f.node_id = v,
            "location_q" => f.location_q = v,
            "address" => f.address = v,
            "description" => f.description = v,
            "contact_name" => f.contact_name = v,
            "contact_phone" => f.contact_phone = v,
            "find" => find = true,
            _ => {}
        }
    }
    Ok((f, photos, find))
}

async fn report_submit(
    State(st): State<AppState>,
    ctx: Ctx,
    mut m: Multipart,
) -> WebResult<Response> {
    let tr = ctx.tr();
    let (f, photos, find) = read_report(&mut m).await?;
    let fresh = |errors, photos_again, refused| ReportState {
        errors,
        photos_again,
        refused,
    };
    if find {
        limit(&st, &ctx, Bucket::Search)?;
        let again = !photos.is_empty();
        let p = report_page(&st, &ctx, f, fresh(Errors::default(), again, None)).await?;
        return Ok(page(&p));
    }
    let slot = match limit(&st, &ctx, Bucket::Submit) {
        Ok(s) => s,
        Err(WebError::Throttled(s)) => {
            let msg = tr.tf("err.rp_too_many", &[("s", &s.to_string())]);
            let again = !photos.is_empty();
            let p = report_page(&st, &ctx, f, fresh(Errors::default(), again, Some(msg))).await?;
            return Ok(too_many(page(&p), s));
        }
        Err(e) => return Err(e),
    };
    let sub = PublicSubmission {
        requester: f.requester.clone(),
        input: RequestInput {
            category: f.category.clone(),
            node_id: f.node(),
            address: f.address.clone(),
            description: f.description.clone(),
            contact_name: f.contact_name.clone(),
            contact_phone: f.contact_phone.clone(),
            enterprise_name: f.enterprise_name.clone(),
            ..Default::default()
        },
        photos,
        ip: ctx.ip.clone(),
    };
    let again = !sub.photos.is_empty();
    let r = st.store.submit_public(&sub).await;
    refund(&st, slot, &r);
    match r {
        Ok(code) => Ok(see_other(&format!("/report/done/{code}"))),
        Err(StorageError::Invalid(fe)) => {
            let p = report_page(&st, &ctx, f, fresh(translated(&fe, tr), again, None)).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "request/request_public_done.html")]
struct DonePage {
    l: Layout,
    code: String,
    display_code: String,
}

/// The tracking code of a request just submitted.
async fn done(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> WebResult<Response> {
    limit(&st, &ctx, Bucket::Lookup)?;
    let p = st.store.track(&code).await?;
    Ok(page(&DonePage {
        l: Layout::new(
            &ctx,
            "",
            "rp.title.done",
            &format!("/report/done/{}", p.code),
        ),
        display_code: display_tracking_code(&p.code),
        code: p.code,
    }))
}

// ---------------------------------------------------------------------------------------
// Tracking.

#[derive(Template)]
#[template(path = "request/request_public_lookup.html")]
struct LookupPage {
    l: Layout,
    code: String,
    error: String,
}

#[derive(Debug, Deserialize)]
struct LookupQ {
    code: Option<String>,
}

/// The box to type a tracking code into; a code typed there opens its page.
async fn lookup(ctx: Ctx, Query(q): Query<LookupQ>) -> WebResult<Response> {
    let typed = q.code.unwrap_or_default();
    let mut error = String::new();
    if !typed.trim().is_empty() {
        match normalize_tracking_code(&typed) {
            Some(c) => return Ok(see_other(&format!("/track/{c}"))),
            None => error = ctx.tr().t("err.rp_code_format").to_string(),
        }
    }
    let p = LookupPage {
        l: Layout::new(&ctx, "", "rp.title.lookup", "/track"),
        code: typed,
        error,
    };
    Ok(if p.error.is_empty() {
        page(&p)
    } else {
        render(StatusCode::UNPROCESSABLE_ENTITY, &p)
    })
}

#[derive(Template)]
#[template(path = "request/request_public_track.html")]
struct TrackPage {
    l: Layout,
    p: PublicRequest,
    display_code: String,
    /// The form that failed (`rating`, `reopen`, `withdraw`) and its errors and values.
    form: String,
    errors: Errors,
    input: BTreeMap<String, String>,
    /// What the last action did, said once after it.
    notice: Option<String>,
}

impl TrackPage {
    fn en(&self) -> bool {
        self.l.tr.lang == Lang::En
    }

    fn state_label(&self) -> &'static str {
        match RState::from_code(&self.p.state) {
            Some(s) if self.en() => s.def().en,
            Some(s) => s.def().zh,
            None => "",
        }
    }

    fn category_name(&self) -> &str {
        if self.en() {
            &self.p.category_name_en
        } else {
            &self.p.category_name_zh
        }
    }

    fn event_label(&self, e: &PublicEvent) -> String {
        let tr = self.l.tr;
        let key = format!("rp.event.{}", e.action);
        match (&e.node_name, e.action.as_str()) {
            (Some(n), "dispatch" | "transfer") => tr.tf(&key, &[("unit", n)]),
            _ => tr.tf(&key, &[("unit", "")]),
        }
    }

    fn rating_label(&self, code: &str) -> &'static str {
        self.l.t(&format!("rp.rating.{code}"))
    }

    fn has(&self, action: &str) -> bool {
        self.p.actions.iter().any(|a| a == action)
    }

    fn val(&self, form: &str, field: &str) -> &str {
        if self.form == form {
            self.input.get(field).map(String::as_str).unwrap_or("")
        } else {
            ""
        }
    }

    fn err(&self, form: &str, field: &str) -> &str {
        if self.form == form {
            self.errors.get(field)
        } else {
            ""
        }
    }
}

fn track_view(ctx: &Ctx, p: PublicRequest) -> TrackPage {
    let mut l = Layout::new(ctx, "", "rp.title.track", &format!("/track/{}", p.code));
    l.title = format!("{} {}", l.title, display_tracking_code(&p.code));
    TrackPage {
        l,
        display_code: display_tracking_code(&p.code),
        p,
        form: String::new(),
        errors: Errors::default(),
        input: BTreeMap::new(),
        notice: None,
    }
}

#[derive(Debug, Deserialize)]
struct TrackQ {
    done: Option<String>,
}

/// A lookup refused for too many from this address, as a page.
fn lookup_refused(ctx: &Ctx, secs: i64) -> Response {
    let p = LookupPage {
        l: Layout::new(ctx, "", "rp.title.lookup", "/track"),
        code: String::new(),
        error: ctx.tr().tf("err.rp_too_many", &[("s", &secs.to_string())]),
    };
    too_many(page(&p), secs)
}

async fn track_page(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<TrackQ>,
) -> WebResult<Response> {
    if let Err(WebError::Throttled(s)) = limit(&st, &ctx, Bucket::Lookup) {
        return Ok(lookup_refused(&ctx, s));
    }
    let p = st.store.track(&code).await?;
    if p.code != code {
        // Typed by hand: the page lives at the code as stored.
        return Ok(see_other(&format!("/track/{}", p.code)));
    }
    let mut view = track_view(&ctx, p);
    view.notice = match q.done.as_deref() {
        Some(d @ ("rated" | "reopened" | "withdrawn")) => {
            Some(ctx.tr().t(&format!("rp.done.{d}")).to_string())
        }
        _ => None,
    };
    Ok(page(&view))
}

#[derive(Debug, Deserialize)]
struct ActForm {
    rating: Option<String>,
    comment: Option<String>,
    reason: Option<String>,
}

/// One of the complainant's actions from the tracking page; back to the page with what it
/// did, or the page again with the errors.
async fn act(st: AppState, ctx: Ctx, code: String, form: &str, f: ActForm) -> WebResult<Response> {
    let tr = ctx.tr();
    let input = match form {
        "rating" => ActionInput {
            action: "rate".into(),
            rating: f.rating.clone().unwrap_or_default(),
            reason: f.comment.clone().unwrap_or_default(),
            ..Default::default()
        },
        other => ActionInput {
            action: other.into(),
            reason: f.reason.clone().unwrap_or_default(),
            ..Default::default()
        },
    };
    let slot = match limit(&st, &ctx, Bucket::Act) {
        Ok(s) => s,
        Err(WebError::Throttled(s)) => {
            let p = st.store.track(&code).await?;
            let mut view = track_view(&ctx, p);
            view.form = form.into();
            view.errors.0.insert(
                "_form".into(),
                tr.tf("err.rp_too_many", &[("s", &s.to_string())]),
            );
            return Ok(too_many(page(&view), s));
        }
        Err(e) => return Err(e),
    };
    let r = st.store.act_public(&code, &input, ctx.ip.clone()).await;
    refund(&st, slot, &r);
    let (status, errors) = match r {
        Ok((p, reopened)) => {
            let done = match form {
                _ if reopened => "reopened",
                "withdraw" => "withdrawn",
                _ => "rated",
            };
            return Ok(see_other(&format!("/track/{}?done={done}", p.code)));
        }
        Err(StorageError::Invalid(fe)) => (StatusCode::UNPROCESSABLE_ENTITY, translated(&fe, tr)),
        Err(StorageError::Refused(k)) => (
            StatusCode::CONFLICT,
            Errors([("_form".to_string(), tr.t(k).to_string())].into()),
        ),
        Err(e) => return Err(e.into()),
    };
    let p = st.store.track(&code).await?;
    let mut view = track_view(&ctx, p);
    view.form = form.into();
    view.errors = errors;
    for (k, v) in [
        ("rating", f.rating),
        ("comment", f.comment),
        ("reason", f.reason),
    ] {
        if let Some(v) = v {
            view.input.insert(k.into(), v);
        }
    }
    Ok(render(status, &view))
}

async fn rate(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Form(f): Form<ActForm>,
) -> WebResult<Response> {
    act(st, ctx, code, "rating", f).await
}

async fn reopen(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Form(f): Form<ActForm>,
) -> WebResult<Response> {
    act(st, ctx, code, "reopen", f).await
}

async fn withdraw(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Form(f): Form<ActForm>,
) -> WebResult<Response> {
    act(st, ctx, code, "withdraw", f).await
}

/// A photo sent with the request.
async fn photo(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((code, id)): Path<(String, i64)>,
) -> WebResult<Response> {
    limit(&st, &ctx, Bucket::Lookup)?;
    let (ct, bytes) = st.store.public_file(&code, id).await?;
    let mut resp = bytes.into_response();
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&ct) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=3600"),
    );
    Ok(resp)
}
