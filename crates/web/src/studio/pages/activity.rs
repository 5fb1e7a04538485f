//! Studio pages for four mechanisms [000]: 驻室答疑 (office hours and questions), 项目孵化
//! (projects, with a page each), 考核评价 (evaluations beside the lifecycle moves) and 激励保障
//! (support received). Forms post to sub-paths and come back with a notice (303), or with
//! their errors beside the fields (422).

use crate::error::{WebError, WebResult};
use crate::i18n::Tr;
use crate::pages::{form_failure, parse_page, render, see_other, Errors, Layout, Me, Pager};
use crate::pages::{label_opts, Opt};
use crate::studio::pages::studio::{form_file, StudioHead};
use crate::AppState;
use askama::Template;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Form;
use serde::Deserialize;
use touyan_domain::paging::PageRequest;
use touyan_domain::studio::activity::{
    fmt_score, EvaluationInput, Fen, OfficeHourInput, QuestionInput, SupportInput, GRADES,
    SUPPORT_KINDS,
};
use touyan_domain::studio::project::{
    BenefitInput, MilestoneInput, ProjectInput, Stage, StageMoveInput,
};
use touyan_domain::FieldErrors;
use touyan_storage::kit::files::Upload;
use touyan_storage::kit::today;
use touyan_storage::studio::activity::{
    ActivityTotals, EvaluationView, MilestonePatch, OfficeHourView, ProjectDetail, ProjectFilter,
    ProjectPatch, ProjectView, QuestionFilter, QuestionView, SupportFilter, SupportView, TeamInput,
};
use touyan_storage::studio::MoveView;
use touyan_storage::{Scoped, StorageError};

pub fn routes() -> crate::routes::Routes {
    let upload = DefaultBodyLimit::max(crate::upload_guard::UPLOAD_LIMIT);
    crate::routes::Routes::new()
        .route("/studios/{id}/questions", get(questions).post(ask))
        .route("/studios/{id}/questions/{qid}/answer", post(answer))
        .route(
            "/studios/{id}/questions/{qid}/delete",
            post(delete_question),
        )
        .route("/studios/{id}/office-hours", post(add_hour))
        .route("/studios/{id}/office-hours/{hid}/delete", post(delete_hour))
        .route("/studios/{id}/projects", get(projects).post(create_project))
        .route(
            "/studios/{id}/projects/{pid}",
            get(project).post(update_project),
        )
        .route("/studios/{id}/projects/{pid}/delete", post(delete_project))
        .route("/studios/{id}/projects/{pid}/stage", post(move_stage))
        .route(
            "/studios/{id}/projects/{pid}/milestones",
            post(add_milestone),
        )
        .route(
            "/studios/{id}/projects/{pid}/milestones/{mid}/done",
            post(milestone_done),
        )
        .route(
            "/studios/{id}/projects/{pid}/milestones/{mid}/delete",
            post(delete_milestone),
        )
        .route("/studios/{id}/projects/{pid}/benefits", post(add_benefit))
        .route(
            "/studios/{id}/projects/{pid}/benefits/{bid}/delete",
            post(delete_benefit),
        )
        .route(
            "/studios/{id}/projects/{pid}/files",
            post(upload_file).layer(upload),
        )
        .route(
            "/studios/{id}/evaluations",
            get(evaluations).post(add_evaluation),
        )
        .route(
            "/studios/{id}/evaluations/{eid}/delete",
            post(delete_evaluation),
        )
        .route("/studios/{id}/support", get(support).post(add_support))
        .route("/studios/{id}/support/{sid}/delete", post(delete_support))
}

// ---------------------------------------------------------------------------------------
// Shared pieces.

/// Every field a form sent, in order (repeated names kept, for team rows).
#[derive(Debug, Default, Deserialize)]
#[serde(transparent)]
struct Fields(Vec<(String, String)>);

impl Fields {
    fn get(&self, k: &str) -> String {
        self.0
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
    fn all(&self, k: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .collect()
    }
    fn checked(&self, k: &str) -> bool {
        matches!(self.get(k).as_str(), "1" | "on" | "true")
    }
    /// An optional person or record number; a bad one is an error on `field`.
    fn opt_id(&self, k: &str, fe: &mut FieldErrors) -> Option<i64> {
        let v = self.get(k);
        let t = v.trim();
        if t.is_empty() {
            return None;
        }
        match t.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                fe.add(k, "err.number_invalid");
                None
            }
        }
    }
}

/// A form that failed: which one, what was typed, what was wrong.
struct Failed {
    form: &'static str,
    /// The record the form was about (a question answered, a milestone), if any.
    target: i64,
    input: Fields,
    errors: Errors,
}

