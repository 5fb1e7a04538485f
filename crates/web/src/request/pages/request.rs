//! Service-request pages for staff: the list with its filters, staff intake, a request's page
//! with its timeline and one small form per action the caller may take, attachments, the
//! supervision list (督办) and the category dictionary.

use crate::error::{WebError, WebResult};
use crate::i18n::{Lang, Tr};
use crate::pages::{form_failure, page, parse_page, render, see_other, Errors, Layout, Me, Pager};
use crate::pages::{label_opts, Opt};
use crate::request::api::request::{
    category_names, take_in, RequestQuery, SupervisionQuery, STAFF_CHANNELS,
};
use crate::AppState;
use askama::Template;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Form;
use serde::Deserialize;
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::request::intake::{display_tracking_code, RequestInput, Urgency};
use touyan_domain::request::workflow::{ActionInput, PolicyInput, Rating, ACTIONS, STATES};
use touyan_storage::kit::files::Upload;
use touyan_storage::request::cards::SupervisionItem;
use touyan_storage::request::category::{CategoryInput, CategoryPatch, CategoryView};
use touyan_storage::request::{EventView, HandlingUnit, RequestDetail, RequestView};
use touyan_storage::{Scoped, StorageError};

pub fn routes() -> crate::routes::Routes {
    let upload = DefaultBodyLimit::max(crate::upload_guard::UPLOAD_LIMIT);
    crate::routes::Routes::new()
        .route("/requests", get(index).post(create))
        .route("/requests/new", get(new_form))
        .route("/requests/files/{fid}", get(download))
        .route("/requests/{id}", get(show))
        .route("/requests/{id}/act", post(act))
        .route("/requests/{id}/reply", post(reply).layer(upload))
        .route("/requests/{id}/files", post(upload_file).layer(upload))
        .route("/supervision", get(supervision))
        .route("/request-categories", get(categories).post(create_category))
        .route("/request-categories/{code}", post(update_category))
}

fn text(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

/// A page frame whose flash may be one of the `ok.*` notices.
fn layout(me: &Me, section: &str, title_key: &str, path: &str, flash: Option<&str>) -> Layout {
    Layout::new(&me.ctx, section, title_key, path).with_flash(flash)
}

/// What the templates of this module share: labels by prefix and code, categories by code.
pub struct Labels {
    tr: Tr,
    cats: HashMap<String, String>,
}

impl Labels {
    async fn load(s: Scoped<'_>, tr: Tr) -> WebResult<Labels> {
        Ok(Labels {
            tr,
            cats: category_names(s, tr).await?,
        })
    }

    pub fn of(&self, prefix: &str, code: &str) -> &'static str {
        self.tr.t(&format!("{prefix}.{code}"))
    }

    pub fn cat<'a>(&'a self, code: &'a str) -> &'a str {
        self.cats.get(code).map(String::as_str).unwrap_or(code)
    }

    pub fn code(&self, code: &str) -> String {
        display_tracking_code(code)
    }

    /// Working minutes as hours and minutes.
    pub fn overdue(&self, minutes: &i64) -> String {
        let h = (minutes / 60).to_string();
        let m = (minutes % 60).to_string();
        self.tr.tf("rq.overdue_for", &[("h", &h), ("m", &m)])
    }
}

