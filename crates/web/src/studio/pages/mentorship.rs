//! The mentorship (名师帮带) and training (学习培训) tabs of a studio's page: the list of
//! mentorships with a form for a new pair or group, each mentorship's page (sessions,
//! outcomes, the closing evaluation), and the training sessions with their materials.

use crate::error::{WebError, WebResult};
use crate::i18n::Tr;
use crate::pages::Opt;
use crate::pages::{form_failure, parse_page, render, see_other, Errors, Layout, Me, Pager};
use crate::studio::pages::studio::StudioHead;
use crate::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;
use touyan_domain::files::MAX_FILE_BYTES;
use touyan_domain::studio::mentorship::{
    ApprenticeInput, MentorshipInput, TrainingInput, GRADES, OUTCOME_KINDS, SHAPES, TIERS,
};
use touyan_storage::kit::files::Upload;
use touyan_storage::kit::today;
use touyan_storage::studio::mentorship::{
    MentorshipCounts, MentorshipFilter, MentorshipPatch, MentorshipView, TrainingView,
};
use touyan_storage::{Scoped, StorageError};

/// A new training session may carry several materials at once.
const TRAINING_FORM_LIMIT: usize = crate::upload_guard::IMPORT_LIMIT;
/// One material, plus room for the form's other parts.
const MATERIAL_FORM_LIMIT: usize = MAX_FILE_BYTES + 64 * 1024;

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route(
            "/studios/{id}/mentorships",
            get(list_page).post(create_mentorship),
        )
        .route(
            "/studios/{id}/mentorships/{mid}",
            get(detail_page).post(update_mentorship),
        )
        .route(
            "/studios/{id}/mentorships/{mid}/delete",
            post(delete_mentorship),
        )
        .route(
            "/studios/{id}/mentorships/{mid}/sessions",
            post(add_session),
        )
        .route(
            "/studios/{id}/mentorships/{mid}/sessions/{rid}/delete",
            post(delete_session),
        )
        .route("/studios/{id}/mentorships/{mid}/close", post(close))
        .route(
            "/studios/{id}/mentorships/{mid}/outcomes",
            post(add_outcome),
        )
        .route(
            "/studios/{id}/mentorships/{mid}/outcomes/{oid}/delete",
            post(delete_outcome),
        )
        .route(
            "/studios/{id}/training",
            get(training_page)
                .post(create_training)
                .layer(DefaultBodyLimit::max(TRAINING_FORM_LIMIT)),
        )
        .route(
            "/studios/{id}/training/{tid}/materials",
            post(add_material).layer(DefaultBodyLimit::max(MATERIAL_FORM_LIMIT)),
        )
        .route("/studios/{id}/training/{tid}/delete", post(delete_training))
}

fn opts(tr: Tr, prefix: &str, codes: &[&str]) -> Vec<Opt> {
    codes
        .iter()
        .map(|c| Opt {
            code: c.to_string(),
            label: tr.t(&format!("{prefix}{c}")).to_string(),
        })
        .collect()
}

/// A form's fields as typed, in order (a field may repeat, like the apprentices picked).
#[derive(Default)]
pub struct Vals(Vec<(String, String)>);

