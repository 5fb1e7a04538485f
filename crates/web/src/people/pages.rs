//! People and party members: the list, a person's page (details, pipeline, posts, honours,
//! the growth ledger), the spreadsheet imports, development quotas and honours.

use crate::error::{WebError, WebResult};
use crate::i18n::{Lang, Tr};
use crate::import_answer::{CellError, Imported};
use crate::pages::{
    form_errors, form_failure, opt_id, page, parse_page, render, see_other, Errors, Layout, Me,
    Pager,
};
use crate::pages::{label_opts, Opt};
use crate::people::io::{self as people_io, Ledger};
use crate::AppState;
use askama::Template;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Form;
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use touyan_domain::access::Permission;
use touyan_domain::fields::{parse_date, parse_note};
use touyan_domain::paging::PageRequest;
use touyan_domain::people::{
    parse_honour, parse_term, PersonInput, Status, Step, EDUCATION, ETHNICITIES, HONOUR_LEVELS,
};
use touyan_domain::{DomainError, FieldErrors};
use touyan_storage::kit::today;
use touyan_storage::org::OrgNode;
use touyan_storage::people::{
    HonourFilter, HonourView, PersonFilter, PersonPatch, PersonView, PostFilter, PostView,
    QuotaFilter, QuotaView, TitleCount,
};
use touyan_storage::{Scoped, StorageError};

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route("/people", get(index).post(create))
        .route("/people/new", get(new_form))
        .route("/people/import", get(import_page))
        .route(
            "/people/import/{slug}",
            post(import_upload).layer(DefaultBodyLimit::max(48 * 1024 * 1024)),
        )
        .route("/people/import/report/{token}", get(import_report))
        .route("/people/{id}", get(show).post(update))
        .route("/people/{id}/transition", post(transition))
        .route("/people/{id}/posts", post(add_post))
        .route("/people/{id}/honours", post(add_honour))
        .route("/people/{id}/notes", post(add_note))
        .route("/people/{id}/delete", post(delete))
        .route("/posts/{id}/end", post(end_post))
        .route("/posts/{id}/delete", post(delete_post))
        .route("/honours", get(honours))
        .route("/honours/{id}/delete", post(delete_honour))
        .route("/quotas", get(quotas).post(allocate))
}

/// Up to this many of a person's posts and honours are shown on their page.
const ALL: PageRequest = PageRequest {
    page: 1,
    per_page: 200,
};

fn status_opts(tr: Tr) -> Vec<Opt> {
    let codes: Vec<&str> = Status::ALL.iter().map(|s| s.code()).collect();
    label_opts(tr, "pstatus", &codes)
}

fn ethnicity_opts() -> Vec<Opt> {
    ETHNICITIES
        .iter()
        .map(|e| Opt {
            code: e.to_string(),
            label: e.to_string(),
        })
        .collect()
}

/// The posts of the dictionary, named in the page's language.
async fn post_opts(s: Scoped<'_>, tr: Tr) -> WebResult<Vec<Opt>> {
    Ok(s.dict()
        .entries("post")
        .await?
        .into_iter()
        .map(|e| Opt {
            label: if tr.lang == Lang::En {
                e.name_en
            } else {
                e.name
            },
            code: e.code,
        })
        .collect())
}

/// A page frame whose flash may be one of this module's `pok.*` notices.
fn layout(me: &Me, section: &str, title_key: &str, path: &str, flash: Option<&str>) -> Layout {
    let mut l = Layout::new(&me.ctx, section, title_key, path);
    l.flash = flash
        .filter(|k| k.starts_with("pok.") || k.starts_with("ok."))
        .map(|k| l.tr.t(k).to_string());
    l
}

fn text(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn required_date(field: &str, v: &Option<String>) -> WebResult<NaiveDate> {
    parse_date(field, v.as_deref().unwrap_or(""))?
        .ok_or_else(|| StorageError::field(field, "err.required").into())
}

fn i32_of(field: &str, key: &str, v: Option<i64>) -> WebResult<Option<i32>> {
    v.map(|n| i32::try_from(n).map_err(|_| StorageError::field(field, key).into()))
        .transpose()
}

fn label(l: &Layout, prefix: &str, code: &str) -> &'static str {
    l.t(&format!("{prefix}.{code}"))
}

/// `path` with the list's filters as its query.
fn with_query(path: &str, pager: &Pager) -> String {
    match pager.base.trim_end_matches('&') {
        "" => path.to_string(),
        q => format!("{path}?{q}"),
    }
}