impl Failed {
    fn none() -> Failed {
        Failed {
            form: "",
            target: 0,
            input: Fields::default(),
            errors: Errors::default(),
        }
    }
}

/// What a page shows of a failed form.
struct FormState {
    form: &'static str,
    target: i64,
    input: Fields,
    errors: Errors,
}

impl FormState {
    fn of(f: Failed) -> FormState {
        FormState {
            form: f.form,
            target: f.target,
            input: f.input,
            errors: f.errors,
        }
    }
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
}

fn layout(me: &Me, head: &StudioHead, path: &str, flash: Option<&str>) -> Layout {
    let mut l = Layout::new(&me.ctx, "studios", "studio.title.list", path);
    l.title = head.name.clone();
    l.flash = flash
        .filter(|k| k.starts_with("ok."))
        .map(|k| l.tr.t(k).to_string());
    l
}

/// The people who speak for a studio: its leader and its members now.
async fn studio_people(s: Scoped<'_>, tr: Tr, head: &StudioHead) -> WebResult<Vec<Opt>> {
    let today = today();
    let mut out = vec![];
    if let (Some(id), Some(name)) = (head.studio.leader_id, &head.studio.leader_name) {
        out.push(Opt {
            code: id.to_string(),
            label: format!("{name} · {}", tr.t("studio.leader")),
        });
    }
    for m in s.studios().members(head.id).await? {
        let current = m.joined_on <= today && m.left_on.is_none_or(|d| d > today);
        if current && Some(m.person_id) != head.studio.leader_id {
            out.push(Opt {
                code: m.person_id.to_string(),
                label: m.person_name,
            });
        }
    }
    Ok(out)
}

fn yuan(fen: &i64) -> String {
    Fen(*fen).yuan()
}

fn wan(fen: &i64) -> String {
    Fen(*fen).wan()
}

/// Redirects to `to` with a notice, or hands back the failure for a re-render.
fn done<T>(r: WebResult<T>, to: String, ok: &str) -> Result<Response, WebError> {
    r.map(|_| see_other(&format!("{to}?ok={ok}")))
}

/// Turns a write's error into the failed form's state (field errors and rule refusals), or
/// passes any other error on.
fn failed(
    e: WebError,
    tr: Tr,
    form: &'static str,
    target: i64,
    input: Fields,
) -> WebResult<Failed> {
    Ok(Failed {
        form,
        target,
        input,
        errors: Errors(form_failure(e, tr)?),
    })
}

// ---------------------------------------------------------------------------------------
// 驻室答疑: office hours and questions.

#[derive(Deserialize, Default)]
struct QuestionsQ {
    q: Option<String>,
    answered: Option<String>,
    page: Option<String>,
    ok: Option<String>,
}

#[derive(Template)]
#[template(path = "studio/question_tab.html")]
struct QuestionsPage {
    l: Layout,
    head: StudioHead,
    hours: Vec<OfficeHourView>,
    items: Vec<QuestionView>,
    pager: Pager,
    q: String,
    answered: String,
    people: Vec<Opt>,
    weekdays: Vec<Opt>,
    /// The studio takes new records (a reader may ask).
    takes: bool,
    fs: FormState,
}

impl QuestionsPage {
    fn list_path(&self) -> String {
        format!("/studios/{}/questions", self.head.id)
    }
    fn val(&self, form: &str, field: &str) -> String {
        self.fs.val(form, field)
    }
    fn err(&self, form: &str, field: &str) -> &str {
        self.fs.err(form, field)
    }
    fn weekday(&self, d: &i32) -> &'static str {
        self.l.t(&format!("qa.weekday.{d}"))
    }
    fn when(&self, ms: &i64) -> String {
        self.l.when(ms)
    }
    /// The answer form's value for question `id`: as typed when it failed, else the answer.
    fn answer_val(&self, q: &QuestionView) -> String {
        if self.fs.form == "answer" && self.fs.target == q.id {
            self.fs.input.get("answer")
        } else {
            q.answer.clone().unwrap_or_default()
        }
    }
    fn answerer_val(&self, q: &QuestionView) -> String {
        if self.fs.form == "answer" && self.fs.target == q.id {
            self.fs.input.get("answerer_id")
        } else {
            q.answerer_id.map(|p| p.to_string()).unwrap_or_default()
        }
    }
    fn answer_err(&self, q: &QuestionView, field: &str) -> &str {
        if self.fs.form == "answer" && self.fs.target == q.id {
            self.fs.errors.get(field)
        } else {
            ""
        }
    }
}

