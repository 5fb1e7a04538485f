//! Visits (走访): the list, the form with its list of problems (a row more at a click, or
//! by submitting without script), a visit with the requests it raised; and the page that
//! takes the 12345 hotline's batch files.

use crate::error::{WebError, WebResult};
use crate::i18n::{Lang, Tr};
use crate::import_answer::{CellError, Imported};
use crate::pages::Opt;
use crate::pages::{
    form_errors, opt_id, page, parse_page, render, see_other, Errors, Layout, Me, Pager,
};
use crate::request::io as request_io;
use crate::AppState;
use askama::Template;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Form;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use touyan_domain::access::Permission;
use touyan_domain::fields::parse_date;
use touyan_domain::request::intake::Urgency;
use touyan_domain::request::workflow::State as RequestState;
use touyan_storage::people::PersonFilter;
use touyan_storage::request::visit::{
    ProblemInput, VisitDetail, VisitFilter, VisitInput, VisitView, MAX_PROBLEMS,
};
use touyan_storage::{Scoped, StorageError};

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route("/visits", get(index).post(create))
        .route("/visits/new", get(new_form))
        .route("/visits/new/problem", get(problem_row))
        .route("/visits/{id}", get(show))
        .route(
            "/requests/import",
            get(import_page)
                .post(import_upload)
                .layer(DefaultBodyLimit::max(crate::upload_guard::IMPORT_LIMIT)),
        )
        .route("/requests/import/report/{token}", get(import_report))
}

/// Blank problem rows a new form starts with.
const FIRST_ROWS: usize = 2;

/// The post of the ledger whose holders visit enterprises (DESIGN module 1).
const INSTRUCTOR_POST: &str = "instructor";

/// Most people the visitor choice lists.
const VISITOR_CHOICES: u64 = 500;

/// A page frame whose flash may be one of this module's notices.
fn layout(me: &Me, title_key: &str, path: &str, flash: Option<&str>) -> Layout {
    let mut l = Layout::new(&me.ctx, "requests", title_key, path);
    l.flash = flash
        .filter(|k| k.starts_with("rvisit.ok_") || k.starts_with("ok."))
        .map(|k| l.tr.t(k).to_string());
    l
}

fn text(v: &Option<String>) -> String {
    v.as_deref().map(str::trim).unwrap_or_default().to_string()
}

fn blank(v: &Option<String>) -> Option<String> {
    Some(text(v)).filter(|s| !s.is_empty())
}

/// Category names by code, in the page's language, in their order.
async fn category_opts(s: Scoped<'_>, tr: Tr) -> WebResult<Vec<Opt>> {
    Ok(s.visits()
        .categories()
        .await?
        .into_iter()
        .map(|c| Opt {
            label: if tr.lang == Lang::En {
                c.name_en
            } else {
                c.name_zh
            },
            code: c.code,
        })
        .collect())
}

fn urgency_opts(tr: Tr) -> Vec<Opt> {
    Urgency::ALL
        .iter()
        .map(|u| Opt {
            code: u.code().to_string(),
            label: tr.t(&format!("rvisit.urgency.{}", u.code())).to_string(),
        })
        .collect()
}

/// The state of a request in the page's language.
fn state_label(tr: Tr, code: &str) -> String {
    match RequestState::from_code(code) {
        Some(s) if tr.lang == Lang::En => s.def().en.to_string(),
        Some(s) => s.def().zh.to_string(),
        None => code.to_string(),
    }
}

