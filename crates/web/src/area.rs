//! What a product area hands the web layer, so that the shared parts (the API's and the
//! pages' routers, the OpenAPI document, the menu, the page forms' permission check) ask the
//! list of areas (`crate::areas`) instead of naming each one.

use crate::error::WebError;
use crate::i18n::Tr;
use crate::routes::Routes;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;
use touyan_domain::access::{Grants, Permission};
use touyan_storage::{Scoped, StorageError, Store};

/// One area's entry in the list of areas.
pub struct WebArea {
    pub name: &'static str,
    /// Its JSON API, under `/api`.
    pub api: Option<fn() -> Routes>,
    /// Its part of the OpenAPI document.
    pub openapi: Option<fn() -> utoipa::openapi::OpenApi>,
    pub pages: fn() -> Routes,
    pub nav: &'static [NavEntry],
    /// What each of its state-changing page forms needs held somewhere (see
    /// `require::writes_by_route`); a form not listed is open to every caller who reaches it.
    pub form_writes: &'static [FormWrite],
    /// Its interface texts, each file as (zh-CN, en).
    pub locales: &'static [(&'static str, &'static str)],
    /// Work the server does on a timer while it serves.
    pub jobs: &'static [Job],
    /// Panels it adds to an organization node's page.
    pub node_panels: &'static [NodePanel],
    /// What waits on the caller in this area, for the workbench (工作台).
    pub todos: Option<TodoSource>,
}

/// One to-do of the workbench: how many records wait on the caller, how many of them are
/// past due or carded, and the lists that show each number.
pub struct Todo {
    pub label: String,
    pub total: u64,
    pub href: String,
    pub overdue: u64,
    pub overdue_href: String,
    pub carded: u64,
    pub carded_href: String,
}

pub type TodoAnswer<'a> = Pin<Box<dyn Future<Output = Result<Vec<Todo>, WebError>> + Send + 'a>>;

/// An area's to-dos for the caller; none when the caller takes no step in the area.
pub type TodoSource = for<'a> fn(Scoped<'a>, Tr) -> TodoAnswer<'a>;

/// Every area's to-dos for the caller, in the order of the areas.
pub async fn todos(areas: &[&WebArea], s: Scoped<'_>, tr: Tr) -> Result<Vec<Todo>, WebError> {
    let mut out = vec![];
    for source in areas.iter().filter_map(|a| a.todos) {
        out.extend(source(s, tr).await?);
    }
    Ok(out)
}

/// A panel's HTML, or nothing when the caller may not see the area's records at the node.
pub type PanelAnswer<'a> =
    Pin<Box<dyn Future<Output = Result<Option<String>, WebError>> + Send + 'a>>;

/// A panel an area adds to the page of a node (by its id), e.g. the people counts there: the
/// organization page asks every area for its panels and names none.
pub type NodePanel = for<'a> fn(Scoped<'a>, Tr, i64) -> PanelAnswer<'a>;

/// Every area's panels for node `id`, in the order of the areas.
pub async fn node_panels(
    areas: &[&WebArea],
    s: Scoped<'_>,
    tr: Tr,
    id: i64,
) -> Result<Vec<String>, WebError> {
    let mut out = vec![];
    for panel in areas.iter().flat_map(|a| a.node_panels.iter()) {
        out.extend(panel(s, tr, id).await?);
    }
    Ok(out)
}

/// One round of a job: how many records it changed.
pub type JobRound<'a> = Pin<Box<dyn Future<Output = Result<u64, StorageError>> + Send + 'a>>;

/// A task run every `every` while the server serves (the first round at once).
pub struct Job {
    pub name: &'static str,
    pub every: Duration,
    pub run: for<'a> fn(&'a Store) -> JobRound<'a>,
}

/// Starts every job of every area; the handles stop them.
pub fn spawn_jobs(areas: &[&WebArea], store: &Store) -> Vec<tokio::task::JoinHandle<()>> {
    let jobs = areas.iter().flat_map(|a| a.jobs.iter());
    jobs.map(|job| {
        let store = store.clone();
        let (name, every, run) = (job.name, job.every, job.run);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                match run(&store).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(job = name, records = n, "job done"),
                    Err(e) => tracing::warn!(job = name, error = %e, "job failed"),
                }
            }
        })
    })
    .collect()
}

/// A page form's path and the permissions of which the caller needs one.
pub type FormWrite = (&'static str, &'static [Permission]);

/// An entry of the menu.
pub struct NavEntry {
    pub href: &'static str,
    /// Translation key of its label.
    pub label: &'static str,
    /// The section a page names to mark the entry as the current one.
    pub section: &'static str,
    /// Its place in the menu, smaller first.
    pub order: u16,
    pub shown: Shown,
}

/// Who sees a menu entry.
pub enum Shown {
    Always,
    /// Whoever holds the permission somewhere.
    Holding(Permission),
    /// Whoever holds the permission over the whole tree.
    Everywhere(Permission),
}

impl Shown {
    pub fn to(&self, g: &Grants) -> bool {
        match self {
            Shown::Always => true,
            Shown::Holding(p) => !g.scopes(*p).is_empty(),
            Shown::Everywhere(p) => g.allows_global(*p),
        }
    }
}

/// The menu entries `g` sees, of every area, in menu order.
pub fn menu<'a>(areas: &'a [&'a WebArea], g: &Grants) -> Vec<&'a NavEntry> {
    let mut out: Vec<&NavEntry> = areas
        .iter()
        .flat_map(|a| a.nav.iter())
        .filter(|e| e.shown.to(g))
        .collect();
    out.sort_by_key(|e| e.order);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use touyan_domain::access::Grant;
    use touyan_domain::tree::TreePath;

    const fn entry(order: u16, shown: Shown) -> NavEntry {
        NavEntry {
            href: "/x",
            label: "x",
            section: "x",
            order,
            shown,
        }
    }

    const AREA: WebArea = WebArea {
        name: "x",
        api: None,
        openapi: None,
        pages: Routes::new,
        locales: &[],
        jobs: &[],
        node_panels: &[],
        todos: None,
        nav: &[
            entry(30, Shown::Always),
            entry(10, Shown::Always),
            entry(20, Shown::Holding(Permission::OrgRead)),
            entry(5, Shown::Everywhere(Permission::OrgRead)),
        ],
        form_writes: &[],
    };

    fn orders(v: Vec<&NavEntry>) -> Vec<u16> {
        v.iter().map(|e| e.order).collect()
    }

    #[test]
    fn the_menu_holds_what_the_grants_allow_in_order() {
        assert_eq!(orders(menu(&[&AREA], &Grants::default())), vec![10, 30]);
        let grant = |scope: TreePath| {
            Grants::new(vec![Grant {
                permissions: [Permission::OrgRead].into_iter().collect(),
                scope,
            }])
        };
        let below = grant(TreePath::for_root(7));
        assert_eq!(orders(menu(&[&AREA], &below)), vec![10, 20, 30]);
        let whole = grant(TreePath::everything());
        assert_eq!(orders(menu(&[&AREA], &whole)), vec![5, 10, 20, 30]);
    }
}