fn day(v: &Option<NaiveDate>) -> String {
    v.map(|d| d.to_string()).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------
// The list.

#[derive(Deserialize, Default)]
struct ListQ {
    under: Option<String>,
    status: Option<String>,
    post: Option<String>,
    q: Option<String>,
    page: Option<String>,
    ok: Option<String>,
}

#[derive(Template)]
#[template(path = "people/people.html")]
struct PeoplePage {
    l: Layout,
    items: Vec<PersonView>,
    pager: Pager,
    under: String,
    status: String,
    post: String,
    q: String,
    statuses: Vec<Opt>,
    posts: Vec<Opt>,
    can_create: bool,
    export_href: String,
    /// The same export with full numbers, for those who may see them (audited).
    export_full_href: Option<String>,
}

impl PeoplePage {
    fn label(&self, prefix: &str, code: &str) -> &'static str {
        label(&self.l, prefix, code)
    }
}

fn blank(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

async fn index(State(st): State<AppState>, me: Me, Query(q): Query<ListQ>) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let req = parse_page(&q.page)?;
    let filter = PersonFilter {
        under: opt_id("under", &q.under)?,
        status: blank(&q.status),
        post: blank(&q.post),
        q: blank(&q.q),
    };
    let p = s.people().list(&filter, req, false).await?;
    let params = vec![
        ("under", text(&q.under)),
        ("status", text(&q.status)),
        ("post", text(&q.post)),
        ("q", text(&q.q)),
    ];
    let pager = Pager::new(req, p.total, &params);
    let export_href = with_query("/api/v1/people/export.xlsx", &pager);
    let sep = if export_href.contains('?') { '&' } else { '?' };
    let export_full_href = (!me
        .actor
        .grants
        .scopes(Permission::PersonSensitive)
        .is_empty())
    .then(|| format!("{export_href}{sep}reveal=true"));
    let tr = me.ctx.tr();
    Ok(page(&PeoplePage {
        l: layout(&me, "people", "ptitle.people", "/people", q.ok.as_deref()),
        items: p.items,
        pager,
        under: params[0].1.clone(),
        status: params[1].1.clone(),
        post: params[2].1.clone(),
        q: params[3].1.clone(),
        statuses: status_opts(tr),
        posts: post_opts(s, tr).await?,
        can_create: !me.actor.grants.scopes(Permission::PersonWrite).is_empty(),
        export_href,
        export_full_href,
    }))
}

// ---------------------------------------------------------------------------------------
// The forms of the person pages, as submitted (every field a string).

#[derive(Deserialize, Default, Clone)]
struct PForm {
    name: Option<String>,
    gender: Option<String>,
    ethnicity: Option<String>,
    birth_date: Option<String>,
    id_number: Option<String>,
    phone: Option<String>,
    education: Option<String>,
    status: Option<String>,
    applied_on: Option<String>,
    activist_on: Option<String>,
    development_object_on: Option<String>,
    probation_on: Option<String>,
    full_on: Option<String>,
    notes: Option<String>,
    node_id: Option<String>,
    /// "1" when the edit form showed the numbers in full (blank then clears the phone).
    revealed: Option<String>,
    step: Option<String>,
    on: Option<String>,
    months: Option<String>,
    note: Option<String>,
    post_code: Option<String>,
    post_node_id: Option<String>,
    start_on: Option<String>,
    end_on: Option<String>,
    title: Option<String>,
    level: Option<String>,
    awarded_on: Option<String>,
    awarding_node_id: Option<String>,
    on_date: Option<String>,
    body: Option<String>,
    person_id: Option<String>,
}

impl PForm {
    fn get(&self, field: &str) -> String {
        let v = match field {
            "name" => &self.name,
            "gender" => &self.gender,
            "ethnicity" => &self.ethnicity,
            "birth_date" => &self.birth_date,
            "id_number" => &self.id_number,
            "phone" => &self.phone,
            "education" => &self.education,
            "status" => &self.status,
            "applied_on" => &self.applied_on,
            "activist_on" => &self.activist_on,
            "development_object_on" => &self.development_object_on,
            "probation_on" => &self.probation_on,
            "full_on" => &self.full_on,
            "notes" => &self.notes,
            "node_id" => &self.node_id,
            "revealed" => &self.revealed,
            "step" => &self.step,
            "on" => &self.on,
            "months" => &self.months,
            "note" => &self.note,
            "post_code" => &self.post_code,
            "post_node_id" => &self.post_node_id,
            "start_on" => &self.start_on,
            "end_on" => &self.end_on,
            "title" => &self.title,
            "level" => &self.level,
            "awarded_on" => &self.awarded_on,
            "awarding_node_id" => &self.awarding_node_id,
            "on_date" => &self.on_date,
            "body" => &self.body,
            _ => &self.person_id,
        };
        text(v)
    }