fn category_opts(cats: &[CategoryView], lang: Lang, active_only: bool) -> Vec<Opt> {
    cats.iter()
        .filter(|c| c.active || !active_only)
        .map(|c| Opt {
            code: c.code.clone(),
            label: if lang == Lang::En {
                c.name_en.clone()
            } else {
                c.name_zh.clone()
            },
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// The list.

#[derive(Deserialize, Default)]
struct OkQ {
    ok: Option<String>,
}

#[derive(Template)]
#[template(path = "request/request_list.html")]
struct ListPage {
    l: Layout,
    lb: Labels,
    items: Vec<RequestView>,
    pager: Pager,
    q: RequestQuery,
    states: Vec<Opt>,
    categories: Vec<Opt>,
    channels: Vec<Opt>,
    cards: Vec<Opt>,
    can_create: bool,
    export_href: String,
}

impl ListPage {
    fn v(&self, field: &str) -> String {
        self.q
            .params()
            .into_iter()
            .find(|(k, _)| *k == field)
            .map(|(_, v)| v)
            .unwrap_or_default()
    }
}

fn all_states(tr: Tr) -> Vec<Opt> {
    let mut codes: Vec<&str> = vec!["open"];
    codes.extend(STATES.iter().map(|s| s.code));
    label_opts(tr, "rq.state", &codes)
}

fn all_channels(tr: Tr) -> Vec<Opt> {
    let codes: Vec<&str> = touyan_domain::request::intake::Channel::ALL
        .iter()
        .map(|c| c.code())
        .collect();
    label_opts(tr, "rq.channel", &codes)
}

/// May take requests in somewhere.
fn takes_in(me: &Me) -> bool {
    let g = &me.actor.grants;
    !g.scopes(Permission::RequestDispatch).is_empty()
        || !g.scopes(Permission::RequestHandle).is_empty()
}

async fn index(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<RequestQuery>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let req = parse_page(&q.page)?;
    let filter = q.filter()?;
    let p = s.requests().list(&filter, req).await?;
    let pager = Pager::new(req, p.total, &q.params());
    let export_href = match pager.base.trim_end_matches('&') {
        "" => "/api/v1/requests/export.xlsx".to_string(),
        b => format!("/api/v1/requests/export.xlsx?{b}"),
    };
    let cats = s.requests().categories().await?;
    Ok(page(&ListPage {
        l: layout(&me, "requests", "rq.title", "/requests", None),
        lb: Labels::load(s, tr).await?,
        items: p.items,
        pager,
        states: all_states(tr),
        categories: category_opts(&cats, tr.lang, false),
        channels: all_channels(tr),
        cards: label_opts(tr, "rq.card", &["yellow", "red"]),
        can_create: takes_in(&me),
        export_href,
        q,
    }))
}

// ---------------------------------------------------------------------------------------
// Intake.

#[derive(Deserialize, Default, Clone)]
struct NewForm {
    channel: Option<String>,
    category: Option<String>,
    node_id: Option<String>,
    address: Option<String>,
    description: Option<String>,
    contact_name: Option<String>,
    contact_phone: Option<String>,
    urgency: Option<String>,
    enterprise_name: Option<String>,
}

impl NewForm {
    fn get(&self, field: &str) -> String {
        text(match field {
            "channel" => &self.channel,
            "category" => &self.category,
            "node_id" => &self.node_id,
            "address" => &self.address,
            "description" => &self.description,
            "contact_name" => &self.contact_name,
            "contact_phone" => &self.contact_phone,
            "urgency" => &self.urgency,
            _ => &self.enterprise_name,
        })
    }
}

#[derive(Template)]
#[template(path = "request/request_new.html")]
struct NewPage {
    l: Layout,
    input: NewForm,
    errors: Errors,
    channels: Vec<Opt>,
    categories: Vec<Opt>,
    urgencies: Vec<Opt>,
}

impl NewPage {
    async fn new(s: Scoped<'_>, me: &Me, input: NewForm, errors: Errors) -> WebResult<NewPage> {
        let tr = me.ctx.tr();
        let channels: Vec<&str> = STAFF_CHANNELS.iter().map(|c| c.code()).collect();
        let urgencies: Vec<&str> = Urgency::ALL.iter().map(|u| u.code()).collect();
        let cats = s.requests().categories().await?;
        Ok(NewPage {
            l: layout(me, "requests", "rq.title_new", "/requests/new", None),
            input,
            errors,
            channels: label_opts(tr, "rq.channel", &channels),
            categories: category_opts(&cats, tr.lang, true),
            urgencies: label_opts(tr, "rq.urgency", &urgencies),
        })
    }

    fn val(&self, field: &str) -> String {
        self.input.get(field)
    }
}

async fn new_form(State(st): State<AppState>, me: Me) -> WebResult<Response> {
    if !takes_in(&me) {
        return Err(StorageError::Forbidden.into());
    }
    let input = NewForm {
        node_id: me.actor.home.as_ref().map(|(id, _)| id.to_string()),
        urgency: Some(Urgency::Normal.code().into()),
        ..Default::default()
    };
    let s = st.store.scoped(&me.actor);
    Ok(page(&NewPage::new(s, &me, input, Errors::default()).await?))
}

async fn create(State(st): State<AppState>, me: Me, Form(f): Form<NewForm>) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let node_id = match f
        .node_id
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        None => Ok(None),
        Some(t) => t.parse::<i64>().map(Some),
    };
    let r = match node_id {
        Ok(node_id) => {
            let input = RequestInput {
                channel: text(&f.channel),
                category: text(&f.category),
                node_id,
                address: text(&f.address),
                description: text(&f.description),
                contact_name: text(&f.contact_name),
                contact_phone: text(&f.contact_phone),
                urgency: text(&f.urgency),
                hotline_no: String::new(),
                enterprise_name: text(&f.enterprise_name),
            };
            take_in(s, &input).await
        }
        Err(_) => Err(StorageError::field("node_id", "err.number_invalid").into()),
    };
    match r {
        Ok(v) => Ok(see_other(&format!("/requests/{}?ok=ok.rq_created", v.id))),
        Err(e) => {
            let errors = form_failure(e, me.ctx.tr())?;
            let p = NewPage::new(s, &me, f, Errors(errors)).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
    }
}

// ---------------------------------------------------------------------------------------
// A request's page.

/// One line of the timeline as the page shows it.
pub struct Line {
    pub when: i64,
    pub action: &'static str,
    pub role: &'static str,
    pub actor: String,
    pub to_state: &'static str,
    pub node_name: Option<String>,
    pub note: Option<String>,
    /// What else the action carried: days, rating, solved, evidence.
    pub extra: Vec<String>,
    /// "Round n" for the rounds after a reopening.
    pub round: Option<String>,
    pub internal: bool,
}

fn line(tr: Tr, e: &EventView, files: &HashMap<i64, String>) -> Line {
    let mut extra = vec![];
    if let Some(d) = &e.detail {
        if let Some(n) = d.get("days").and_then(|v| v.as_u64()) {
            extra.push(format!("{}: {n}", tr.t("rq.col.days")));
        }
        if let Some(r) = d.get("rating").and_then(|v| v.as_str()) {
            extra.push(format!(
                "{}: {}",
                tr.t("rq.col.rating"),
                tr.t(&format!("rq.rating.{r}"))
            ));
        }
        if let Some(b) = d.get("solved").and_then(|v| v.as_bool()) {
            extra.push(
                tr.t(if b { "rq.solved_yes" } else { "rq.solved_no" })
                    .to_string(),
            );
        }
        if let Some(ev) = d.get("evidence").and_then(|v| v.as_array()) {
            let names: Vec<String> = ev
                .iter()
                .filter_map(|x| x.as_i64())
                .map(|id| files.get(&id).cloned().unwrap_or_else(|| format!("#{id}")))
                .collect();
            if !names.is_empty() {
                extra.push(format!("{}: {}", tr.t("rq.evidence"), names.join("、")));
            }
        }
    }
    Line {
        when: e.created_at,
        action: tr.t(&format!("rq.action.{}", e.action)),
        role: tr.t(&format!("rq.role.{}", e.role)),
        actor: e.actor_name.clone(),
        to_state: tr.t(&format!("rq.state.{}", e.to_state)),
        node_name: e.node_name.clone(),
        note: e.note.clone(),
        extra,
        round: (e.round > 1).then(|| tr.tf("rq.round", &[("n", &e.round.to_string())])),
        internal: !e.public,
    }
}

/// An action form as submitted (every field a string).
#[derive(Deserialize, Default, Clone)]
struct ActForm {
    action: Option<String>,
    reason: Option<String>,
    /// A unit of the dispatching chain, from the select.
    unit_id: Option<String>,
    /// A node of the caller's scope, from the picker.
    node_id: Option<String>,
    days: Option<String>,
    result: Option<String>,
    answer: Option<String>,
    rating: Option<String>,
    solved: Option<String>,
    /// Ids of files already attached, cited by a reply.
    evidence: Option<String>,
}

impl ActForm {
    fn get(&self, field: &str) -> String {
        text(match field {
            "action" => &self.action,
            "reason" => &self.reason,
            "unit_id" => &self.unit_id,
            "node_id" => &self.node_id,
            "days" => &self.days,
            "result" => &self.result,
            "answer" => &self.answer,
            "rating" => &self.rating,
            "solved" => &self.solved,
            _ => &self.evidence,
        })
    }

    fn input(&self) -> WebResult<ActionInput> {
        let id = |field: &str, v: &Option<String>| -> WebResult<Option<i64>> {
            match v.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                None => Ok(None),
                Some(t) => t
                    .parse::<i64>()
                    .map(Some)
                    .map_err(|_| StorageError::field(field, "err.number_invalid").into()),
            }
        };
        let node_id = match id("node_id", &self.unit_id)? {
            Some(n) => Some(n),
            None => id("node_id", &self.node_id)?,
        };
        let mut evidence = vec![];
        for part in text(&self.evidence).split(',') {
            if let Some(n) = id("evidence", &Some(part.to_string()))? {
                evidence.push(n);
            }
        }
        Ok(ActionInput {
            action: text(&self.action),
            reason: text(&self.reason),
            node_id,
            days: text(&self.days),
            result: text(&self.result),
            evidence,
            answer: text(&self.answer),
            rating: text(&self.rating),
            solved: match self.solved.as_deref().map(str::trim) {
                Some("yes") | Some("true") => Some(true),
                Some("no") | Some("false") => Some(false),
                _ => None,
            },
        })
    }
}

#[derive(Template)]
#[template(path = "request/request_detail.html")]
struct DetailPage {
    l: Layout,
    lb: Labels,
    d: RequestDetail,
    r: RequestView,
    lines: Vec<Line>,
    units: Vec<HandlingUnit>,
    ratings: Vec<Opt>,
    /// The action forms to show, in the order of the loop.
    actions: Vec<&'static str>,
    can_upload: bool,
    errors: Errors,
    /// The action whose form failed (`upload` for the file form).
    form: String,
    input: ActForm,
}

impl DetailPage {
    fn val(&self, form: &str, field: &str) -> String {
        if self.form == form {
            self.input.get(field)
        } else {
            String::new()
        }
    }

    fn err(&self, form: &str, field: &str) -> &str {
        if self.form == form {
            self.errors.get(field)
        } else {
            ""
        }
    }

    /// The error of a form the page does not show (an action the caller may not take now).
    fn stray(&self) -> String {
        if self.form.is_empty()
            || self.form == "upload"
            || self.actions.contains(&self.form.as_str())
        {
            return String::new();
        }
        [self.errors.form(), self.errors.get("action")]
            .into_iter()
            .filter(|e| !e.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn pending(&self, days: &i32) -> String {
        self.l
            .tr
            .tf("rq.pending_extension", &[("d", &days.to_string())])
    }

    fn is_image(&self, content_type: &str) -> bool {
        content_type.starts_with("image/")
    }

    fn size(&self, bytes: &i64) -> String {
        if *bytes >= 1024 * 1024 {
            format!("{:.1} MB", *bytes as f64 / 1024.0 / 1024.0)
        } else {
            format!("{} KB", (bytes + 1023) / 1024)
        }
    }
}

struct View {
    flash: Option<String>,
    errors: Errors,
    form: String,
    input: ActForm,
    status: StatusCode,
}

impl View {
    fn ok(flash: Option<String>) -> View {
        View {
            flash,
            errors: Errors::default(),
            form: String::new(),
            input: ActForm::default(),
            status: StatusCode::OK,
        }
    }
}

async fn render_detail(st: &AppState, me: &Me, id: i64, v: View) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let repo = s.requests();
    let d = repo.get(id).await?;
    let files: HashMap<i64, String> = d
        .files
        .iter()
        .map(|f| (f.id, f.file_name.clone()))
        .collect();
    let lines = d.events.iter().map(|e| line(tr, e, &files)).collect();
    let actions: Vec<&'static str> = ACTIONS
        .iter()
        .map(|a| a.code)
        .filter(|c| d.actions.iter().any(|x| x == c))
        .collect();
    let units = if actions.iter().any(|a| *a == "dispatch" || *a == "transfer") {
        repo.handling_units(id).await?
    } else {
        vec![]
    };
    let dispatches = !me
        .actor
        .grants
        .scopes(Permission::RequestDispatch)
        .is_empty();
    let handles = !me.actor.grants.scopes(Permission::RequestHandle).is_empty();
    let can_upload = (dispatches || handles)
        && d.request.state != "withdrawn"
        && (!d.actions.is_empty() || d.request.category_of_state == "closed");
    let ratings: Vec<&str> = Rating::ALL.iter().map(|r| r.code()).collect();
    let mut l = layout(
        me,
        "requests",
        "rq.details",
        &format!("/requests/{id}"),
        None,
    );
    l.flash = v.flash;
    l.title = display_tracking_code(&d.request.code);
    let p = DetailPage {
        l,
        lb: Labels::load(s, tr).await?,
        r: d.request.clone(),
        d,
        lines,
        units,
        ratings: label_opts(tr, "rq.rating", &ratings),
        actions,
        can_upload,
        errors: v.errors,
        form: v.form,
        input: v.input,
    };
    Ok(render(v.status, &p))
}

async fn show(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<OkQ>,
) -> WebResult<Response> {
    let tr = me.ctx.tr();
    let flash =
        q.ok.as_deref()
            .filter(|k| k.starts_with("ok."))
            .map(|k| tr.t(k).to_string());
    render_detail(&st, &me, id, View::ok(flash)).await
}

/// A failed action form: its errors beside its fields (422, or 409 when a rule refused it).
async fn failed(
    st: &AppState,
    me: &Me,
    id: i64,
    form: &str,
    input: ActForm,
    e: WebError,
) -> WebResult<Response> {
    let status = match &e {
        WebError::Storage(StorageError::Refused(_)) => StatusCode::CONFLICT,
        WebError::Storage(StorageError::Conflict(..)) => StatusCode::CONFLICT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let errors = form_failure(e, me.ctx.tr())?;
    let v = View {
        flash: None,
        errors: Errors(errors),
        form: form.to_string(),
        input,
        status,
    };
    render_detail(st, me, id, v).await
}

async fn act(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<ActForm>,
) -> WebResult<Response> {
    let form = text(&f.action);
    let r = match f.input() {
        Ok(input) => st
            .store
            .scoped(&me.actor)
            .requests()
            .act(id, &input)
            .await
            .map_err(WebError::from),
        Err(e) => Err(e),
    };
    match r {
        Ok(_) => Ok(see_other(&format!("/requests/{id}?ok=ok.rq_done"))),
        Err(e) => failed(&st, &me, id, &form, f, e).await,
    }
}

/// A multipart form's text fields and its `file` part (absent when no file was chosen).
async fn multipart_form(m: &mut Multipart) -> WebResult<(HashMap<String, String>, Option<Upload>)> {
    let mut fields = HashMap::new();
    let mut file = None;
    while let Some(field) = m
        .next_field()
        .await
        .map_err(|_| WebError::BadRequest("err.body_too_large"))?
    {
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            let file_name = field.file_name().unwrap_or("").to_string();
            let bytes = field
                .bytes()
                .await
                .map_err(|_| WebError::BadRequest("err.body_too_large"))?;
            if !bytes.is_empty() || !file_name.is_empty() {
                file = Some(Upload {
                    file_name,
                    bytes: bytes.to_vec(),
                });
            }
        } else {
            let v = field
                .text()
                .await
                .map_err(|_| WebError::BadRequest("err.body_too_large"))?;
            fields.insert(name, v);
        }
    }
    Ok((fields, file))
}

/// The reply form: the result, files already attached cited as evidence, and optionally a
/// new evidence file, all in one transaction.
async fn reply(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    mut m: Multipart,
) -> WebResult<Response> {
    let (fields, file) = multipart_form(&mut m).await?;
    let get = |k: &str| fields.get(k).cloned();
    let f = ActForm {
        action: Some("reply".into()),
        result: get("result"),
        evidence: {
            let v: Vec<String> = fields
                .iter()
                .filter(|(k, _)| k.starts_with("evidence_"))
                .map(|(k, _)| k.trim_start_matches("evidence_").to_string())
                .collect();
            Some(v.join(","))
        },
        ..Default::default()
    };
    let r = match f.input() {
        Ok(input) => st
            .store
            .scoped(&me.actor)
            .requests()
            .act_with(id, &input, file.as_ref())
            .await
            .map_err(WebError::from),
        Err(e) => Err(e),
    };
    match r {
        Ok(_) => Ok(see_other(&format!("/requests/{id}?ok=ok.rq_done"))),
        Err(e) => failed(&st, &me, id, "reply", f, e).await,
    }
}

async fn upload_file(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    mut m: Multipart,
) -> WebResult<Response> {
    let (_, file) = multipart_form(&mut m).await?;
    let r = match file {
        Some(up) => st
            .store
            .scoped(&me.actor)
            .requests()
            .attach(id, &up)
            .await
            .map_err(WebError::from),
        None => Err(StorageError::field("file", "err.rq_file_required").into()),
    };
    match r {
        Ok(_) => Ok(see_other(&format!("/requests/{id}?ok=ok.rq_uploaded"))),
        Err(e) => failed(&st, &me, id, "upload", ActForm::default(), e).await,
    }
}

/// A file of a request the caller sees. Images and PDFs open in the browser; anything else
/// downloads.
async fn download(State(st): State<AppState>, me: Me, Path(fid): Path<i64>) -> WebResult<Response> {
    let (f, bytes) = st.store.scoped(&me.actor).requests().file(fid).await?;
    let inline = f.content_type.starts_with("image/") || f.content_type == "application/pdf";
    let mut resp = if inline {
        bytes.into_response()
    } else {
        crate::xlsx::attachment(&f.file_name, bytes)
    };
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&f.content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=300"),
    );
    Ok(resp)
}

// ---------------------------------------------------------------------------------------
// Supervision.

#[derive(Template)]
#[template(path = "request/request_supervision.html")]
struct SupervisionPage {
    l: Layout,
    lb: Labels,
    items: Vec<SupervisionItem>,
    pager: Pager,
    under: String,
    card: String,
    finished: bool,
    cards: Vec<Opt>,
}

async fn supervision(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<SupervisionQuery>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let req = parse_page(&q.page)?;
    let f = q.filter()?;
    let p = s.requests().supervision(&f, req).await?;
    let params = vec![
        ("under", text(&q.under)),
        ("card", text(&q.card)),
        (
            "finished",
            if f.finished {
                "1".into()
            } else {
                String::new()
            },
        ),
    ];
    let pager = Pager::new(req, p.total, &params);
    Ok(page(&SupervisionPage {
        l: layout(
            &me,
            "supervision",
            "rq.title_supervision",
            "/supervision",
            None,
        ),
        lb: Labels::load(s, tr).await?,
        items: p.items,
        pager,
        under: params[0].1.clone(),
        card: params[1].1.clone(),
        finished: f.finished,
        cards: label_opts(tr, "rq.card", &["yellow", "red"]),
    }))
}

// ---------------------------------------------------------------------------------------
// Categories.

#[derive(Deserialize, Default, Clone)]
struct CatForm {
    code: Option<String>,
    name_zh: Option<String>,
    name_en: Option<String>,
    default_node_id: Option<String>,
    accept_within_hours: Option<String>,
    reply_within_days: Option<String>,
    follow_up_within_days: Option<String>,
    reopen_window_days: Option<String>,
    red_after_work_hours: Option<String>,
    sort_order: Option<String>,
    active: Option<String>,
}

impl CatForm {
    fn get(&self, field: &str) -> String {
        text(match field {
            "code" => &self.code,
            "name_zh" => &self.name_zh,
            "name_en" => &self.name_en,
            "default_node_id" => &self.default_node_id,
            "accept_within_hours" => &self.accept_within_hours,
            "reply_within_days" => &self.reply_within_days,
            "follow_up_within_days" => &self.follow_up_within_days,
            "reopen_window_days" => &self.reopen_window_days,
            "red_after_work_hours" => &self.red_after_work_hours,
            "sort_order" => &self.sort_order,
            _ => &self.active,
        })
    }

    fn of(c: &CategoryView) -> CatForm {
        let s = |v: i32| Some(v.to_string());
        CatForm {
            code: Some(c.code.clone()),
            name_zh: Some(c.name_zh.clone()),
            name_en: Some(c.name_en.clone()),
            default_node_id: c.default_node_id.map(|n| n.to_string()),
            accept_within_hours: s(c.accept_within_hours),
            reply_within_days: s(c.reply_within_days),
            follow_up_within_days: s(c.follow_up_within_days),
            reopen_window_days: s(c.reopen_window_days),
            red_after_work_hours: c.red_after_work_hours.map(|h| h.to_string()),
            sort_order: s(c.sort_order),
            active: c.active.then(|| "1".to_string()),
        }
    }

    /// The numbers the form gives besides the policy: the default unit and the order.
    fn ids(&self) -> WebResult<(Option<i64>, Option<i32>)> {
        let num = |field: &str, v: &Option<String>| -> WebResult<Option<i64>> {
            match v.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                None => Ok(None),
                Some(t) => t
                    .parse::<i64>()
                    .map(Some)
                    .map_err(|_| StorageError::field(field, "err.number_invalid").into()),
            }
        };
        let node = num("default_node_id", &self.default_node_id)?;
        let order = num("sort_order", &self.sort_order)?
            .map(|n| {
                i32::try_from(n)
                    .map_err(|_| StorageError::field("sort_order", "err.sort_order_range"))
            })
            .transpose()?;
        Ok((node, order))
    }

    fn policy(&self) -> PolicyInput {
        PolicyInput {
            accept_within_hours: text(&self.accept_within_hours),
            reply_within_days: text(&self.reply_within_days),
            follow_up_within_days: text(&self.follow_up_within_days),
            reopen_window_days: text(&self.reopen_window_days),
            red_after_work_hours: text(&self.red_after_work_hours),
        }
    }
}

