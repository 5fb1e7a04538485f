//! What a product area hands the web layer, so that the shared parts (the API's and the
//! pages' routers, the OpenAPI document, the menu, the page forms' permission check) ask the
//! list of areas (`crate::areas`) instead of naming each one.

use crate::charts::Chart;
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
    /// Its charts of the caller's scope for the workbench.
    pub home_charts: Option<ChartSource>,
    /// What it puts first on the caller's workbench when the caller has a place in it (a
    /// studio leader's own studio), as HTML.
    pub home_panels: Option<HomePanel>,
    /// Reminders it derives for the caller when read, shown with the notifications.
    pub reminders: Option<ReminderSource>,
    /// Dated items of the caller's scope for the calendar feed.
    pub feed_items: Option<FeedSource>,
}

/// A reminder derived at read time (not stored, never marked read): "3 个组织本月主题党日未按
/// 要求开展", with the list that shows them.
pub struct Reminder {
    pub text: String,
    pub href: String,
    /// Its deadline has passed.
    pub urgent: bool,
}

pub type ReminderAnswer<'a> =
    Pin<Box<dyn Future<Output = Result<Vec<Reminder>, WebError>> + Send + 'a>>;

/// An area's reminders for the caller on a day (Beijing), in the caller's language; none
/// when nothing of the area waits on the caller. A new one is one function:
///
/// ```ignore
/// fn due_soon(s: Scoped<'_>, tr: Tr, today: NaiveDate) -> ReminderAnswer<'_> {
///     Box::pin(async move { /* count the caller's tasks due by today + 3 */ Ok(vec![]) })
/// }
/// // and in the area's `WebArea`: `reminders: Some(due_soon),`
/// ```
pub type ReminderSource = for<'a> fn(Scoped<'a>, Tr, chrono::NaiveDate) -> ReminderAnswer<'a>;

/// Every area's reminders for the caller, in the order of the areas.
pub async fn reminders(
    areas: &[&WebArea],
    s: Scoped<'_>,
    tr: Tr,
    today: chrono::NaiveDate,
) -> Result<Vec<Reminder>, WebError> {
    let mut out = vec![];
    for source in areas.iter().filter_map(|a| a.reminders) {
        out.extend(source(s, tr, today).await?);
    }
    Ok(out)
}

/// When a feed item happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedWhen {
    /// A time of day in Beijing time, lasting so many minutes.
    At(chrono::NaiveDateTime, u32),
    /// A whole day (a due date).
    Day(chrono::NaiveDate),
}

/// A dated record of the caller's scope for the calendar feed.
pub struct FeedItem {
    /// Stable and unique among the area's items, e.g. `cadence-activity-7`.
    pub key: String,
    pub when: FeedWhen,
    pub title: String,
    pub details: Option<String>,
    pub place: Option<String>,
    /// The record's path on the site.
    pub href: String,
}

pub type FeedAnswer<'a> =
    Pin<Box<dyn Future<Output = Result<Vec<FeedItem>, WebError>> + Send + 'a>>;

/// An area's dated items of the caller's scope between two days inclusive (Beijing), in the
/// caller's language; none when the caller reads nothing of the area. A new one is one
/// function, `fn due(s: Scoped<'_>, tr: Tr, from: NaiveDate, to: NaiveDate) ->
/// FeedAnswer<'_>`, named in the area's `WebArea` as `feed_items: Some(due)`.
pub type FeedSource =
    for<'a> fn(Scoped<'a>, Tr, chrono::NaiveDate, chrono::NaiveDate) -> FeedAnswer<'a>;