impl Vals {
    fn parse(body: &[u8]) -> Vals {
        Vals(
            form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    pub fn val(&self, field: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == field)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    fn all(&self, field: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == field)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    fn has(&self, field: &str, value: &str) -> bool {
        self.0.iter().any(|(k, v)| k == field && v == value)
    }

    fn checked(&self, field: &str) -> bool {
        matches!(self.val(field), "on" | "true" | "1")
    }

    fn id(&self, field: &str) -> Result<Option<i64>, WebError> {
        crate::pages::opt_id(field, &Some(self.val(field).to_string()))
    }

    fn set(&mut self, field: &str, value: String) {
        self.0.push((field.to_string(), value));
    }
}

fn layout(me: &Me, title_key: &str, path: &str, flash: Option<&str>) -> Layout {
    Layout::new(&me.ctx, "studios", title_key, path).with_flash(flash)
}

#[derive(Deserialize, Default)]
struct ListQ {
    ok: Option<String>,
    page: Option<String>,
    state: Option<String>,
}

/// Current members of the studio, to pick the mentor and apprentices from.
async fn member_opts(s: Scoped<'_>, tr: Tr, studio_id: i64) -> WebResult<Vec<Opt>> {
    let today = today();
    Ok(s.studios()
        .members(studio_id)
        .await?
        .into_iter()
        .filter(|m| m.left_on.is_none_or(|d| d > today))
        .map(|m| Opt {
            code: m.person_id.to_string(),
            label: format!(
                "{}（{}）",
                m.person_name,
                tr.t(&format!("studio.role.{}", m.role))
            ),
        })
        .collect())
}

// ---- the list and the new-mentorship form

#[derive(Template)]
#[template(path = "studio/mentorships.html")]
struct ListPage {
    l: Layout,
    head: StudioHead,
    items: Vec<MentorshipView>,
    pager: Pager,
    list_path: String,
    state: String,
    counts: MentorshipCounts,
    export_href: String,
    members: Vec<Opt>,
    shapes: Vec<Opt>,
    tiers: Vec<Opt>,
    f: Vals,
    errors: Errors,
    /// Errors about the apprentices (the list, or one of them by name).
    apprentice_errors: Vec<String>,
}

impl ListPage {
    fn shape_label(&self, code: &str) -> &'static str {
        self.l.t(&format!("ment.shape_{code}"))
    }
    fn grade_label(&self, g: &Option<String>) -> &'static str {
        match g {
            Some(g) => self.l.t(&format!("ment.grade_{g}")),
            None => "",
        }
    }
    fn picked(&self, pid: &str) -> bool {
        self.f.has("apprentice", pid)
    }
    fn tier_is(&self, pid: &str, tier: &str) -> bool {
        match self.f.val(&format!("tier_{pid}")) {
            "" => tier == "other",
            t => t == tier,
        }
    }
    fn names(&self, m: &MentorshipView) -> String {
        m.apprentices
            .iter()
            .map(|a| a.person_name.as_str())
            .collect::<Vec<_>>()
            .join("、")
    }
}

async fn render_list(
    st: &AppState,
    me: &Me,
    id: i64,
    q: ListQ,
    failed: Option<(Vals, Errors, Vec<String>)>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let head = StudioHead::load(s, tr, id, "mentorships").await?;
    let req = parse_page(&q.page)?;
    let state = q.state.unwrap_or_default();
    let repo = s.studio_mentorships();
    let filter = MentorshipFilter {
        state: Some(state.clone()).filter(|s| !s.is_empty()),
        person: None,
    };
    let list = repo.list(id, &filter, req).await?;
    let members = if head.open {
        member_opts(s, tr, id).await?
    } else {
        vec![]
    };
    let (status, f, errors, apprentice_errors) = match failed {
        Some((f, e, a)) => (StatusCode::UNPROCESSABLE_ENTITY, f, e, a),
        None => {
            let mut f = Vals::default();
            f.set("started_on", today().to_string());
            (StatusCode::OK, f, Errors::default(), vec![])
        }
    };
    let p = ListPage {
        l: layout(
            me,
            "ment.title_list",
            &format!("/studios/{id}/mentorships"),
            q.ok.as_deref(),
        ),
        pager: Pager::new(req, list.total, &[("state", state.clone())]),
        items: list.items,
        list_path: format!("/studios/{id}/mentorships"),
        state,
        counts: repo.counts(id).await?,
        export_href: format!("/api/v1/studios/{id}/mentorships/export.xlsx"),
        members,
        shapes: opts(tr, "ment.shape_", &SHAPES),
        tiers: opts(tr, "ment.tier_", &TIERS),
        f,
        errors,
        apprentice_errors,
        head,
    };
    Ok(render(status, &p))
}

async fn list_page(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<ListQ>,
) -> WebResult<Response> {
    render_list(&st, &me, id, q, None).await
}