    fn input(&self) -> PersonInput {
        PersonInput {
            name: text(&self.name),
            gender: text(&self.gender),
            ethnicity: text(&self.ethnicity),
            birth_date: text(&self.birth_date),
            id_number: text(&self.id_number),
            phone: text(&self.phone),
            education: text(&self.education),
            status: text(&self.status),
            applied_on: text(&self.applied_on),
            activist_on: text(&self.activist_on),
            development_object_on: text(&self.development_object_on),
            probation_on: text(&self.probation_on),
            full_on: text(&self.full_on),
            notes: text(&self.notes),
        }
    }

    /// The edit form's values: the person as stored; numbers only when shown in full.
    fn of(p: &PersonView) -> PForm {
        let some = |d: &Option<NaiveDate>| d.map(|d| d.to_string());
        PForm {
            name: Some(p.name.clone()),
            gender: Some(p.gender.clone()),
            ethnicity: p.ethnicity.clone(),
            birth_date: Some(p.birth_date.to_string()),
            id_number: p.revealed.then(|| p.id_number.clone()),
            phone: if p.revealed { p.phone.clone() } else { None },
            education: p.education.clone(),
            status: Some(p.status.clone()),
            applied_on: some(&p.applied_on),
            activist_on: some(&p.activist_on),
            development_object_on: some(&p.development_object_on),
            probation_on: some(&p.probation_on),
            full_on: some(&p.full_on),
            notes: p.notes.clone(),
            node_id: Some(p.node_id.to_string()),
            revealed: p.revealed.then(|| "1".to_string()),
            ..Default::default()
        }
    }

    /// The empty add forms, dated today.
    fn blank() -> PForm {
        let t = Some(today().to_string());
        PForm {
            on: t.clone(),
            on_date: t,
            ..Default::default()
        }
    }
}

// ---------------------------------------------------------------------------------------
// New person.

#[derive(Template)]
#[template(path = "people/person_new.html")]
struct NewPage {
    l: Layout,
    input: PForm,
    errors: Errors,
    genders: Vec<Opt>,
    ethnicities: Vec<Opt>,
    educations: Vec<Opt>,
    statuses: Vec<Opt>,
}

impl NewPage {
    fn new(me: &Me, input: PForm, errors: Errors) -> NewPage {
        let tr = me.ctx.tr();
        NewPage {
            l: layout(me, "people", "ptitle.person_new", "/people/new", None),
            input,
            errors,
            genders: label_opts(tr, "gender", &["male", "female"]),
            ethnicities: ethnicity_opts(),
            educations: label_opts(tr, "education", &EDUCATION),
            statuses: status_opts(tr),
        }
    }

    fn val(&self, field: &str) -> String {
        self.input.get(field)
    }
}

async fn new_form(me: Me) -> WebResult<Response> {
    if me.actor.grants.scopes(Permission::PersonWrite).is_empty() {
        return Err(StorageError::Forbidden.into());
    }
    let input = PForm {
        node_id: me.actor.home.as_ref().map(|(id, _)| id.to_string()),
        status: Some(Status::Masses.code().to_string()),
        ..Default::default()
    };
    Ok(page(&NewPage::new(&me, input, Errors::default())))
}

async fn create(State(st): State<AppState>, me: Me, Form(f): Form<PForm>) -> WebResult<Response> {
    let input = f.input();
    let r = async {
        match opt_id("node_id", &f.node_id) {
            Ok(Some(node)) => Ok(st
                .store
                .scoped(&me.actor)
                .people()
                .create(&input, node)
                .await?),
            other => {
                // Report the other fields' problems along with the missing node.
                let mut fe = FieldErrors::new();
                if let Err(DomainError::Invalid(x)) = input.parse(today()) {
                    for (k, v) in x.0 {
                        fe.add(&k, &v);
                    }
                }
                let key = if other.is_err() {
                    "err.number_invalid"
                } else {
                    "err.node_required"
                };
                fe.add("node_id", key);
                Err(WebError::from(DomainError::Invalid(fe)))
            }
        }
    }
    .await;
    match r {
        Ok(p) => Ok(see_other(&format!("/people/{}?ok=pok.created", p.id))),
        Err(e) => {
            let errors = form_failure(e, me.ctx.tr())?;
            Ok(render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &NewPage::new(&me, f, Errors(errors)),
            ))
        }
    }
}

// ---------------------------------------------------------------------------------------
// A person's page.

/// One line of the growth ledger as the page shows it.
struct Entry {
    on: NaiveDate,
    label: &'static str,
    source: String,
    title: String,
    detail: Option<String>,
    by: Option<String>,
}