async fn render_questions(
    st: &AppState,
    me: &Me,
    id: i64,
    q: QuestionsQ,
    f: Failed,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let head = StudioHead::load(s, tr, id, "questions").await?;
    let answered = match q.answered.as_deref() {
        Some("1") => Some(true),
        Some("0") => Some(false),
        _ => None,
    };
    let filter = QuestionFilter {
        q: q.q.clone(),
        answered,
        under: None,
    };
    let req = parse_page(&q.page)?;
    let repo = s.studio_questions();
    let page = repo.list(id, &filter, req).await?;
    let status = if f.form.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let qtext = q.q.clone().unwrap_or_default();
    let atext = q.answered.clone().unwrap_or_default();
    let p = QuestionsPage {
        l: layout(
            me,
            &head,
            &format!("/studios/{id}/questions"),
            q.ok.as_deref(),
        ),
        hours: repo.office_hours(id).await?,
        pager: Pager::new(
            req,
            page.total,
            &[("q", qtext.clone()), ("answered", atext.clone())],
        ),
        items: page.items,
        q: qtext,
        answered: atext,
        people: studio_people(s, tr, &head).await?,
        weekdays: (1..=7)
            .map(|d| Opt {
                code: d.to_string(),
                label: tr.t(&format!("qa.weekday.{d}")).to_string(),
            })
            .collect(),
        takes: head.state != "delisted",
        fs: FormState::of(f),
        head,
    };
    Ok(render(status, &p))
}

async fn questions(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<QuestionsQ>,
) -> WebResult<Response> {
    render_questions(&st, &me, id, q, Failed::none()).await
}

/// Back to the questions tab, or the tab again with the form's errors.
#[allow(clippy::too_many_arguments)]
async fn questions_done<T>(
    st: &AppState,
    me: &Me,
    id: i64,
    r: WebResult<T>,
    ok: &str,
    form: &'static str,
    target: i64,
    input: Fields,
) -> WebResult<Response> {
    match done(r, format!("/studios/{id}/questions"), ok) {
        Ok(resp) => Ok(resp),
        Err(e) => {
            let f = failed(e, me.ctx.tr(), form, target, input)?;
            render_questions(st, me, id, QuestionsQ::default(), f).await
        }
    }
}

async fn ask(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<Fields>,
) -> WebResult<Response> {
    let input = QuestionInput {
        title: f.get("title"),
        body: f.get("body"),
        asker_name: f.get("asker_name"),
    };
    let r = st
        .store
        .scoped(&me.actor)
        .studio_questions()
        .ask(id, &input)
        .await
        .map_err(WebError::from);
    questions_done(&st, &me, id, r, "ok.act_asked", "ask", 0, f).await
}

async fn answer(
    State(st): State<AppState>,
    me: Me,
    Path((id, qid)): Path<(i64, i64)>,
    Form(f): Form<Fields>,
) -> WebResult<Response> {
    let r = async {
        let mut fe = FieldErrors::new();
        let answerer = f.opt_id("answerer_id", &mut fe);
        fe.into_result()?;
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .studio_questions()
                .answer(id, qid, &f.get("answer"), answerer)
                .await?,
        )
    }
    .await;
    questions_done(&st, &me, id, r, "ok.act_answered", "answer", qid, f).await
}

