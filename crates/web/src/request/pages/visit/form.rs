//! The new-visit form and its problem rows.

use super::*;

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
pub(super) struct NewPage {
    pub(super) l: Layout,
    pub(super) vals: HashMap<String, String>,
    pub(super) rows: Vec<ProblemRow>,
    pub(super) errors: Errors,
    pub(super) categories: Vec<Opt>,
    pub(super) urgencies: Vec<Opt>,
    pub(super) visitors: Vec<Opt>,
    pub(super) max_problems: usize,
}

impl NewPage {
    pub(super) fn val(&self, k: &str) -> &str {
        self.vals.get(k).map(String::as_str).unwrap_or("")
    }
}

/// One blank row, as the "add a problem" button fetches it.
#[derive(Template)]
#[template(path = "request/request_visit_problem.html")]
pub(super) struct ProblemFragment {
    pub(super) l: Layout,
    pub(super) row: ProblemRow,
    pub(super) categories: Vec<Opt>,
    pub(super) urgencies: Vec<Opt>,
}

/// The instructors (党建工作指导员) of the ledger the caller may read, to name as visitor;
/// none for callers without the people module.
pub(super) async fn visitor_opts(s: Scoped<'_>) -> WebResult<Vec<Opt>> {
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
pub(super) fn require_record(me: &Me, s: Scoped<'_>) -> WebResult<()> {
    if s.visits().can_record() {
        Ok(())
    } else {
        require_read(me)?;
        Err(StorageError::Forbidden.into())
    }
}

pub(super) async fn form_page(
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

pub(super) fn blank_rows(from: usize, n: usize) -> Vec<ProblemRow> {
    (from..from + n)
        .map(|i| ProblemRow {
            number: i + 1,
            ..Default::default()
        })
        .collect()
}

#[derive(Deserialize, Default)]
pub(super) struct NewQ {
    pub(super) node_id: Option<String>,
}

pub(super) async fn new_form(
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

pub(super) async fn problem_row(State(st): State<AppState>, me: Me) -> WebResult<Response> {
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