#[derive(Template)]
#[template(path = "people/person.html")]
struct PersonPage {
    l: Layout,
    p: PersonView,
    can_write: bool,
    can_reveal: bool,
    posts: Vec<PostView>,
    honours: Vec<HonourView>,
    ledger: Vec<Entry>,
    genders: Vec<Opt>,
    ethnicities: Vec<Opt>,
    educations: Vec<Opt>,
    steps: Vec<Opt>,
    levels: Vec<Opt>,
    post_opts: Vec<Opt>,
    errors: Errors,
    /// Which form failed: `edit`, `step`, `post`, `posts`, `honour`, `honours`, `note`,
    /// `delete`.
    form: &'static str,
    input: PForm,
    current: PForm,
    fresh: PForm,
    today: String,
}

impl PersonPage {
    /// A field's value: as submitted when its form failed, the person's own in the edit
    /// form, otherwise the empty form's.
    fn val(&self, form: &str, field: &str) -> String {
        if self.form == form {
            self.input.get(field)
        } else if form == "edit" {
            self.current.get(field)
        } else {
            self.fresh.get(field)
        }
    }

    fn label(&self, prefix: &str, code: &str) -> &'static str {
        label(&self.l, prefix, code)
    }

    fn day(&self, v: &Option<NaiveDate>) -> String {
        day(v)
    }
}

struct PView {
    flash: Option<String>,
    errors: Errors,
    form: &'static str,
    input: PForm,
    reveal: bool,
    status: StatusCode,
}

impl PView {
    fn ok(flash: Option<String>, reveal: bool) -> PView {
        PView {
            flash,
            errors: Errors::default(),
            form: "",
            input: PForm::default(),
            reveal,
            status: StatusCode::OK,
        }
    }
}

async fn render_person(st: &AppState, me: &Me, id: i64, v: PView) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let people = s.people();
    let p = people.get(id, v.reveal).await?;
    let can_write = people.can_write(id).await?;
    let can_reveal = people.can_reveal(id).await?;
    let posts = s
        .posts()
        .list(
            &PostFilter {
                person: Some(id),
                ..Default::default()
            },
            ALL,
        )
        .await?
        .items;
    let honours = s
        .honours()
        .list(
            &HonourFilter {
                person: Some(id),
                ..Default::default()
            },
            ALL,
        )
        .await?
        .items;
    let ledger = people
        .ledger(id)
        .await?
        .into_iter()
        .map(|e| Entry {
            on: e.on,
            label: tr.t(&format!("ledger.{}", e.kind)),
            title: if e.kind == "step.extend_probation" && !e.title.is_empty() {
                tr.tf("ppage.extend_months", &[("n", &e.title)])
            } else {
                e.title
            },
            source: e.source,
            detail: e.detail,
            by: e.by,
        })
        .collect();
    let mut l = layout(
        me,
        "people",
        "ptitle.person",
        &format!("/people/{id}"),
        v.flash.as_deref(),
    );
    l.title = p.name.clone();
    let page = PersonPage {
        l,
        current: PForm::of(&p),
        p,
        can_write,
        can_reveal,
        posts,
        honours,
        ledger,
        genders: label_opts(tr, "gender", &["male", "female"]),
        ethnicities: ethnicity_opts(),
        educations: label_opts(tr, "education", &EDUCATION),
        steps: label_opts(tr, "step", &Step::CODES),
        levels: label_opts(tr, "honour_level", &HONOUR_LEVELS),
        post_opts: post_opts(s, tr).await?,
        errors: v.errors,
        form: v.form,
        input: v.input,
        fresh: PForm::blank(),
        today: today().to_string(),
    };
    Ok(render(v.status, &page))
}

#[derive(Deserialize, Default)]
struct ShowQ {
    reveal: Option<String>,
    ok: Option<String>,
}

async fn show(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<ShowQ>,
) -> WebResult<Response> {
    let reveal = q.reveal.as_deref() == Some("1");
    render_person(&st, &me, id, PView::ok(q.ok, reveal)).await
}

/// Re-renders the person's page with a form's errors, or passes a non-form error on.
async fn failed(
    st: &AppState,
    me: &Me,
    id: i64,
    form: &'static str,
    input: PForm,
    e: WebError,
) -> WebResult<Response> {
    let errors = form_failure(e, me.ctx.tr())?;
    let reveal = form == "edit" && input.revealed.as_deref() == Some("1");
    let v = PView {
        flash: None,
        errors: Errors(errors),
        form,
        input,
        reveal,
        status: StatusCode::UNPROCESSABLE_ENTITY,
    };
    render_person(st, me, id, v).await
}