async fn delete_question(
    State(st): State<AppState>,
    me: Me,
    Path((id, qid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    let r = st
        .store
        .scoped(&me.actor)
        .studio_questions()
        .delete(id, qid)
        .await
        .map_err(WebError::from);
    questions_done(
        &st,
        &me,
        id,
        r,
        "ok.act_question_deleted",
        "questions",
        qid,
        Fields::default(),
    )
    .await
}

async fn add_hour(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<Fields>,
) -> WebResult<Response> {
    let r = async {
        let mut fe = FieldErrors::new();
        let host = f.opt_id("host_id", &mut fe);
        fe.into_result()?;
        let input = OfficeHourInput {
            weekday: f.get("weekday"),
            starts: f.get("starts"),
            ends: f.get("ends"),
            place: f.get("place"),
        };
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .studio_questions()
                .add_office_hour(id, &input, host)
                .await?,
        )
    }
    .await;
    questions_done(&st, &me, id, r, "ok.act_hour_added", "hour", 0, f).await
}

async fn delete_hour(
    State(st): State<AppState>,
    me: Me,
    Path((id, hid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    let r = st
        .store
        .scoped(&me.actor)
        .studio_questions()
        .delete_office_hour(id, hid)
        .await
        .map_err(WebError::from);
    questions_done(
        &st,
        &me,
        id,
        r,
        "ok.act_hour_deleted",
        "hours",
        hid,
        Fields::default(),
    )
    .await
}

// ---------------------------------------------------------------------------------------
// 项目孵化: the list, and a page per project.

/// Team rows of a project form: `team_person` and `team_role`, repeated, blank rows skipped.
fn team_of(f: &Fields, fe: &mut FieldErrors) -> Vec<TeamInput> {
    let people = f.all("team_person");
    let roles = f.all("team_role");
    let mut out = vec![];
    for (i, p) in people.iter().enumerate() {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        match p.parse::<i64>() {
            Ok(person_id) => out.push(TeamInput {
                person_id,
                role: roles.get(i).cloned(),
            }),
            Err(_) => fe.add("team", "err.number_invalid"),
        }
    }
    out
}

/// Team rows a form shows: those typed when it failed, else the current team, then blanks.
pub struct TeamRow {
    pub person: String,
    pub role: String,
}

fn team_rows(
    typed: Option<&Fields>,
    current: &[touyan_storage::studio::activity::TeamMemberView],
) -> Vec<TeamRow> {
    let mut rows: Vec<TeamRow> = match typed {
        Some(f) => {
            let roles = f.all("team_role");
            f.all("team_person")
                .into_iter()
                .enumerate()
                .filter(|(_, p)| !p.trim().is_empty())
                .map(|(i, person)| TeamRow {
                    person,
                    role: roles.get(i).cloned().unwrap_or_default(),
                })
                .collect()
        }
        None => current
            .iter()
            .map(|m| TeamRow {
                person: m.person_id.to_string(),
                role: m.role.clone().unwrap_or_default(),
            })
            .collect(),
    };
    for _ in 0..2 {
        rows.push(TeamRow {
            person: String::new(),
            role: String::new(),
        });
    }
    rows
}

#[derive(Deserialize, Default)]
struct ProjectsQ {
    stage: Option<String>,
    q: Option<String>,
    page: Option<String>,
    ok: Option<String>,
}

#[derive(Template)]
#[template(path = "studio/project_tab.html")]
struct ProjectsPage {
    l: Layout,
    head: StudioHead,
    items: Vec<ProjectView>,
    pager: Pager,
    stage: String,
    q: String,
    stages: Vec<Opt>,
    counts: Vec<(String, u64)>,
    people: Vec<Opt>,
    team: Vec<TeamRow>,
    today: String,
    fs: FormState,
}

impl ProjectsPage {
    fn list_path(&self) -> String {
        format!("/studios/{}/projects", self.head.id)
    }
    fn val(&self, form: &str, field: &str) -> String {
        self.fs.val(form, field)
    }
    fn err(&self, form: &str, field: &str) -> &str {
        self.fs.err(form, field)
    }
    fn stage_label(&self, code: &str) -> &'static str {
        self.l.t(&format!("proj.stage.{code}"))
    }
    fn count(&self, code: &str) -> u64 {
        self.counts
            .iter()
            .find(|(c, _)| c == code)
            .map(|x| x.1)
            .unwrap_or(0)
    }
    fn yuan(&self, fen: &i64) -> String {
        yuan(fen)
    }
    fn wan(&self, fen: &i64) -> String {
        wan(fen)
    }
}

async fn render_projects(
    st: &AppState,
    me: &Me,
    id: i64,
    q: ProjectsQ,
    f: Failed,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let head = StudioHead::load(s, tr, id, "projects").await?;
    let req = parse_page(&q.page)?;
    let repo = s.studio_projects();
    let filter = ProjectFilter {
        stage: q.stage.clone(),
        q: q.q.clone(),
    };
    let page = repo.list(id, &filter, req).await?;
    let status = if f.form.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let codes: Vec<&str> = Stage::ALL.iter().map(|s| s.code()).collect();
    let stage = q.stage.clone().unwrap_or_default();
    let qtext = q.q.clone().unwrap_or_default();
    let team = team_rows((f.form == "create").then_some(&f.input), &[]);
    let p = ProjectsPage {
        l: layout(
            me,
            &head,
            &format!("/studios/{id}/projects"),
            q.ok.as_deref(),
        ),
        pager: Pager::new(
            req,
            page.total,
            &[("stage", stage.clone()), ("q", qtext.clone())],
        ),
        items: page.items,
        stage,
        q: qtext,
        stages: label_opts(tr, "proj.stage", &codes),
        counts: repo.stage_counts(id).await?,
        people: studio_people(s, tr, &head).await?,
        team,
        today: today().to_string(),
        fs: FormState::of(f),
        head,
    };
    Ok(render(status, &p))
}

async fn projects(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<ProjectsQ>,
) -> WebResult<Response> {
    render_projects(&st, &me, id, q, Failed::none()).await
}

fn project_input(f: &Fields) -> ProjectInput {
    ProjectInput {
        title: f.get("title"),
        description: f.get("description"),
        started_on: f.get("started_on"),
        investment: f.get("investment"),
        shared: f.checked("shared"),
    }
}

async fn create_project(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<Fields>,
) -> WebResult<Response> {
    let r = async {
        let mut fe = FieldErrors::new();
        let team = team_of(&f, &mut fe);
        fe.into_result()?;
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .studio_projects()
                .create(id, &project_input(&f), &team)
                .await?,
        )
    }
    .await;
    match r {
        Ok(d) => Ok(see_other(&format!(
            "/studios/{id}/projects/{}?ok=ok.act_project_created",
            d.project.id
        ))),
        Err(e) => {
            let fl = failed(e, me.ctx.tr(), "create", 0, f)?;
            render_projects(&st, &me, id, ProjectsQ::default(), fl).await
        }
    }
}

#[derive(Template)]
#[template(path = "studio/project_detail.html")]
struct ProjectPage {
    l: Layout,
    head: StudioHead,
    d: ProjectDetail,
    /// Stages in order, with whether each is reached.
    bar: Vec<(Opt, bool)>,
    next: Option<Opt>,
    people: Vec<Opt>,
    team: Vec<TeamRow>,
    today: String,
    fs: FormState,
}

impl ProjectPage {
    fn val(&self, form: &str, field: &str) -> String {
        self.fs.val(form, field)
    }
    fn err(&self, form: &str, field: &str) -> &str {
        self.fs.err(form, field)
    }
    /// A field of the edit form: as typed when it failed, else the project's own.
    fn edit_val(&self, field: &str) -> String {
        if self.fs.form == "edit" {
            return self.fs.input.get(field);
        }
        let p = &self.d.project;
        match field {
            "title" => p.title.clone(),
            "description" => p.description.clone().unwrap_or_default(),
            "started_on" => p.started_on.to_string(),
            "investment" => Fen(p.investment_fen).plain(),
            _ => String::new(),
        }
    }
    fn edit_shared(&self) -> bool {
        if self.fs.form == "edit" {
            self.fs.input.checked("shared")
        } else {
            self.d.project.shared
        }
    }
    fn stage_label(&self, code: &str) -> &'static str {
        self.l.t(&format!("proj.stage.{code}"))
    }
    fn stage_opt(&self, code: &Option<String>) -> &'static str {
        match code {
            Some(c) => self.stage_label(c),
            None => self.l.t("proj.history_start"),
        }
    }
    fn yuan(&self, fen: &i64) -> String {
        yuan(fen)
    }
    fn wan(&self, fen: &i64) -> String {
        wan(fen)
    }
    fn payback(&self) -> String {
        match self.d.totals.payback {
            Some(r) => format!("{:.2}", r),
            None => self.l.t("proj.payback_none").to_string(),
        }
    }
    fn records_benefit(&self) -> bool {
        Stage::from_code(&self.d.project.stage).is_some_and(Stage::records_benefit)
    }
    fn size(&self, n: &i64) -> String {
        if *n >= 1024 * 1024 {
            format!("{:.1} MB", *n as f64 / 1048576.0)
        } else {
            format!("{:.0} KB", (*n as f64 / 1024.0).ceil())
        }
    }
}