/// The mentorship a new-mentorship form describes; apprentices are the ticked members, each
/// with the tier chosen beside them.
fn mentorship_input(f: &Vals) -> Result<MentorshipInput, WebError> {
    let mut apprentices = vec![];
    for (i, v) in f.all("apprentice").into_iter().enumerate() {
        let pid = v.trim().parse::<i64>().map_err(|_| {
            StorageError::field(&format!("apprentices.{i}.person_id"), "err.number_invalid")
        })?;
        apprentices.push(ApprenticeInput {
            person_id: Some(pid),
            tier: f.val(&format!("tier_{pid}")).to_string(),
        });
    }
    Ok(MentorshipInput {
        title: f.val("title").to_string(),
        mentor_id: f.id("mentor_id")?,
        shape: f.val("shape").to_string(),
        apprentices,
        started_on: f.val("started_on").to_string(),
        goals: f.val("goals").to_string(),
        plan: f.val("plan").to_string(),
        planned_end_on: f.val("planned_end_on").to_string(),
    })
}

/// Messages about the apprentices, naming the one each is about.
fn apprentice_errors(errors: &Errors, f: &Vals, names: &[Opt]) -> Vec<String> {
    let picked = f.all("apprentice");
    errors
        .0
        .iter()
        .filter(|(k, _)| k.starts_with("apprentices"))
        .map(|(k, msg)| {
            let who = k
                .split('.')
                .nth(1)
                .and_then(|i| i.parse::<usize>().ok())
                .and_then(|i| picked.get(i))
                .and_then(|pid| names.iter().find(|o| o.code == *pid))
                .map(|o| o.label.clone());
            match who {
                Some(w) => format!("{w}：{msg}"),
                None => msg.clone(),
            }
        })
        .collect()
}

async fn create_mentorship(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    body: Bytes,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let f = Vals::parse(&body);
    let r = async {
        let input = mentorship_input(&f)?;
        Ok::<_, WebError>(s.studio_mentorships().create(id, &input).await?)
    }
    .await;
    match r {
        Ok(m) => Ok(see_other(&format!(
            "/studios/{id}/mentorships/{}?ok=ok.ment_created",
            m.id
        ))),
        Err(e) => {
            let tr = me.ctx.tr();
            let errors = Errors(form_failure(e, tr)?);
            let names = member_opts(s, tr, id).await?;
            let a = apprentice_errors(&errors, &f, &names);
            render_list(&st, &me, id, ListQ::default(), Some((f, errors, a))).await
        }
    }
}

// ---- one mentorship

#[derive(Template)]
#[template(path = "studio/mentorship.html")]
struct DetailPage {
    l: Layout,
    head: StudioHead,
    m: MentorshipView,
    /// Sessions may be added: the studio takes records and the mentorship is not closed.
    session_open: bool,
    apprentices: Vec<Opt>,
    grades: Vec<Opt>,
    kinds: Vec<Opt>,
    /// Which form failed: `edit`, `session`, `outcome` or `close`.
    form: &'static str,
    f: Vals,
    errors: Errors,
}

impl DetailPage {
    fn shape_label(&self, code: &str) -> &'static str {
        self.l.t(&format!("ment.shape_{code}"))
    }
    fn tier_label(&self, code: &str) -> &'static str {
        self.l.t(&format!("ment.tier_{code}"))
    }
    fn kind_label(&self, code: &str) -> &'static str {
        self.l.t(&format!("ment.outcome_{code}"))
    }
    fn closed_note(&self) -> String {
        match (&self.m.closed_on, &self.m.grade) {
            (Some(on), Some(g)) => self.l.tr.tf(
                "ment.closed_note",
                &[
                    ("on", &on.to_string()),
                    ("grade", self.l.t(&format!("ment.grade_{g}"))),
                ],
            ),
            _ => String::new(),
        }
    }
    /// A form field's value: as typed when that form failed, else the default given.
    fn v(&self, form: &str, field: &str, default: &str) -> String {
        if self.form == form {
            self.f.val(field).to_string()
        } else {
            default.to_string()
        }
    }
    fn sel(&self, form: &str, field: &str, code: &str) -> bool {
        self.form == form && self.f.val(field) == code
    }
}

fn edit_vals(m: &MentorshipView) -> Vals {
    let mut f = Vals::default();
    f.set("title", m.title.clone());
    f.set("started_on", m.started_on.to_string());
    f.set(
        "planned_end_on",
        m.planned_end_on.map(|d| d.to_string()).unwrap_or_default(),
    );
    f.set("goals", m.goals.clone());
    f.set("plan", m.plan.clone().unwrap_or_default());
    f
}

