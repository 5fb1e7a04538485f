//! Writing the people sheet of a filter.

use super::*;

/// Filters an export takes.
#[derive(Debug, Clone, Default)]
pub struct ExportFilter {
    pub people: PersonFilter,
    pub year: Option<i32>,
    pub reveal: bool,
}

fn d(v: Option<chrono::NaiveDate>) -> Cell {
    v.map(|d| Cell::Text(d.to_string())).unwrap_or(Cell::Empty)
}

/// A ledger as .xlsx with the template's headers, scoped and audited.
pub async fn export(
    s: &Scoped<'_>,
    ledger: Ledger,
    tr: Tr,
    f: &ExportFilter,
) -> WebResult<Response> {
    let (rows, headers) = match ledger {
        Ledger::People => people_rows(s, tr, f).await?,
        Ledger::Posts => post_rows(s, tr, f).await?,
        Ledger::Honours => honour_rows(s, tr, f).await?,
        Ledger::Quotas => quota_rows(s, tr, f).await?,
    };
    s.audit()
        .note(
            "export",
            ledger.record_type(),
            Permission::PersonRead,
            f.people.under,
            Some(serde_json::json!({"rows": rows.len(), "reveal": f.reveal})),
        )
        .await?;
    let h: Vec<&str> = headers.iter().map(String::as_str).collect();
    let name = format!("{}.xlsx", tr.t(&ledger.sheet_key()));
    xlsx::download(&name, tr.t(&ledger.sheet_key()), &h, rows)
}

/// An export's rows and its headers.
type Sheet = (Vec<Vec<Cell>>, Vec<String>);

/// The label of a code, as the sheet shows it.
fn label(tr: Tr, prefix: &str, code: &str) -> String {
    tr.t(&format!("{prefix}.{code}")).to_string()
}

/// The column headers named by `pcol.` keys.
fn headers(tr: Tr, keys: &[&str]) -> Vec<String> {
    keys.iter()
        .map(|k| tr.t(&format!("pcol.{k}")).to_string())
        .collect()
}

/// The people ledger, with the template's headers.
async fn people_rows(s: &Scoped<'_>, tr: Tr, f: &ExportFilter) -> WebResult<Sheet> {
    let spec = spec(Ledger::People, tr, vec![], vec![]);
    let people = s.people().all(&f.people, EXPORT_CAP, f.reveal).await?;
    // Nodes named as an import by the same person finds them again.
    let nodes = match s.import_nodes(EXPORT_CAP * 2).await {
        Ok(n) => Some(n),
        Err(touyan_storage::StorageError::NotFound) => None,
        Err(e) => return Err(e.into()),
    };
    let rows = people
        .into_iter()
        .map(|p| {
            let node = nodes
                .as_ref()
                .and_then(|n| n.name_for(p.node_id, &p.node_name))
                .unwrap_or(p.node_name);
            vec![
                p.name.into(),
                label(tr, "gender", &p.gender).into(),
                p.ethnicity.into(),
                Cell::Text(p.birth_date.to_string()),
                p.id_number.into(),
                p.phone.into(),
                p.education.map(|e| label(tr, "education", &e)).into(),
                node.into(),
                label(tr, "pstatus", &p.status).into(),
                d(p.applied_on),
                d(p.activist_on),
                d(p.development_object_on),
                d(p.probation_on),
                d(p.full_on),
                p.notes.into(),
            ]
        })
        .collect();
    let headers = spec.columns.iter().map(|c| c.header.clone()).collect();
    Ok((rows, headers))
}

/// The posts under the filter's node.
async fn post_rows(s: &Scoped<'_>, tr: Tr, f: &ExportFilter) -> WebResult<Sheet> {
    let pf = PostFilter {
        under: f.people.under,
        post: f.people.post.clone(),
        ..Default::default()
    };
    let posts = s.posts().all(&pf, EXPORT_CAP).await?;
    let headers = headers(
        tr,
        &[
            "person_name",
            "post",
            "post_node",
            "start_on",
            "end_on",
            "note",
        ],
    );
    let rows = posts
        .into_iter()
        .map(|p| {
            vec![
                p.person_name.into(),
                p.post_name.into(),
                p.node_name.into(),
                Cell::Text(p.start_on.to_string()),
                d(p.end_on),
                p.note.into(),
            ]
        })
        .collect();
    Ok((rows, headers))
}

/// The honours under the filter's node, of its year if it names one.
async fn honour_rows(s: &Scoped<'_>, tr: Tr, f: &ExportFilter) -> WebResult<Sheet> {
    let hf = HonourFilter {
        under: f.people.under,
        year: f.year,
        ..Default::default()
    };
    let hs = s.honours().all(&hf, EXPORT_CAP).await?;
    let headers = headers(
        tr,
        &[
            "person_name",
            "node",
            "title",
            "level",
            "awarded_on",
            "awarding_node",
            "note",
        ],
    );
    let rows = hs
        .into_iter()
        .map(|h| {
            vec![
                h.person_name.into(),
                h.node_name.into(),
                h.title.into(),
                label(tr, "honour_level", &h.level).into(),
                Cell::Text(h.awarded_on.to_string()),
                h.awarding_node_name.into(),
                h.note.into(),
            ]
        })
        .collect();
    Ok((rows, headers))
}

/// The quotas under the filter's node, of its year if it names one.
async fn quota_rows(s: &Scoped<'_>, tr: Tr, f: &ExportFilter) -> WebResult<Sheet> {
    let qf = QuotaFilter {
        year: f.year,
        under: f.people.under,
    };
    let qs = s.quotas().all(&qf, EXPORT_CAP).await?;
    let headers = headers(
        tr,
        &[
            "node",
            "year",
            "received",
            "handed_down",
            "used",
            "remaining",
        ],
    );
    let rows = qs
        .into_iter()
        .map(|q| {
            vec![
                q.node_name.into(),
                Cell::Int(q.year as i64),
                Cell::Int(q.received as i64),
                Cell::Int(q.handed_down as i64),
                Cell::Int(q.used as i64),
                Cell::Int(q.remaining as i64),
            ]
        })
        .collect();
    Ok((rows, headers))
}