async fn render_project(
    st: &AppState,
    me: &Me,
    id: i64,
    pid: i64,
    flash: Option<&str>,
    f: Failed,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let head = StudioHead::load(s, tr, id, "projects").await?;
    let d = s.studio_projects().get(id, pid).await?;
    let status = if f.form.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let current = Stage::from_code(&d.project.stage).unwrap_or(Stage::Idea);
    let opt = |s: Stage| Opt {
        code: s.code().to_string(),
        label: tr.t(&format!("proj.stage.{}", s.code())).to_string(),
    };
    let bar = Stage::ALL
        .iter()
        .map(|s| (opt(*s), *s <= current))
        .collect();
    let team = team_rows((f.form == "edit").then_some(&f.input), &d.project.team);
    let mut l = layout(me, &head, &format!("/studios/{id}/projects/{pid}"), flash);
    l.title = d.project.title.clone();
    // Team members named through the API may be anyone in reach: keep them choosable.
    let mut people = studio_people(s, tr, &head).await?;
    for t in &d.project.team {
        let code = t.person_id.to_string();
        if !people.iter().any(|o| o.code == code) {
            people.push(Opt {
                code,
                label: t.person_name.clone(),
            });
        }
    }
    let p = ProjectPage {
        l,
        bar,
        next: current.next().map(opt),
        people,
        team,
        today: today().to_string(),
        fs: FormState::of(f),
        head,
        d,
    };
    Ok(render(status, &p))
}

#[derive(Deserialize, Default)]
struct OkQ {
    ok: Option<String>,
}

