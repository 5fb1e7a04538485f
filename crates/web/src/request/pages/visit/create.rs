//! Recording a visit: reading the form and the write.

use super::*;

/// The visit's own fields in the form.
pub(super) const VISIT_FIELDS: [&str; 8] = [
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
pub(super) fn read_form(
    pairs: Vec<(String, String)>,
) -> (HashMap<String, String>, Vec<ProblemRow>, bool) {
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

pub(super) fn problem_input(r: &ProblemRow) -> ProblemInput {
    ProblemInput {
        category: r.category.clone(),
        description: r.description.clone(),
        address: r.address.clone(),
        contact_name: r.contact_name.clone(),
        contact_phone: r.contact_phone.clone(),
        urgency: r.urgency.clone(),
    }
}

pub(super) async fn create(
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