/// Every area's dated items for the caller, in the order of the areas.
pub async fn feed_items(
    areas: &[&WebArea],
    s: Scoped<'_>,
    tr: Tr,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<Vec<FeedItem>, WebError> {
    let mut out = vec![];
    for source in areas.iter().filter_map(|a| a.feed_items) {
        out.extend(source(s, tr, from, to).await?);
    }
    Ok(out)
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

pub type ChartAnswer<'a> = Pin<Box<dyn Future<Output = Result<Vec<Chart>, WebError>> + Send + 'a>>;

/// An area's charts of the caller's whole scope; none when the caller reads nothing of it.
pub type ChartSource = for<'a> fn(Scoped<'a>, Tr) -> ChartAnswer<'a>;

/// An area's panels for the caller's workbench; none when the caller has no place in it.
pub type HomePanel = for<'a> fn(Scoped<'a>, Tr) -> HomePanelAnswer<'a>;

pub type HomePanelAnswer<'a> =
    Pin<Box<dyn Future<Output = Result<Vec<String>, WebError>> + Send + 'a>>;

/// Every area's panels for the caller's workbench, in the order of the areas.
pub async fn home_panels(
    areas: &[&WebArea],
    s: Scoped<'_>,
    tr: Tr,
) -> Result<Vec<String>, WebError> {
    let mut out = vec![];
    for source in areas.iter().filter_map(|a| a.home_panels) {
        out.extend(source(s, tr).await?);
    }
    Ok(out)
}

/// Every area's charts for the caller's workbench, in the order of the areas.
pub async fn home_charts(
    areas: &[&WebArea],
    s: Scoped<'_>,
    tr: Tr,
) -> Result<Vec<Chart>, WebError> {
    let mut out = vec![];
    for source in areas.iter().filter_map(|a| a.home_charts) {
        // A chart with nothing to draw is left out.
        out.extend(source(s, tr).await?.into_iter().filter(|c| !c.is_empty()));
    }
    Ok(out)
}

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

/// A group of the side menu. Each is declared once, here; an area's entry names its group.
pub struct NavGroup {
    pub key: &'static str,
    /// Translation key of its label.
    pub label: &'static str,
    /// Its place in the menu, smaller first.
    pub order: u16,
    /// Whether its entries are in the side menu; the personal group's are in the user menu.
    pub side: bool,
}

/// The groups of the menu.
pub mod groups {
    use super::NavGroup;

    const fn group(key: &'static str, label: &'static str, order: u16) -> NavGroup {
        NavGroup {
            key,
            label,
            order,
            side: true,
        }
    }

    pub const WORKBENCH: NavGroup = group("workbench", "navg.workbench", 10);
    pub const ORGANIZATION: NavGroup = group("organization", "navg.organization", 20);
    pub const MEMBERS: NavGroup = group("members", "navg.members", 30);
    pub const STUDIOS: NavGroup = group("studios", "navg.studios", 40);
    pub const SERVICE: NavGroup = group("service", "navg.service", 50);
    pub const WORK: NavGroup = group("work", "navg.work", 35);
    pub const SYSTEM: NavGroup = group("system", "navg.system", 90);
    /// The signed-in user's own pages, in the user menu at the top right.
    pub const PERSONAL: NavGroup = NavGroup {
        key: "personal",
        label: "navg.personal",
        order: 100,
        side: false,
    };
}

/// An entry of the menu.
pub struct NavEntry {
    /// The group it is listed in.
    pub group: &'static NavGroup,
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
    /// Whoever holds the permission nowhere.
    Lacking(Permission),
}