async fn update(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<PForm>,
) -> WebResult<Response> {
    let r = async {
        let revealed = f.revealed.as_deref() == Some("1");
        // Numbers not shown in full are only replaced when a new one is typed.
        let number = |v: &Option<String>| {
            let t = text(v);
            (revealed || !t.trim().is_empty()).then_some(t)
        };
        let patch = PersonPatch {
            name: Some(text(&f.name)),
            gender: Some(text(&f.gender)),
            ethnicity: Some(text(&f.ethnicity)),
            birth_date: Some(text(&f.birth_date)),
            id_number: number(&f.id_number),
            phone: number(&f.phone),
            education: Some(text(&f.education)),
            applied_on: Some(text(&f.applied_on)),
            activist_on: Some(text(&f.activist_on)),
            development_object_on: Some(text(&f.development_object_on)),
            probation_on: Some(text(&f.probation_on)),
            full_on: Some(text(&f.full_on)),
            notes: Some(text(&f.notes)),
            node_id: opt_id("node_id", &f.node_id)?,
        };
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .people()
                .update(id, patch)
                .await?,
        )
    }
    .await;
    match r {
        Ok(_) => Ok(see_other(&format!("/people/{id}?ok=pok.saved"))),
        Err(e) => failed(&st, &me, id, "edit", f, e).await,
    }
}

async fn transition(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<PForm>,
) -> WebResult<Response> {
    let r = async {
        let code = text(&f.step);
        let months = if code == "extend_probation" {
            i32_of("months", "err.number_invalid", opt_id("months", &f.months)?)?
                .map(|m| u32::try_from(m).unwrap_or(0))
        } else {
            None
        };
        let t = crate::people::api::transition_input(
            code.trim(),
            f.on.as_deref().unwrap_or(""),
            months,
            blank(&f.note),
        )?;
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .people()
                .transition(id, t)
                .await?,
        )
    }
    .await;
    match r {
        Ok(_) => Ok(see_other(&format!("/people/{id}?ok=pok.transitioned"))),
        Err(e) => failed(&st, &me, id, "step", f, e).await,
    }
}

async fn add_post(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<PForm>,
) -> WebResult<Response> {
    let r = async {
        let mut fe = FieldErrors::new();
        let code = text(&f.post_code);
        if code.trim().is_empty() {
            fe.add("post_code", "err.required");
        }
        let node = match opt_id("node_id", &f.post_node_id) {
            Ok(Some(n)) => Some(n),
            Ok(None) => {
                fe.add("node_id", "err.node_required");
                None
            }
            Err(_) => {
                fe.add("node_id", "err.number_invalid");
                None
            }
        };
        let term = fe.check(
            "start_on",
            parse_term(
                f.start_on.as_deref().unwrap_or(""),
                f.end_on.as_deref().unwrap_or(""),
                today(),
            ),
        );
        if let Err(DomainError::Invalid(x)) = parse_note(f.note.as_deref().unwrap_or("")) {
            for (k, v) in x.0 {
                fe.add(&k, &v);
            }
        }
        fe.into_result()?;
        let (node, term) = (node.expect("checked"), term.expect("checked"));
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .posts()
                .create(id, code.trim(), node, term, f.note.as_deref().unwrap_or(""))
                .await?,
        )
    }
    .await;
    match r {
        Ok(_) => Ok(see_other(&format!("/people/{id}?ok=pok.post_added"))),
        Err(e) => failed(&st, &me, id, "post", f, e).await,
    }
}

/// The person a post or honour form came from (to return to their page).
fn person_of(f: &PForm) -> WebResult<i64> {
    opt_id("person_id", &f.person_id)?.ok_or(WebError::NotFound)
}

async fn end_post(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<PForm>,
) -> WebResult<Response> {
    let person = person_of(&f)?;
    let s = st.store.scoped(&me.actor);
    let held = s
        .posts()
        .list(
            &PostFilter {
                person: Some(person),
                ..Default::default()
            },
            ALL,
        )
        .await?
        .items
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(WebError::NotFound)?;
    let r = async {
        let end = text(&f.end_on);
        if end.trim().is_empty() {
            return Err(StorageError::field("end_on", "err.required").into());
        }
        let term = parse_term(&held.start_on.to_string(), &end, today())?;
        Ok::<_, WebError>(
            s.posts()
                .update(id, term, held.note.as_deref().unwrap_or(""))
                .await?,
        )
    }
    .await;
    match r {
        Ok(_) => Ok(see_other(&format!("/people/{person}?ok=pok.post_ended"))),
        Err(e) => failed(&st, &me, person, "posts", f, e).await,
    }
}

async fn delete_post(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<PForm>,
) -> WebResult<Response> {
    let person = person_of(&f)?;
    match st.store.scoped(&me.actor).posts().delete(id).await {
        Ok(()) => Ok(see_other(&format!("/people/{person}?ok=pok.post_deleted"))),
        Err(e) => failed(&st, &me, person, "posts", f, e.into()).await,
    }
}