async fn project(
    State(st): State<AppState>,
    me: Me,
    Path((id, pid)): Path<(i64, i64)>,
    Query(q): Query<OkQ>,
) -> WebResult<Response> {
    render_project(&st, &me, id, pid, q.ok.as_deref(), Failed::none()).await
}

/// Back to the project's page, or the page again with the form's errors.
#[allow(clippy::too_many_arguments)]
async fn project_done<T>(
    st: &AppState,
    me: &Me,
    id: i64,
    pid: i64,
    r: WebResult<T>,
    ok: &str,
    form: &'static str,
    input: Fields,
) -> WebResult<Response> {
    match done(r, format!("/studios/{id}/projects/{pid}"), ok) {
        Ok(resp) => Ok(resp),
        Err(e) => {
            let f = failed(e, me.ctx.tr(), form, pid, input)?;
            render_project(st, me, id, pid, None, f).await
        }
    }
}

async fn update_project(
    State(st): State<AppState>,
    me: Me,
    Path((id, pid)): Path<(i64, i64)>,
    Form(f): Form<Fields>,
) -> WebResult<Response> {
    let r = async {
        let mut fe = FieldErrors::new();
        let team = team_of(&f, &mut fe);
        fe.into_result()?;
        let patch = ProjectPatch {
            title: Some(f.get("title")),
            description: Some(f.get("description")),
            started_on: Some(f.get("started_on")),
            investment: Some(f.get("investment")),
            shared: Some(f.checked("shared")),
            team: Some(team),
        };
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .studio_projects()
                .update(id, pid, &patch)
                .await?,
        )
    }
    .await;
    project_done(&st, &me, id, pid, r, "ok.act_project_saved", "edit", f).await
}