async fn render_detail(
    st: &AppState,
    me: &Me,
    (id, mid): (i64, i64),
    flash: Option<&str>,
    failed: Option<(&'static str, Vals, Errors)>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let head = StudioHead::load(s, tr, id, "mentorships").await?;
    let m = s.studio_mentorships().get(id, mid).await?;
    let (status, form, f, errors) = match failed {
        Some((form, f, e)) => (StatusCode::UNPROCESSABLE_ENTITY, form, f, e),
        None => (StatusCode::OK, "", edit_vals(&m), Errors::default()),
    };
    let p = DetailPage {
        l: layout(
            me,
            "ment.detail",
            &format!("/studios/{id}/mentorships/{mid}"),
            flash,
        ),
        session_open: head.open && m.closed_on.is_none(),
        apprentices: m
            .apprentices
            .iter()
            .map(|a| Opt {
                code: a.person_id.to_string(),
                label: a.person_name.clone(),
            })
            .collect(),
        grades: opts(tr, "ment.grade_", &GRADES),
        kinds: opts(tr, "ment.outcome_", &OUTCOME_KINDS),
        form,
        f,
        errors,
        head,
        m,
    };
    Ok(render(status, &p))
}

#[derive(Deserialize, Default)]
struct OkQ {
    ok: Option<String>,
}

async fn detail_page(
    State(st): State<AppState>,
    me: Me,
    Path((id, mid)): Path<(i64, i64)>,
    Query(q): Query<OkQ>,
) -> WebResult<Response> {
    render_detail(&st, &me, (id, mid), q.ok.as_deref(), None).await
}

/// Back to the mentorship with a notice, or its page again with the failed form's errors.
async fn detail_done<T>(
    st: &AppState,
    me: &Me,
    ids: (i64, i64),
    r: WebResult<T>,
    ok: &str,
    form: &'static str,
    f: Vals,
) -> WebResult<Response> {
    match r {
        Ok(_) => Ok(see_other(&format!(
            "/studios/{}/mentorships/{}?ok={ok}",
            ids.0, ids.1
        ))),
        Err(e) => {
            let errors = Errors(form_failure(e, me.ctx.tr())?);
            render_detail(st, me, ids, None, Some((form, f, errors))).await
        }
    }
}

async fn update_mentorship(
    State(st): State<AppState>,
    me: Me,
    Path(ids): Path<(i64, i64)>,
    body: Bytes,
) -> WebResult<Response> {
    let f = Vals::parse(&body);
    let patch = MentorshipPatch {
        title: Some(f.val("title").to_string()),
        started_on: Some(f.val("started_on").to_string()),
        planned_end_on: Some(f.val("planned_end_on").to_string()),
        goals: Some(f.val("goals").to_string()),
        plan: Some(f.val("plan").to_string()),
        ..MentorshipPatch::default()
    };
    let r = st
        .store
        .scoped(&me.actor)
        .studio_mentorships()
        .update(ids.0, ids.1, patch)
        .await
        .map_err(WebError::from);
    detail_done(&st, &me, ids, r, "ok.ment_saved", "edit", f).await
}

async fn delete_mentorship(
    State(st): State<AppState>,
    me: Me,
    Path((id, mid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    let r = st
        .store
        .scoped(&me.actor)
        .studio_mentorships()
        .delete(id, mid)
        .await
        .map_err(WebError::from);
    match r {
        Ok(()) => Ok(see_other(&format!(
            "/studios/{id}/mentorships?ok=ok.ment_deleted"
        ))),
        Err(e) => {
            let errors = Errors(form_failure(e, me.ctx.tr())?);
            render_detail(
                &st,
                &me,
                (id, mid),
                None,
                Some(("", Vals::default(), errors)),
            )
            .await
        }
    }
}

async fn add_session(
    State(st): State<AppState>,
    me: Me,
    Path(ids): Path<(i64, i64)>,
    body: Bytes,
) -> WebResult<Response> {
    let f = Vals::parse(&body);
    let r = st
        .store
        .scoped(&me.actor)
        .studio_mentorships()
        .add_session(
            ids.0,
            ids.1,
            f.val("held_on"),
            f.val("content"),
            f.val("hours"),
        )
        .await
        .map_err(WebError::from);
    detail_done(&st, &me, ids, r, "ok.ment_session_added", "session", f).await
}

async fn delete_session(
    State(st): State<AppState>,
    me: Me,
    Path((id, mid, rid)): Path<(i64, i64, i64)>,
) -> WebResult<Response> {
    let r = st
        .store
        .scoped(&me.actor)
        .studio_mentorships()
        .delete_session(id, mid, rid)
        .await
        .map_err(WebError::from);
    let f = Vals::default();
    detail_done(&st, &me, (id, mid), r, "ok.ment_session_deleted", "", f).await
}

async fn close(
    State(st): State<AppState>,
    me: Me,
    Path(ids): Path<(i64, i64)>,
    body: Bytes,
) -> WebResult<Response> {
    let f = Vals::parse(&body);
    let r = st
        .store
        .scoped(&me.actor)
        .studio_mentorships()
        .close(
            ids.0,
            ids.1,
            f.val("closed_on"),
            f.val("grade"),
            f.val("comment"),
        )
        .await
        .map_err(WebError::from);
    detail_done(&st, &me, ids, r, "ok.ment_closed", "close", f).await
}

async fn add_outcome(
    State(st): State<AppState>,
    me: Me,
    Path(ids): Path<(i64, i64)>,
    body: Bytes,
) -> WebResult<Response> {
    let f = Vals::parse(&body);
    let r = async {
        let person = f.id("person_id")?;
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .studio_mentorships()
                .add_outcome(
                    ids.0,
                    ids.1,
                    person,
                    f.val("kind"),
                    f.val("achieved_on"),
                    f.val("description"),
                )
                .await?,
        )
    }
    .await;
    detail_done(&st, &me, ids, r, "ok.ment_outcome_added", "outcome", f).await
}

async fn delete_outcome(
    State(st): State<AppState>,
    me: Me,
    Path((id, mid, oid)): Path<(i64, i64, i64)>,
) -> WebResult<Response> {
    let r = st
        .store
        .scoped(&me.actor)
        .studio_mentorships()
        .delete_outcome(id, mid, oid)
        .await
        .map_err(WebError::from);
    let f = Vals::default();
    detail_done(&st, &me, (id, mid), r, "ok.ment_outcome_deleted", "", f).await
}

// ---- training sessions

#[derive(Template)]
#[template(path = "studio/training.html")]
struct TrainingPage {
    l: Layout,
    head: StudioHead,
    items: Vec<TrainingView>,
    pager: Pager,
    list_path: String,
    counts: MentorshipCounts,
    /// Which form failed: `new`, or `material-{id}`.
    form: String,
    f: Vals,
    errors: Errors,
}

impl TrainingPage {
    fn rate(&self, r: &f64) -> String {
        format!("{r:.1}%")
    }
    fn size(&self, bytes: &i64) -> String {
        if *bytes >= 1024 * 1024 {
            format!("{:.1} MB", *bytes as f64 / (1024.0 * 1024.0))
        } else {
            format!("{} KB", (*bytes + 1023) / 1024)
        }
    }
    fn material_error(&self, id: &i64) -> &str {
        if self.form == format!("material-{id}") {
            self.errors.get("file")
        } else {
            ""
        }
    }
    fn new_error(&self, field: &str) -> &str {
        if self.form == "new" {
            self.errors.get(field)
        } else {
            ""
        }
    }
}

async fn render_training(
    st: &AppState,
    me: &Me,
    id: i64,
    q: ListQ,
    failed: Option<(String, Vals, Errors)>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let head = StudioHead::load(s, tr, id, "training").await?;
    let req = parse_page(&q.page)?;
    let list = s.studio_training().list(id, req).await?;
    let (status, form, f, errors) = match failed {
        Some((form, f, e)) => (StatusCode::UNPROCESSABLE_ENTITY, form, f, e),
        None => {
            let mut f = Vals::default();
            f.set("held_on", today().to_string());
            (StatusCode::OK, String::new(), f, Errors::default())
        }
    };
    let p = TrainingPage {
        l: layout(
            me,
            "train.title_list",
            &format!("/studios/{id}/training"),
            q.ok.as_deref(),
        ),
        pager: Pager::new(req, list.total, &[]),
        list_path: format!("/studios/{id}/training"),
        items: list.items,
        counts: s.studio_mentorships().counts(id).await?,
        form,
        f,
        errors,
        head,
    };
    Ok(render(status, &p))
}

async fn training_page(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<ListQ>,
) -> WebResult<Response> {
    render_training(&st, &me, id, q, None).await
}

/// The text parts of a multipart page form, and its files named `file_field` (an empty
/// file input sends a part with no name and no bytes: skipped).
async fn multipart_form(m: &mut Multipart, file_field: &str) -> WebResult<(Vals, Vec<Upload>)> {
    let bad = |_| WebError::BadRequest("err.body_too_large");
    let mut vals = Vals::default();
    let mut files = vec![];
    while let Some(field) = m.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or("").to_string();
        if name == file_field {
            let file_name = field.file_name().unwrap_or("").to_string();
            let bytes = field.bytes().await.map_err(bad)?;
            if !(file_name.is_empty() && bytes.is_empty()) {
                files.push(Upload {
                    file_name,
                    bytes: bytes.to_vec(),
                });
            }
        } else {
            let text = crate::input_guard::multipart_text(field, bad).await?;
            vals.set(&name, text);
        }
    }
    Ok((vals, files))
}

async fn create_training(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    mut m: Multipart,
) -> WebResult<Response> {
    let (f, files) = multipart_form(&mut m, "materials").await?;
    let input = TrainingInput {
        topic: f.val("topic").to_string(),
        held_on: f.val("held_on").to_string(),
        expected: f.val("expected").to_string(),
        attended: f.val("attended").to_string(),
        place: f.val("place").to_string(),
        summary: f.val("summary").to_string(),
        shared: f.checked("shared"),
    };
    let r = st
        .store
        .scoped(&me.actor)
        .studio_training()
        .create(id, &input, &files)
        .await;
    match r {
        Ok(_) => Ok(see_other(&format!(
            "/studios/{id}/training?ok=ok.train_created"
        ))),
        Err(e) => {
            let errors = Errors(form_failure(e.into(), me.ctx.tr())?);
            render_training(
                &st,
                &me,
                id,
                ListQ::default(),
                Some(("new".into(), f, errors)),
            )
            .await
        }
    }
}

async fn add_material(
    State(st): State<AppState>,
    me: Me,
    Path((id, tid)): Path<(i64, i64)>,
    mut m: Multipart,
) -> WebResult<Response> {
    let (_, mut files) = multipart_form(&mut m, "file").await?;
    let r = match files.pop() {
        None => Err(WebError::from(StorageError::field(
            "file",
            "err.file_missing",
        ))),
        Some(up) => st
            .store
            .scoped(&me.actor)
            .studio_training()
            .add_material(id, tid, &up)
            .await
            .map_err(WebError::from),
    };
    match r {
        Ok(_) => Ok(see_other(&format!(
            "/studios/{id}/training?ok=ok.train_material_added"
        ))),
        Err(e) => {
            let errors = Errors(form_failure(e, me.ctx.tr())?);
            let failed = (format!("material-{tid}"), Vals::default(), errors);
            render_training(&st, &me, id, ListQ::default(), Some(failed)).await
        }
    }
}

async fn delete_training(
    State(st): State<AppState>,
    me: Me,
    Path((id, tid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    let r = st
        .store
        .scoped(&me.actor)
        .studio_training()
        .delete(id, tid)
        .await;
    match r {
        Ok(()) => Ok(see_other(&format!(
            "/studios/{id}/training?ok=ok.train_deleted"
        ))),
        Err(e) => {
            let errors = Errors(form_failure(e.into(), me.ctx.tr())?);
            render_training(
                &st,
                &me,
                id,
                ListQ::default(),
                Some((String::new(), Vals::default(), errors)),
            )
            .await
        }
    }
}
