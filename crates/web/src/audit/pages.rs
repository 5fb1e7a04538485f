//! The audit log, filtered and exported.

use crate::audit::api::AuditQuery;
use crate::error::WebResult;
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
}

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
            per_page: None,
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

pub const ACTIONS: [&str; 12] = [
    "create",
    "update",
    "delete",
    "move",
    "grant",
    "revoke",
    "login",
    "login_failed",
    "logout",
    "export",
    "reset_password",
    "change_password",
];
pub const RECORDS: [&str; 8] = [
    "org_node",
    "org_kind",
    "user",
    "role",
    "assignment",
    "api_token",
    "session",
    "audit_log",
];

#[derive(Template)]
#[template(path = "audit/audit.html")]
struct AuditPage {
    l: Layout,
    items: Vec<AuditEntry>,
    pager: Pager,
    f: Vec<(&'static str, String)>,
    actions: Vec<&'static str>,
    records: Vec<&'static str>,
    export_href: String,
}

impl AuditPage {
    fn val(&self, name: &str) -> &str {
        self.f
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }
    fn action(&self, a: &str) -> &'static str {
        self.l.t(&format!("action.{a}"))
    }
    fn record(&self, r: &str) -> &'static str {
        self.l.t(&format!("record.{r}"))
    }
    fn json(&self, v: &Option<serde_json::Value>) -> String {
        v.as_ref().map(|v| v.to_string()).unwrap_or_default()
    }
}

async fn index(State(st): State<AppState>, me: Me, Query(q): Query<Q>) -> WebResult<Response> {
    let aq = q.query()?;
    let req = touyan_domain::paging::PageRequest::parse(aq.page, None)?;
    let p = st
        .store
        .scoped(&me.actor)
        .audit()
        .list(&aq.filter()?, req)
        .await?;
    let f = q.params();
    let pager = Pager::new(req, p.total, &f);
    let export_href = format!("/audit/export.xlsx?{}", pager.base.trim_end_matches('&'));
    Ok(page(&AuditPage {
        l: Layout::new(&me.ctx, "audit", "title.audit", "/audit"),
        items: p.items,
        pager,
        f,
        actions: ACTIONS.to_vec(),
        records: RECORDS.to_vec(),
        export_href,
    }))
}

async fn export(State(st): State<AppState>, me: Me, Query(q): Query<Q>) -> WebResult<Response> {
    crate::audit::api::export_audit(&st, &me, &q.query()?.filter()?).await
}