async fn delete_project(
    State(st): State<AppState>,
    me: Me,
    Path((id, pid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    match st
        .store
        .scoped(&me.actor)
        .studio_projects()
        .delete(id, pid)
        .await
    {
        Ok(()) => Ok(see_other(&format!(
            "/studios/{id}/projects?ok=ok.act_project_deleted"
        ))),
        Err(e) => {
            let f = failed(e.into(), me.ctx.tr(), "delete", pid, Fields::default())?;
            render_project(&st, &me, id, pid, None, f).await
        }
    }
}

async fn move_stage(
    State(st): State<AppState>,
    me: Me,
    Path((id, pid)): Path<(i64, i64)>,
    Form(f): Form<Fields>,
) -> WebResult<Response> {
    let input = StageMoveInput {
        to: f.get("to"),
        on: f.get("on"),
        note: f.get("note"),
    };
    let r = st
        .store
        .scoped(&me.actor)
        .studio_projects()
        .move_stage(id, pid, &input)
        .await
        .map_err(WebError::from);
    project_done(&st, &me, id, pid, r, "ok.act_stage_moved", "stage", f).await
}

async fn add_milestone(
    State(st): State<AppState>,
    me: Me,
    Path((id, pid)): Path<(i64, i64)>,
    Form(f): Form<Fields>,
) -> WebResult<Response> {
    let input = MilestoneInput {
        title: f.get("title"),
        due_on: f.get("due_on"),
        done_on: f.get("done_on"),
    };
    let r = st
        .store
        .scoped(&me.actor)
        .studio_projects()
        .add_milestone(id, pid, &input)
        .await
        .map_err(WebError::from);
    project_done(
        &st,
        &me,
        id,
        pid,
        r,
        "ok.act_milestone_added",
        "milestone",
        f,
    )
    .await
}

/// Marks a milestone done on the date given (today when blank), or not done (`undo`).
async fn milestone_done(
    State(st): State<AppState>,
    me: Me,
    Path((id, pid, mid)): Path<(i64, i64, i64)>,
    Form(f): Form<Fields>,
) -> WebResult<Response> {
    let done_on = if f.checked("undo") {
        String::new()
    } else {
        let d = f.get("done_on");
        if d.trim().is_empty() {
            today().to_string()
        } else {
            d
        }
    };
    let patch = MilestonePatch {
        done_on: Some(done_on),
        ..Default::default()
    };
    let r = st
        .store
        .scoped(&me.actor)
        .studio_projects()
        .update_milestone(id, pid, mid, &patch)
        .await
        .map_err(WebError::from);
    project_done(
        &st,
        &me,
        id,
        pid,
        r,
        "ok.act_milestone_saved",
        "milestones",
        f,
    )
    .await
}

async fn delete_milestone(
    State(st): State<AppState>,
    me: Me,
    Path((id, pid, mid)): Path<(i64, i64, i64)>,
) -> WebResult<Response> {
    let r = st
        .store
        .scoped(&me.actor)
        .studio_projects()
        .delete_milestone(id, pid, mid)
        .await
        .map_err(WebError::from);
    project_done(
        &st,
        &me,
        id,
        pid,
        r,
        "ok.act_milestone_deleted",
        "milestones",
        Fields::default(),
    )
    .await
}

async fn add_benefit(
    State(st): State<AppState>,
    me: Me,
    Path((id, pid)): Path<(i64, i64)>,
    Form(f): Form<Fields>,
) -> WebResult<Response> {
    let input = BenefitInput {
        year: f.get("year"),
        revenue: f.get("revenue"),
        saving: f.get("saving"),
        note: f.get("note"),
    };
    let r = st
        .store
        .scoped(&me.actor)
        .studio_projects()
        .add_benefit(id, pid, &input)
        .await
        .map_err(WebError::from);
    project_done(&st, &me, id, pid, r, "ok.act_benefit_added", "benefit", f).await
}

async fn delete_benefit(
    State(st): State<AppState>,
    me: Me,
    Path((id, pid, bid)): Path<(i64, i64, i64)>,
) -> WebResult<Response> {
    let r = st
        .store
        .scoped(&me.actor)
        .studio_projects()
        .delete_benefit(id, pid, bid)
        .await
        .map_err(WebError::from);
    project_done(
        &st,
        &me,
        id,
        pid,
        r,
        "ok.act_benefit_deleted",
        "benefits",
        Fields::default(),
    )
    .await
}

async fn upload_file(
    State(st): State<AppState>,
    me: Me,
    Path((id, pid)): Path<(i64, i64)>,
    mut m: Multipart,
) -> WebResult<Response> {
    let r = async {
        let Some((file_name, bytes)) = form_file(&mut m).await? else {
            return Err(StorageError::field("file", "err.file_missing").into());
        };
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .studio_projects()
                .attach(id, pid, &Upload { file_name, bytes })
                .await?,
        )
    }
    .await;
    project_done(
        &st,
        &me,
        id,
        pid,
        r,
        "ok.act_file_added",
        "file",
        Fields::default(),
    )
    .await
}

// ---------------------------------------------------------------------------------------
// 考核评价: evaluations beside the lifecycle moves (动态调整).

#[derive(Template)]
#[template(path = "studio/activity_evaluations.html")]
struct EvaluationsPage {
    l: Layout,
    head: StudioHead,
    items: Vec<EvaluationView>,
    moves: Vec<MoveView>,
    grades: Vec<Opt>,
    today: String,
    fs: FormState,
}

impl EvaluationsPage {
    fn val(&self, form: &str, field: &str) -> String {
        self.fs.val(form, field)
    }
    fn err(&self, form: &str, field: &str) -> &str {
        self.fs.err(form, field)
    }
    fn grade(&self, code: &str) -> &'static str {
        self.l.t(&format!("eval.grade.{code}"))
    }
    fn state(&self, code: &Option<String>) -> &'static str {
        match code {
            Some(c) => self.l.t(&format!("studio.state.{c}")),
            None => "",
        }
    }
    fn state_of(&self, code: &str) -> &'static str {
        self.l.t(&format!("studio.state.{code}"))
    }
    fn score(&self, tenths: &i32) -> String {
        fmt_score(*tenths)
    }
}

async fn render_evaluations(
    st: &AppState,
    me: &Me,
    id: i64,
    flash: Option<&str>,
    f: Failed,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let head = StudioHead::load(s, tr, id, "evaluations").await?;
    let status = if f.form.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let p = EvaluationsPage {
        l: layout(me, &head, &format!("/studios/{id}/evaluations"), flash),
        items: s.studio_evaluations().list(id).await?,
        moves: s.studios().moves(id).await?,
        grades: label_opts(tr, "eval.grade", &GRADES),
        today: today().to_string(),
        fs: FormState::of(f),
        head,
    };
    Ok(render(status, &p))
}

async fn evaluations(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<OkQ>,
) -> WebResult<Response> {
    render_evaluations(&st, &me, id, q.ok.as_deref(), Failed::none()).await
}

async fn evaluations_done<T>(
    st: &AppState,
    me: &Me,
    id: i64,
    r: WebResult<T>,
    ok: &str,
    form: &'static str,
    input: Fields,
) -> WebResult<Response> {
    match done(r, format!("/studios/{id}/evaluations"), ok) {
        Ok(resp) => Ok(resp),
        Err(e) => {
            let f = failed(e, me.ctx.tr(), form, 0, input)?;
            render_evaluations(st, me, id, None, f).await
        }
    }
}