async fn add_honour(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<PForm>,
) -> WebResult<Response> {
    let r = async {
        let mut fe = FieldErrors::new();
        let awarding = match opt_id("awarding_node_id", &f.awarding_node_id) {
            Ok(n) => n,
            Err(_) => {
                fe.add("awarding_node_id", "err.number_invalid");
                None
            }
        };
        let h = fe.check(
            "title",
            parse_honour(
                f.title.as_deref().unwrap_or(""),
                f.level.as_deref().unwrap_or(""),
                f.awarded_on.as_deref().unwrap_or(""),
                f.note.as_deref().unwrap_or(""),
                today(),
            ),
        );
        fe.into_result()?;
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .honours()
                .create(id, h.expect("checked"), awarding)
                .await?,
        )
    }
    .await;
    match r {
        Ok(_) => Ok(see_other(&format!("/people/{id}?ok=pok.honour_added"))),
        Err(e) => failed(&st, &me, id, "honour", f, e).await,
    }
}

async fn delete_honour(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<PForm>,
) -> WebResult<Response> {
    let person = person_of(&f)?;
    match st.store.scoped(&me.actor).honours().delete(id).await {
        Ok(()) => Ok(see_other(&format!(
            "/people/{person}?ok=pok.honour_deleted"
        ))),
        Err(e) => failed(&st, &me, person, "honours", f, e.into()).await,
    }
}

async fn add_note(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<PForm>,
) -> WebResult<Response> {
    let r = async {
        let on = required_date("on_date", &f.on_date)?;
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .people()
                .add_note(id, on, f.body.as_deref().unwrap_or(""))
                .await?,
        )
    }
    .await;
    match r {
        Ok(()) => Ok(see_other(&format!("/people/{id}?ok=pok.note_added"))),
        Err(e) => failed(&st, &me, id, "note", f, e).await,
    }
}

async fn delete(State(st): State<AppState>, me: Me, Path(id): Path<i64>) -> WebResult<Response> {
    match st.store.scoped(&me.actor).people().delete(id).await {
        Ok(()) => Ok(see_other("/people?ok=pok.deleted")),
        Err(e) => failed(&st, &me, id, "delete", PForm::default(), e.into()).await,
    }
}

// ---------------------------------------------------------------------------------------
// Imports and exports.

struct ImportSection {
    slug: &'static str,
    title: &'static str,
    can_upload: bool,
}

#[derive(Template)]
#[template(path = "people/people_import.html")]
struct ImportPage {
    l: Layout,
    sections: Vec<ImportSection>,
}

async fn import_page(me: Me) -> WebResult<Response> {
    let g = &me.actor.grants;
    if g.scopes(Permission::PersonRead).is_empty() {
        return Err(StorageError::NotFound.into());
    }
    let l = layout(&me, "people", "ptitle.import", "/people/import", None);
    let sections = Ledger::ALL
        .into_iter()
        .map(|ledger| ImportSection {
            slug: ledger.slug(),
            title: l.t(&ledger.sheet_key()),
            can_upload: !g
                .scopes(if ledger == Ledger::Quotas {
                    Permission::QuotaManage
                } else {
                    Permission::PersonWrite
                })
                .is_empty(),
        })
        .collect();
    Ok(page(&ImportPage { l, sections }))
}

#[derive(Template)]
#[template(path = "people/import_result.html")]
struct ImportResult {
    l: Layout,
    /// Set when the file was imported.
    done: Option<String>,
    list_href: &'static str,
    /// Why nothing was imported.
    error: String,
    cells: Vec<CellError>,
    report: String,
}