/// 404 unless the caller reads requests somewhere.
fn require_read(me: &Me) -> WebResult<()> {
    if me.actor.grants.scopes(Permission::RequestRead).is_empty() {
        Err(StorageError::NotFound.into())
    } else {
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// The list.

#[derive(Deserialize, Default)]
struct ListQ {
    under: Option<String>,
    kind: Option<String>,
    from: Option<String>,
    to: Option<String>,
    q: Option<String>,
    page: Option<String>,
    ok: Option<String>,
}

#[derive(Template)]
#[template(path = "request/request_visits.html")]
struct ListPage {
    l: Layout,
    items: Vec<VisitView>,
    pager: Pager,
    under: String,
    kind: String,
    from: String,
    to: String,
    q: String,
    can_record: bool,
}

async fn index(State(st): State<AppState>, me: Me, Query(q): Query<ListQ>) -> WebResult<Response> {
    require_read(&me)?;
    let s = st.store.scoped(&me.actor);
    let req = parse_page(&q.page)?;
    let day = |field: &str, v: &Option<String>| -> WebResult<_> {
        Ok(parse_date(field, v.as_deref().unwrap_or(""))?)
    };
    let filter = VisitFilter {
        under: opt_id("under", &q.under)?,
        kind: blank(&q.kind),
        from: day("from", &q.from)?,
        to: day("to", &q.to)?,
        q: blank(&q.q),
        visitor_person_id: None,
    };
    let p = s.visits().list(&filter, req).await?;
    let params = vec![
        ("under", text(&q.under)),
        ("kind", text(&q.kind)),
        ("from", text(&q.from)),
        ("to", text(&q.to)),
        ("q", text(&q.q)),
    ];
    let pager = Pager::new(req, p.total, &params);
    Ok(page(&ListPage {
        l: layout(&me, "rvisit.title", "/visits", q.ok.as_deref()),
        items: p.items,
        pager,
        under: params[0].1.clone(),
        kind: params[1].1.clone(),
        from: params[2].1.clone(),
        to: params[3].1.clone(),
        q: params[4].1.clone(),
        can_record: s.visits().can_record(),
    }))
}

// ---------------------------------------------------------------------------------------
// The form.

/// One problem row of the form, as typed, with its errors.
#[derive(Default, Clone)]
pub struct ProblemRow {
    pub number: usize,
    pub category: String,
    pub description: String,
    pub address: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub urgency: String,
    pub errors: BTreeMap<String, String>,
}

impl ProblemRow {
    pub fn err(&self, field: &str) -> &str {
        self.errors.get(field).map(String::as_str).unwrap_or("")
    }
}

#[derive(Template)]
#[template(path = "request/request_visit_new.html")]
struct NewPage {
    l: Layout,
    vals: HashMap<String, String>,
    rows: Vec<ProblemRow>,
    errors: Errors,
    categories: Vec<Opt>,
    urgencies: Vec<Opt>,
    visitors: Vec<Opt>,
    max_problems: usize,
}

impl NewPage {
    fn val(&self, k: &str) -> &str {
        self.vals.get(k).map(String::as_str).unwrap_or("")
    }
}

/// One blank row, as the "add a problem" button fetches it.
#[derive(Template)]
#[template(path = "request/request_visit_problem.html")]
struct ProblemFragment {
    l: Layout,
    row: ProblemRow,
    categories: Vec<Opt>,
    urgencies: Vec<Opt>,
}

/// The instructors (党建工作指导员) of the ledger the caller may read, to name as visitor;
/// none for callers without the people module.
async fn visitor_opts(s: Scoped<'_>) -> WebResult<Vec<Opt>> {
    let f = PersonFilter {
        post: Some(INSTRUCTOR_POST.into()),
        ..Default::default()
    };
    match s.people().all(&f, VISITOR_CHOICES, false).await {
        Ok(people) => Ok(people
            .into_iter()
            .map(|p| Opt {
                code: p.id.to_string(),
                label: format!("{}（{}）", p.name, p.node_name),
            })
            .collect()),
        Err(StorageError::NotFound) => Ok(vec![]),
        Err(e) => Err(e.into()),
    }
}

/// 403 or 404 unless the caller records visits somewhere.
fn require_record(me: &Me, s: Scoped<'_>) -> WebResult<()> {
    if s.visits().can_record() {
        Ok(())
    } else {
        require_read(me)?;
        Err(StorageError::Forbidden.into())
    }
}

async fn form_page(
    me: &Me,
    s: Scoped<'_>,
    vals: HashMap<String, String>,
    rows: Vec<ProblemRow>,
    errors: BTreeMap<String, String>,
) -> WebResult<NewPage> {
    let tr = me.ctx.tr();
    Ok(NewPage {
        l: layout(me, "rvisit.new", "/visits/new", None),
        vals,
        rows,
        errors: Errors(errors),
        categories: category_opts(s, tr).await?,
        urgencies: urgency_opts(tr),
        visitors: visitor_opts(s).await?,
        max_problems: MAX_PROBLEMS,
    })
}

fn blank_rows(from: usize, n: usize) -> Vec<ProblemRow> {
    (from..from + n)
        .map(|i| ProblemRow {
            number: i + 1,
            ..Default::default()
        })
        .collect()
}

#[derive(Deserialize, Default)]
struct NewQ {
    node_id: Option<String>,
}

async fn new_form(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<NewQ>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    require_record(&me, s)?;
    let mut vals = HashMap::new();
    vals.insert("node_id".to_string(), text(&q.node_id));
    vals.insert(
        "visited_on".to_string(),
        touyan_storage::kit::today().to_string(),
    );
    let p = form_page(&me, s, vals, blank_rows(0, FIRST_ROWS), BTreeMap::new()).await?;
    Ok(page(&p))
}

async fn problem_row(State(st): State<AppState>, me: Me) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    require_record(&me, s)?;
    let tr = me.ctx.tr();
    Ok(page(&ProblemFragment {
        l: layout(&me, "rvisit.new", "/visits/new", None),
        row: ProblemRow::default(),
        categories: category_opts(s, tr).await?,
        urgencies: urgency_opts(tr),
    }))
}

/// The visit's own fields in the form.
const VISIT_FIELDS: [&str; 8] = [
    "node_id",
    "visited_on",
    "visitor_person_id",
    "visitor_name",
    "household",
    "notes",
    "contact_name",
    "contact_phone",
];

/// The submitted form: the visit's fields by name, and the problem rows by position (each
/// row sends every one of its fields, so the n-th value of each belongs to the n-th row).
fn read_form(pairs: Vec<(String, String)>) -> (HashMap<String, String>, Vec<ProblemRow>, bool) {
    let mut vals = HashMap::new();
    let mut rows: Vec<ProblemRow> = vec![];
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut add_row = false;
    for (k, v) in pairs {
        if let Some(field) = k.strip_prefix("p_") {
            let n = seen.entry(field.to_string()).or_insert(0);
            if rows.len() <= *n {
                rows.resize_with(*n + 1, ProblemRow::default);
            }
            let row = &mut rows[*n];
            *n += 1;
            match field {
                "category" => row.category = v,
                "description" => row.description = v,
                "address" => row.address = v,
                "contact_name" => row.contact_name = v,
                "contact_phone" => row.contact_phone = v,
                "urgency" => row.urgency = v,
                _ => {}
            }
        } else if k == "add_row" {
            add_row = true;
        } else if VISIT_FIELDS.contains(&k.as_str()) {
            vals.insert(k, v);
        }
    }
    (vals, rows, add_row)
}

fn problem_input(r: &ProblemRow) -> ProblemInput {
    ProblemInput {
        category: r.category.clone(),
        description: r.description.clone(),
        address: r.address.clone(),
        contact_name: r.contact_name.clone(),
        contact_phone: r.contact_phone.clone(),
        urgency: r.urgency.clone(),
    }
}

async fn create(
    State(st): State<AppState>,
    me: Me,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let (vals, rows, add_row) = read_form(pairs);
    // Rows left blank are dropped, so the numbers the storage reports match what is kept.
    let mut kept: Vec<ProblemRow> = rows
        .into_iter()
        .filter(|r| !problem_input(r).is_blank())
        .collect();
    for (i, r) in kept.iter_mut().enumerate() {
        r.number = i + 1;
    }
    if add_row {
        // Without script, "add a problem" submits the form: it comes back with one more row.
        require_record(&me, s)?;
        let extra = if kept.len() < MAX_PROBLEMS { 1 } else { 0 };
        let mut rows = kept;
        let n = rows.len();
        rows.extend(blank_rows(n, extra.max(usize::from(n == 0))));
        let p = form_page(&me, s, vals, rows, BTreeMap::new()).await?;
        return Ok(page(&p));
    }
    let id = |k: &str| opt_id(k, &vals.get(k).cloned());
    let field = |k: &str| vals.get(k).cloned().unwrap_or_default();
    let ids = (id("node_id"), id("visitor_person_id"));
    let result = match ids {
        (Ok(node_id), Ok(visitor_person_id)) => {
            let input = VisitInput {
                node_id,
                visited_on: field("visited_on"),
                visitor_person_id,
                visitor_name: field("visitor_name"),
                household: field("household"),
                notes: field("notes"),
                contact_name: field("contact_name"),
                contact_phone: field("contact_phone"),
                problems: kept.iter().map(problem_input).collect(),
            };
            s.visits().create(&input).await.map_err(WebError::from)
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    match result {
        Ok(v) => Ok(see_other(&format!(
            "/visits/{}?ok=rvisit.ok_created",
            v.visit.id
        ))),
        Err(e) => {
            let Some(errs) = form_errors(&e, tr) else {
                return Err(e);
            };
            let mut top = BTreeMap::new();
            for (k, msg) in errs {
                // `problems.<i>.<field>` goes beside the row's field.
                let mut parts = k.splitn(3, '.');
                match (parts.next(), parts.next(), parts.next()) {
                    (Some("problems"), Some(i), Some(f)) => {
                        if let Some(r) = i.parse::<usize>().ok().and_then(|i| kept.get_mut(i)) {
                            r.errors.insert(f.to_string(), msg);
                        }
                    }
                    _ => {
                        top.insert(k, msg);
                    }
                }
            }
            let mut rows = kept;
            if rows.is_empty() {
                rows = blank_rows(0, 1);
            }
            let p = form_page(&me, s, vals, rows, top).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
    }
}

// ---------------------------------------------------------------------------------------
// A visit.

/// A request of the visit as its table shows it.
struct RequestLine {
    id: i64,
    code: String,
    category: String,
    description: String,
    state: String,
    urgency: String,
    contact: String,
}

#[derive(Template)]
#[template(path = "request/request_visit.html")]
struct ShowPage {
    l: Layout,
    v: VisitView,
    requests: Vec<RequestLine>,
    can_record: bool,
}

#[derive(Deserialize, Default)]
struct ShowQ {
    ok: Option<String>,
}

async fn show(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<ShowQ>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let VisitDetail { visit, requests } = s.visits().get(id).await?;
    let names: HashMap<String, String> = category_opts(s, tr)
        .await?
        .into_iter()
        .map(|o| (o.code, o.label))
        .collect();
    let requests = requests
        .into_iter()
        .map(|r| RequestLine {
            id: r.id,
            category: names.get(&r.category).cloned().unwrap_or(r.category),
            state: state_label(tr, &r.state),
            urgency: tr.t(&format!("rvisit.urgency.{}", r.urgency)).to_string(),
            contact: match (r.contact_name, r.contact_phone) {
                (Some(n), Some(p)) => format!("{n} {p}"),
                (Some(n), None) => n,
                (None, Some(p)) => p,
                (None, None) => String::new(),
            },
            code: touyan_domain::request::intake::display_tracking_code(&r.code),
            description: r.description,
        })
        .collect();
    Ok(page(&ShowPage {
        l: layout(
            &me,
            "rvisit.title",
            &format!("/visits/{id}"),
            q.ok.as_deref(),
        ),
        v: visit,
        requests,
        can_record: s.visits().can_record(),
    }))
}

// ---------------------------------------------------------------------------------------
// The 12345 hotline import.

#[derive(Template)]
#[template(path = "request/request_import.html")]
struct ImportPage {
    l: Layout,
    can_upload: bool,
}

async fn import_page(me: Me) -> WebResult<Response> {
    require_read(&me)?;
    let can_upload = !me
        .actor
        .grants
        .scopes(Permission::RequestDispatch)
        .is_empty();
    Ok(page(&ImportPage {
        l: layout(&me, "rimport.title", "/requests/import", None),
        can_upload,
    }))
}

#[derive(Template)]
#[template(path = "request/request_import_result.html")]
struct ImportResult {
    l: Layout,
    /// Set when the file was imported.
    done: Option<String>,
    /// Why nothing was imported.
    error: String,
    cells: Vec<CellError>,
    report: String,
}

/// Takes one uploaded file and answers the result fragment, with 200 either way so htmx
/// shows it.
async fn import_upload(
    State(st): State<AppState>,
    me: Me,
    mut mp: Multipart,
) -> WebResult<Response> {
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
                let name = field.file_name().unwrap_or("12345.xlsx").to_string();
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
        l: layout(&me, "rimport.title", "/requests/import", None),
        done: None,
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
                Ok(_turn) => request_io::import(&s, tr, &name, bytes.into()).await,
                Err(busy) => Err(busy.on_form()),
            };
            match imported {
                Ok(Imported::Done(n)) => {
                    res.done = Some(tr.tf("rimport.imported", &[("n", &n.to_string())]))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn p(k: &str, v: &str) -> (String, String) {
        (k.to_string(), v.to_string())
    }

    #[test]
    fn problem_rows_are_read_by_position() {
        let (vals, rows, add) = read_form(vec![
            p("_csrf", "x"),
            p("node_id", "7"),
            p("p_category", "enterprise"),
            p("p_description", "用工难"),
            p("p_urgency", "normal"),
            p("p_category", "municipal"),
            p("p_description", "路灯坏了"),
            p("p_urgency", "urgent"),
            p("household", ""),
        ]);
        assert!(!add);
        assert_eq!(vals.get("node_id").map(String::as_str), Some("7"));
        assert!(!vals.contains_key("_csrf"));
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].category, "municipal");
        assert_eq!(rows[1].description, "路灯坏了");
        assert_eq!(rows[1].urgency, "urgent");
        let (_, rows, add) = read_form(vec![p("add_row", "1"), p("p_category", "")]);
        assert!(add);
        assert!(problem_input(&rows[0]).is_blank());
    }
}