impl Shown {
    pub fn to(&self, g: &Grants) -> bool {
        match self {
            Shown::Always => true,
            Shown::Holding(p) => !g.scopes(*p).is_empty(),
            Shown::Everywhere(p) => g.allows_global(*p),
            Shown::Lacking(p) => g.scopes(*p).is_empty(),
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

/// One group of the menu with the entries of it that a caller sees, in order.
pub struct MenuGroup<'a> {
    pub group: &'a NavGroup,
    pub entries: Vec<&'a NavEntry>,
}

/// The menu `g` sees, by group: groups in their order, each with its visible entries in
/// theirs; a group with no visible entry is left out.
pub fn grouped_menu<'a>(areas: &'a [&'a WebArea], g: &Grants) -> Vec<MenuGroup<'a>> {
    let mut out: Vec<MenuGroup<'a>> = Vec::new();
    for e in menu(areas, g) {
        match out.iter_mut().find(|m| m.group.key == e.group.key) {
            Some(m) => m.entries.push(e),
            None => out.push(MenuGroup {
                group: e.group,
                entries: vec![e],
            }),
        }
    }
    out.sort_by_key(|m| m.group.order);
    out
}

/// The entry a page of `section` belongs to, whoever sees it.
pub fn entry_of<'a>(areas: &'a [&'a WebArea], section: &str) -> Option<&'a NavEntry> {
    areas
        .iter()
        .flat_map(|a| a.nav.iter())
        .filter(|e| !section.is_empty() && e.section == section)
        .min_by_key(|e| e.order)
}

#[cfg(test)]
mod tests {
    use super::*;
    use touyan_domain::access::Grant;
    use touyan_domain::tree::TreePath;

    const fn entry(order: u16, shown: Shown) -> NavEntry {
        in_group(&groups::WORKBENCH, order, shown)
    }

    const fn in_group(group: &'static NavGroup, order: u16, shown: Shown) -> NavEntry {
        NavEntry {
            group,
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
        home_charts: None,
        home_panels: None,
        reminders: None,
        feed_items: None,
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

    /// Two areas' entries spread over three groups, declared out of order.
    const OTHER: WebArea = WebArea {
        name: "y",
        api: None,
        openapi: None,
        pages: Routes::new,
        locales: &[],
        jobs: &[],
        node_panels: &[],
        todos: None,
        home_charts: None,
        home_panels: None,
        reminders: None,
        feed_items: None,
        nav: &[
            in_group(&groups::SYSTEM, 92, Shown::Everywhere(Permission::OrgRead)),
            in_group(&groups::SERVICE, 51, Shown::Holding(Permission::OrgRead)),
            in_group(&groups::SYSTEM, 91, Shown::Always),
            in_group(&groups::SERVICE, 50, Shown::Holding(Permission::OrgRead)),
            in_group(&groups::MEMBERS, 30, Shown::Everywhere(Permission::OrgRead)),
        ],
        form_writes: &[],
    };

    fn shape(v: Vec<MenuGroup>) -> Vec<(&'static str, Vec<u16>)> {
        v.into_iter()
            .map(|m| (m.group.key, orders(m.entries)))
            .collect()
    }

    #[test]
    fn the_menu_groups_what_the_grants_allow_and_hides_empty_groups() {
        let areas: &[&WebArea] = &[&OTHER, &AREA];
        let none = grouped_menu(areas, &Grants::default());
        assert_eq!(
            shape(none),
            vec![("workbench", vec![10, 30]), ("system", vec![91])]
        );
        let grant = |scope: TreePath| {
            Grants::new(vec![Grant {
                permissions: [Permission::OrgRead].into_iter().collect(),
                scope,
            }])
        };
        let below = grouped_menu(areas, &grant(TreePath::for_root(7)));
        assert_eq!(
            shape(below),
            vec![
                ("workbench", vec![10, 20, 30]),
                ("service", vec![50, 51]),
                ("system", vec![91]),
            ]
        );
        let whole = grouped_menu(areas, &grant(TreePath::everything()));
        assert_eq!(
            shape(whole),
            vec![
                ("workbench", vec![5, 10, 20, 30]),
                ("members", vec![30]),
                ("service", vec![50, 51]),
                ("system", vec![91, 92]),
            ]
        );
    }

    #[test]
    fn a_section_finds_its_entry_and_group() {
        const SECTIONED: WebArea = WebArea {
            nav: &[NavEntry {
                group: &groups::SERVICE,
                href: "/visits",
                label: "v",
                section: "visits",
                order: 73,
                shown: Shown::Everywhere(Permission::OrgRead),
            }],
            ..OTHER
        };
        let e = entry_of(&[&AREA, &SECTIONED], "visits").expect("found");
        assert_eq!((e.href, e.group.key), ("/visits", "service"));
        assert!(entry_of(&[&SECTIONED], "").is_none());
        assert!(entry_of(&[&SECTIONED], "nowhere").is_none());
    }
}