/// Takes one uploaded file and answers the `import_result.html` fragment. The fragment
/// comes with 200 either way, so htmx shows it.
async fn import_upload(
    State(st): State<AppState>,
    me: Me,
    Path(slug): Path<String>,
    mut mp: Multipart,
) -> WebResult<Response> {
    let ledger = Ledger::from_slug(&slug).ok_or(WebError::NotFound)?;
    let tr = me.ctx.tr();
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut problem: Option<&'static str> = None;
    let too_large = |s: StatusCode| {
        if s == StatusCode::PAYLOAD_TOO_LARGE {
            "err.body_too_large"
        } else {
            "err.sheet_unreadable"
        }
    };
    loop {
        match mp.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => {
                let name = field.file_name().unwrap_or("import.xlsx").to_string();
                match field.bytes().await {
                    Ok(b) => file = Some((name, b.to_vec())),
                    Err(e) => {
                        problem = Some(too_large(e.status()));
                        break;
                    }
                }
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(e) => {
                problem = Some(too_large(e.status()));
                break;
            }
        }
    }
    let mut res = ImportResult {
        l: layout(&me, "people", "ptitle.import", "/people/import", None),
        done: None,
        list_href: match ledger {
            Ledger::People | Ledger::Posts => "/people",
            Ledger::Honours => "/honours",
            Ledger::Quotas => "/quotas",
        },
        error: String::new(),
        cells: vec![],
        report: String::new(),
    };
    match (problem, file.filter(|(_, b)| !b.is_empty())) {
        (Some(key), _) => res.error = tr.t(key).to_string(),
        (None, None) => res.error = tr.t("err.file_required").to_string(),
        (None, Some((name, bytes))) => {
            let s = st.store.scoped(&me.actor);
            let imported = match st.imports.admit().await {
                Ok(_turn) => people_io::import(&s, ledger, tr, &name, bytes.into()).await,
                Err(busy) => Err(busy.on_form()),
            };
            match imported {
                Ok(Imported::Done(n)) => {
                    res.done = Some(tr.tf("ppage.imported", &[("n", &n.to_string())]))
                }
                Ok(Imported::Refused { cells, report }) => {
                    res.error = tr.t("err.import_invalid").to_string();
                    res.cells = cells;
                    res.report = report;
                }
                Err(e) => match form_errors(&e, tr) {
                    Some(errs) => res.error = errs.into_values().collect::<Vec<_>>().join(" "),
                    None => return Err(e),
                },
            }
        }
    }
    Ok(page(&res))
}

async fn import_report(
    State(st): State<AppState>,
    me: Me,
    Path(token): Path<String>,
) -> WebResult<Response> {
    crate::import_answer::report(&st.store.scoped(&me.actor), &token).await
}

// ---------------------------------------------------------------------------------------
// Development quotas.

#[derive(Deserialize, Default)]
struct QuotaQ {
    year: Option<String>,
    under: Option<String>,
    page: Option<String>,
    ok: Option<String>,
}

#[derive(Deserialize, Default)]
struct QuotaForm {
    node_id: Option<String>,
    year: Option<String>,
    amount: Option<String>,
}

#[derive(Template)]
#[template(path = "people/quotas.html")]
struct QuotasPage {
    l: Layout,
    items: Vec<QuotaView>,
    pager: Pager,
    year: String,
    under: String,
    can_allocate: bool,
    export_href: String,
    errors: Errors,
    input: QuotaForm,
}

async fn render_quotas(
    st: &AppState,
    me: &Me,
    q: QuotaQ,
    errors: Errors,
    input: QuotaForm,
    status: StatusCode,
) -> WebResult<Response> {
    // No `year` at all is this year; an empty one is every year.
    let year = q.year.clone().unwrap_or_else(|| today().year().to_string());
    let req = parse_page(&q.page)?;
    let f = QuotaFilter {
        year: i32_of(
            "year",
            "err.year_range",
            opt_id("year", &Some(year.clone()))?,
        )?,
        under: opt_id("under", &q.under)?,
    };
    let p = st.store.scoped(&me.actor).quotas().list(&f, req).await?;
    let params = vec![("year", year.clone()), ("under", text(&q.under))];
    let pager = Pager::new(req, p.total, &params);
    let export_href = with_query("/api/v1/quotas/export.xlsx", &pager);
    let input = QuotaForm {
        year: input.year.or_else(|| Some(year.clone())),
        ..input
    };
    let page = QuotasPage {
        l: layout(me, "quotas", "ptitle.quotas", "/quotas", q.ok.as_deref()),
        items: p.items,
        pager,
        year,
        under: text(&q.under),
        can_allocate: !me.actor.grants.scopes(Permission::QuotaManage).is_empty(),
        export_href,
        errors,
        input,
    };
    Ok(render(status, &page))
}

async fn quotas(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<QuotaQ>,
) -> WebResult<Response> {
    render_quotas(
        &st,
        &me,
        q,
        Errors::default(),
        QuotaForm::default(),
        StatusCode::OK,
    )
    .await
}