async fn add_evaluation(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<Fields>,
) -> WebResult<Response> {
    let input = EvaluationInput {
        period: f.get("period"),
        evaluated_on: f.get("evaluated_on"),
        score: f.get("score"),
        grade: f.get("grade"),
        override_reason: f.get("override_reason"),
        document_no: f.get("document_no"),
        comment: f.get("comment"),
    };
    let r = st
        .store
        .scoped(&me.actor)
        .studio_evaluations()
        .create(id, &input)
        .await
        .map_err(WebError::from);
    evaluations_done(&st, &me, id, r, "ok.act_eval_added", "eval", f).await
}

async fn delete_evaluation(
    State(st): State<AppState>,
    me: Me,
    Path((id, eid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    let r = st
        .store
        .scoped(&me.actor)
        .studio_evaluations()
        .delete(id, eid)
        .await
        .map_err(WebError::from);
    evaluations_done(
        &st,
        &me,
        id,
        r,
        "ok.act_eval_deleted",
        "evals",
        Fields::default(),
    )
    .await
}

// ---------------------------------------------------------------------------------------
// 激励保障: support received, with totals.

#[derive(Deserialize, Default)]
struct SupportQ {
    kind: Option<String>,
    page: Option<String>,
    ok: Option<String>,
}

#[derive(Template)]
#[template(path = "studio/activity_support.html")]
struct SupportPage {
    l: Layout,
    head: StudioHead,
    items: Vec<SupportView>,
    pager: Pager,
    kind: String,
    kinds: Vec<Opt>,
    totals: ActivityTotals,
    today: String,
    fs: FormState,
}

impl SupportPage {
    fn list_path(&self) -> String {
        format!("/studios/{}/support", self.head.id)
    }
    fn val(&self, form: &str, field: &str) -> String {
        self.fs.val(form, field)
    }
    fn err(&self, form: &str, field: &str) -> &str {
        self.fs.err(form, field)
    }
    fn kind_label(&self, code: &str) -> &'static str {
        self.l.t(&format!("sup.kind.{code}"))
    }
    fn amount(&self, fen: &Option<i64>) -> String {
        fen.map(|f| Fen(f).yuan()).unwrap_or_default()
    }
    fn yuan(&self, fen: &i64) -> String {
        yuan(fen)
    }
    fn wan(&self, fen: &i64) -> String {
        wan(fen)
    }
}

async fn render_support(
    st: &AppState,
    me: &Me,
    id: i64,
    q: SupportQ,
    f: Failed,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let head = StudioHead::load(s, tr, id, "support").await?;
    let req: PageRequest = parse_page(&q.page)?;
    let repo = s.studio_support();
    let filter = SupportFilter {
        kind: q.kind.clone(),
        year: None,
    };
    let page = repo.list(id, &filter, req).await?;
    let status = if f.form.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let kind = q.kind.clone().unwrap_or_default();
    let p = SupportPage {
        l: layout(
            me,
            &head,
            &format!("/studios/{id}/support"),
            q.ok.as_deref(),
        ),
        pager: Pager::new(req, page.total, &[("kind", kind.clone())]),
        items: page.items,
        kind,
        kinds: label_opts(tr, "sup.kind", &SUPPORT_KINDS),
        totals: repo.totals(id).await?,
        today: today().to_string(),
        fs: FormState::of(f),
        head,
    };
    Ok(render(status, &p))
}

async fn support(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<SupportQ>,
) -> WebResult<Response> {
    render_support(&st, &me, id, q, Failed::none()).await
}

async fn support_done<T>(
    st: &AppState,
    me: &Me,
    id: i64,
    r: WebResult<T>,
    ok: &str,
    form: &'static str,
    input: Fields,
) -> WebResult<Response> {
    match done(r, format!("/studios/{id}/support"), ok) {
        Ok(resp) => Ok(resp),
        Err(e) => {
            let f = failed(e, me.ctx.tr(), form, 0, input)?;
            render_support(st, me, id, SupportQ::default(), f).await
        }
    }
}

async fn add_support(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<Fields>,
) -> WebResult<Response> {
    let input = SupportInput {
        kind: f.get("kind"),
        amount: f.get("amount"),
        received_on: f.get("received_on"),
        source: f.get("source"),
        note: f.get("note"),
    };
    let r = st
        .store
        .scoped(&me.actor)
        .studio_support()
        .create(id, &input)
        .await
        .map_err(WebError::from);
    support_done(&st, &me, id, r, "ok.act_support_added", "support", f).await
}

async fn delete_support(
    State(st): State<AppState>,
    me: Me,
    Path((id, sid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    let r = st
        .store
        .scoped(&me.actor)
        .studio_support()
        .delete(id, sid)
        .await
        .map_err(WebError::from);
    support_done(
        &st,
        &me,
        id,
        r,
        "ok.act_support_deleted",
        "supports",
        Fields::default(),
    )
    .await
}