/// One row of the dictionary with its edit form's values.
struct CatRow {
    c: CategoryView,
    f: CatForm,
}

#[derive(Template)]
#[template(path = "request/request_categories.html")]
struct CategoriesPage {
    l: Layout,
    rows: Vec<CatRow>,
    can_manage: bool,
    errors: Errors,
    /// The failed form: `new` or a category code.
    form: String,
    input: CatForm,
}

impl CategoriesPage {
    fn val(&self, form: &str, f: &CatForm, field: &str) -> String {
        if self.form == form {
            self.input.get(field)
        } else {
            f.get(field)
        }
    }

    fn err(&self, form: &str, field: &str) -> &str {
        if self.form == form {
            self.errors.get(field)
        } else {
            ""
        }
    }

    fn blank(&self) -> CatForm {
        CatForm {
            reopen_window_days: Some("7".into()),
            active: Some("1".into()),
            ..Default::default()
        }
    }
}

async fn render_categories(
    st: &AppState,
    me: &Me,
    flash: Option<&str>,
    form: &str,
    input: CatForm,
    errors: Errors,
    status: StatusCode,
) -> WebResult<Response> {
    let repo = st.store.scoped(&me.actor).requests();
    let rows = repo
        .categories()
        .await?
        .into_iter()
        .map(|c| CatRow {
            f: CatForm::of(&c),
            c,
        })
        .collect();
    let p = CategoriesPage {
        l: layout(
            me,
            "requests",
            "rq.title_categories",
            "/request-categories",
            flash,
        ),
        rows,
        can_manage: repo.can_manage_categories(),
        errors,
        form: form.to_string(),
        input,
    };
    Ok(render(status, &p))
}