async fn allocate(
    State(st): State<AppState>,
    me: Me,
    Form(f): Form<QuotaForm>,
) -> WebResult<Response> {
    let r = async {
        let mut fe = FieldErrors::new();
        let mut num = |field: &str, v: &Option<String>, missing: &str| match opt_id(field, v) {
            Ok(Some(n)) => Some(n),
            Ok(None) => {
                fe.add(field, missing);
                None
            }
            Err(_) => {
                fe.add(field, "err.number_invalid");
                None
            }
        };
        let node = num("node_id", &f.node_id, "err.node_required");
        let year = num("year", &f.year, "err.required");
        let amount = num("amount", &f.amount, "err.required");
        let year = year.and_then(|y| match i32::try_from(y) {
            Ok(y) => Some(y),
            Err(_) => {
                fe.add("year", "err.year_range");
                None
            }
        });
        let amount = amount.and_then(|a| match i32::try_from(a) {
            Ok(a) => Some(a),
            Err(_) => {
                fe.add("amount", "err.quota_amount");
                None
            }
        });
        fe.into_result()?;
        let (node, year, amount) = (
            node.expect("checked"),
            year.expect("checked"),
            amount.expect("checked"),
        );
        match st
            .store
            .scoped(&me.actor)
            .quotas()
            .allocate(node, year, amount)
            .await
        {
            Ok(v) => Ok(v),
            Err(StorageError::NotFound) => {
                Err(StorageError::field("node_id", "err.node_missing").into())
            }
            Err(e) => Err(WebError::from(e)),
        }
    }
    .await;
    match r {
        Ok(v) => Ok(see_other(&format!(
            "/quotas?year={}&ok=pok.allocated",
            v.year
        ))),
        Err(e) => {
            let errors = form_failure(e, me.ctx.tr())?;
            // The list shows the year of the form when it is one.
            let year = text(&f.year).trim().parse::<i32>().ok();
            let q = QuotaQ {
                year: year
                    .filter(|y| (2000..=2100).contains(y))
                    .map(|y| y.to_string()),
                ..Default::default()
            };
            render_quotas(
                &st,
                &me,
                q,
                Errors(errors),
                f,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

// ---------------------------------------------------------------------------------------
// Honours.

#[derive(Deserialize, Default)]
struct HonoursQ {
    title: Option<String>,
    page: Option<String>,
}

struct TitleLink {
    title: String,
    holders: u64,
    href: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "people/honours.html")]
struct HonoursPage {
    l: Layout,
    titles: Vec<TitleLink>,
    title: String,
    items: Vec<HonourView>,
    pager: Pager,
    export_href: String,
}

impl HonoursPage {
    fn label(&self, prefix: &str, code: &str) -> &'static str {
        label(&self.l, prefix, code)
    }
}

async fn honours(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<HonoursQ>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let req = parse_page(&q.page)?;
    let title = blank(&q.title).unwrap_or_default();
    let titles = s
        .honours()
        .titles(None)
        .await?
        .into_iter()
        .map(|t| TitleLink {
            href: format!("/honours?title={}", urlencoding::encode(&t.title)),
            selected: t.title == title,
            title: t.title,
            holders: t.holders,
        })
        .collect();
    let (items, total) = if title.is_empty() {
        (vec![], 0)
    } else {
        let p = s
            .honours()
            .list(
                &HonourFilter {
                    title: Some(title.clone()),
                    ..Default::default()
                },
                req,
            )
            .await?;
        (p.items, p.total)
    };
    let pager = Pager::new(req, total, &[("title", title.clone())]);
    let mut l = layout(&me, "honours", "ptitle.honours", "/honours", None);
    if !title.is_empty() {
        l.title = title.clone();
    }
    Ok(page(&HonoursPage {
        l,
        titles,
        title,
        items,
        pager,
        export_href: "/api/v1/honours/export.xlsx".to_string(),
    }))
}

// ---------------------------------------------------------------------------------------
// The counts panel of an organization's page.

/// What the organization page's "人员统计" panel shows, labelled.
pub struct CountsPanel {
    pub node_id: i64,
    pub title: String,
    pub people: u64,
    pub members: u64,
    pub workers_full: u64,
    pub workers_part: u64,
    pub applicants: u64,
    pub quota_received: Option<i64>,
    pub quota_used: u64,
    pub by_status: Vec<(&'static str, u64)>,
    pub honours: Vec<TitleCount>,
}

/// The panel for `node` when the caller may read the people there.
pub async fn counts_panel(
    s: Scoped<'_>,
    tr: Tr,
    node: Option<&OrgNode>,
) -> WebResult<Option<CountsPanel>> {
    let Some(n) = node else {
        return Ok(None);
    };
    let year = today().year();
    // Storage decides: a node whose people the caller may not read answers NotFound.
    let c = match s.people().counts(Some(n.id), year).await {
        Ok(c) => c,
        Err(StorageError::NotFound) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    Ok(Some(CountsPanel {
        node_id: n.id,
        title: tr.tf("ppanel.title", &[("year", &year.to_string())]),
        people: c.people,
        members: c.members,
        workers_full: c.party_workers_full,
        workers_part: c.party_workers_part,
        applicants: c.applicants_this_year,
        quota_received: c.quota_received,
        quota_used: c.quota_used,
        by_status: Status::ALL
            .iter()
            .map(|st| {
                (
                    tr.t(&format!("pstatus.{}", st.code())),
                    c.by_status.get(st.code()).copied().unwrap_or(0),
                )
            })
            .collect(),
        honours: c.honours,
    }))
}
