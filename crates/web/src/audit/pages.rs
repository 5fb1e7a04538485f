//! The audit log, filtered and exported.

use crate::audit::api::AuditQuery;
use crate::audit_words::{self as words, Change};
use crate::error::WebResult;
use crate::i18n::Tr;
use crate::pages::{page, Layout, Me, Pager};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;
use touyan_storage::audit::AuditEntry;

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route("/audit", get(index))
        .route("/audit/export.xlsx", get(export))
}

/// The page's filters arrive as text, so an empty field is simply no filter.
#[derive(Deserialize, Default)]
struct Q {
    user: Option<String>,
    action: Option<String>,
    record_type: Option<String>,
    record_id: Option<String>,
    under: Option<String>,
    from: Option<String>,
    to: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
    /// Count every entry for the exact total (otherwise counted up to `COUNTED_UP_TO`).
    exact: Option<String>,
}

/// How far the log's total is counted on a page: past it the page says "more than" and
/// counts them all on demand, so a page over a city's million entries costs what one over a
/// grid does.
const COUNTED_UP_TO: u64 = 1000;

impl Q {
    fn query(&self) -> WebResult<AuditQuery> {
        Ok(AuditQuery {
            user: crate::pages::opt_id("user", &self.user)?,
            action: self.action.clone(),
            record_type: self.record_type.clone(),
            record_id: self.record_id.clone(),
            under: crate::pages::opt_id("under", &self.under)?,
            from: self.from.clone(),
            to: self.to.clone(),
            page: crate::pages::opt_id("page", &self.page)?,
            per_page: crate::pages::opt_id("per_page", &self.per_page)?,
        })
    }
    fn params(&self) -> Vec<(&'static str, String)> {
        let v = |o: &Option<String>| o.clone().unwrap_or_default();
        vec![
            ("user", v(&self.user)),
            ("action", v(&self.action)),
            ("record_type", v(&self.record_type)),
            ("record_id", v(&self.record_id)),
            ("under", v(&self.under)),
            ("from", v(&self.from)),
            ("to", v(&self.to)),
        ]
    }
}

/// A kind of record the object filter offers, under its group.
struct RecordGroup {
    label: &'static str,
    kinds: Vec<(&'static str, &'static str)>,
}

/// An entry as the page shows it: its action and record in words, its changes as fields.
struct Row {
    e: AuditEntry,
    action: &'static str,
    record: &'static str,
    /// What the record is called, when the entry says.
    subject: Option<String>,
    changes: Vec<Change>,
}

/// Above this many changed fields an entry's changes are folded.
const OPEN_CHANGES: usize = 4;

#[derive(Template)]
#[template(path = "audit/audit.html")]
struct AuditPage {
    l: Layout,
    rows: Vec<Row>,
    pager: Pager,
    f: Vec<(&'static str, String)>,
    actions: Vec<(&'static str, &'static str)>,
    records: Vec<RecordGroup>,
    export_href: String,
    /// The same filters without the one record they are narrowed to.
    without_record: String,
}

impl AuditPage {
    fn val(&self, name: &str) -> &str {
        self.f
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }
    fn folded(&self, r: &Row) -> bool {
        r.changes.len() > OPEN_CHANGES
    }
    fn fields_n(&self, r: &Row) -> String {
        self.l
            .tr
            .tf("audit.fields_n", &[("n", &r.changes.len().to_string())])
    }
}

fn rows(tr: Tr, items: Vec<AuditEntry>) -> Vec<Row> {
    items
        .into_iter()
        .map(|e| Row {
            action: words::action(tr, &e.action, &e.record_type),
            record: words::record(tr, &e.record_type),
            subject: words::subject(e.before.as_ref(), e.after.as_ref()),
            changes: words::changes(tr, &e.record_type, e.before.as_ref(), e.after.as_ref()),
            e,
        })
        .collect()
}

fn record_groups(tr: Tr) -> Vec<RecordGroup> {
    words::RECORDS
        .iter()
        .map(|(label, kinds)| RecordGroup {
            label: tr.t(label),
            kinds: kinds.iter().map(|k| (*k, words::record(tr, k))).collect(),
        })
        .collect()
}

async fn index(State(st): State<AppState>, me: Me, Query(q): Query<Q>) -> WebResult<Response> {
    let tr = me.ctx.tr();
    let aq = q.query()?;
    let req = touyan_domain::paging::PageRequest::parse(aq.page, aq.per_page)?;
    let audit = st.store.scoped(&me.actor).audit();
    let (p, over) = if q.exact.as_deref().is_some_and(|v| !v.is_empty()) {
        (audit.list(&aq.filter()?, req).await?, false)
    } else {
        audit
            .list_bounded(&aq.filter()?, req, COUNTED_UP_TO)
            .await?
    };
    let f = q.params();
    let pager = Pager::new(req, p.total, &f).bounded(over);
    let export_href = format!("/audit/export.xlsx?{}", pager.base.trim_end_matches('&'));
    let rest: Vec<String> = f
        .iter()
        .filter(|(k, v)| *k != "record_id" && !v.is_empty())
        .map(|(k, v)| format!("{k}={}", urlencoding::encode(v)))
        .collect();
    let without_record = format!("/audit?{}", rest.join("&"));
    Ok(page(&AuditPage {
        without_record,
        l: Layout::new(&me.ctx, "audit", "title.audit", "/audit"),
        rows: rows(tr, p.items),
        pager,
        f,
        actions: words::ACTIONS
            .iter()
            .map(|a| (*a, tr.t(&format!("action.{a}"))))
            .collect(),
        records: record_groups(tr),
        export_href,
    }))
}

async fn export(State(st): State<AppState>, me: Me, Query(q): Query<Q>) -> WebResult<Response> {
    crate::audit::api::export_audit(&st, &me, &q.query()?.filter()?).await
}