async fn categories(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<OkQ>,
) -> WebResult<Response> {
    render_categories(
        &st,
        &me,
        q.ok.as_deref(),
        "",
        CatForm::default(),
        Errors::default(),
        StatusCode::OK,
    )
    .await
}

async fn cat_failed(
    st: &AppState,
    me: &Me,
    form: &str,
    f: CatForm,
    e: WebError,
) -> WebResult<Response> {
    let status = match &e {
        WebError::Storage(StorageError::Conflict(..)) => StatusCode::CONFLICT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let errors = form_failure(e, me.ctx.tr())?;
    render_categories(st, me, None, form, f, Errors(errors), status).await
}

async fn create_category(
    State(st): State<AppState>,
    me: Me,
    Form(f): Form<CatForm>,
) -> WebResult<Response> {
    let repo = st.store.scoped(&me.actor).requests();
    let r = match f.ids() {
        Ok((node, order)) => {
            let input = CategoryInput {
                name_zh: text(&f.name_zh),
                name_en: text(&f.name_en),
                default_node_id: node,
                policy: f.policy(),
                sort_order: order,
                active: f.active.is_some(),
            };
            repo.create_category(&text(&f.code), &input)
                .await
                .map_err(WebError::from)
        }
        Err(e) => Err(e),
    };
    match r {
        Ok(_) => Ok(see_other("/request-categories?ok=ok.rq_category_created")),
        Err(e) => cat_failed(&st, &me, "new", f, e).await,
    }
}

async fn update_category(
    State(st): State<AppState>,
    me: Me,
    Path(code): Path<String>,
    Form(f): Form<CatForm>,
) -> WebResult<Response> {
    let repo = st.store.scoped(&me.actor).requests();
    let r = match f.ids() {
        Ok((node, order)) => {
            let p = f.policy();
            let patch = CategoryPatch {
                name_zh: Some(text(&f.name_zh)),
                name_en: Some(text(&f.name_en)),
                default_node_id: Some(node),
                accept_within_hours: Some(p.accept_within_hours),
                reply_within_days: Some(p.reply_within_days),
                follow_up_within_days: Some(p.follow_up_within_days),
                reopen_window_days: Some(p.reopen_window_days),
                red_after_work_hours: Some(p.red_after_work_hours),
                sort_order: order,
                active: Some(f.active.is_some()),
            };
            repo.update_category(&code, &patch)
                .await
                .map_err(WebError::from)
        }
        Err(e) => Err(e),
    };
    match r {
        Ok(_) => Ok(see_other("/request-categories?ok=ok.rq_category_saved")),
        Err(e) => cat_failed(&st, &me, &code, f, e).await,
    }
}
