use crate::area::{home_charts, home_panels, todos, Todo};
use crate::charts::Chart;
use crate::error::WebResult;
use crate::pages::{page, Layout, Me};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use touyan_domain::access::Permission;
use touyan_storage::audit::AuditEntry;
use touyan_storage::org::TreeItem;

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new().route("/", get(home))
}

#[derive(Template)]
#[template(path = "home/home.html")]
struct HomePage {
    l: Layout,
    nodes: u64,
    disabled: u64,
    by_kind: Vec<(String, u64)>,
    users: Option<u64>,
    roots: Vec<TreeItem>,
    recent: Vec<AuditEntry>,
    can_audit: bool,
    /// What comes first for the caller (a studio leader's studio), already rendered.
    panels: Vec<String>,
    /// What waits on the caller, from every area that has to-dos for them.
    todos: Vec<Todo>,
    /// The figures of the caller's scope, from every area that draws some.
    charts: Vec<Chart>,
}

impl HomePage {
    /// Nothing waits on the caller in any area.
    fn todos_clear(&self) -> bool {
        self.todos.iter().all(|t| t.total == 0)
    }
    fn action(&self, a: &str, record_type: &str) -> &'static str {
        crate::audit_words::action(self.l.tr, a, record_type)
    }
    fn record(&self, r: &str) -> &'static str {
        crate::audit_words::record(self.l.tr, r)
    }
    /// What the entry's record is called, as the audit log names it.
    fn subject(&self, e: &AuditEntry) -> String {
        crate::audit_words::subject(e.before.as_ref(), e.after.as_ref()).unwrap_or_default()
    }
}

async fn home(State(st): State<AppState>, me: Me) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let g = &me.actor.grants;
    let (nodes, disabled, by_kind, roots) = if g.scopes(Permission::OrgRead).is_empty() {
        (0, 0, vec![], vec![])
    } else {
        let c = s.orgs().counts(None).await?;
        (c.nodes, c.disabled, c.by_kind, s.orgs().roots().await?)
    };
    let users = if g.scopes(Permission::UserRead).is_empty() {
        None
    } else {
        Some(s.users().count(None).await?)
    };
    let can_audit = !g.scopes(Permission::AuditRead).is_empty();
    let recent = if can_audit {
        s.audit().recent(8).await?
    } else {
        vec![]
    };
    let panels = home_panels(crate::areas::AREAS, s, me.ctx.tr()).await?;
    let todos = todos(crate::areas::AREAS, s, me.ctx.tr()).await?;
    let charts = home_charts(crate::areas::AREAS, s, me.ctx.tr()).await?;
    Ok(page(&HomePage {
        l: Layout::new(&me.ctx, "home", "title.home", "/")
            .with_kinds(s)
            .await?,
        nodes,
        disabled,
        by_kind,
        users,
        roots,
        recent,
        can_audit,
        panels,
        todos,
        charts,
    }))
}
