//! Service requests (诉求工单, DESIGN module 7): intake from every channel, the workflow
//! (one transition check in the domain, whatever the channel), due times on the working
//! calendar, the timeline, supervision cards raised by a background job, and the public
//! tracking code.
//!
//! A request is filed under three paths: where it is (`node_path`), the unit that dispatches
//! it (`dispatcher_path`) and, once dispatched, the unit handling it (`handling_path`). A
//! caller with `request.read` over any of the three sees it; dispatching needs
//! `request.dispatch` over the dispatcher's path and handling needs `request.handle` over the
//! handler's. The complainant's contact is shown in full only to dispatchers.

mod act;
pub mod cards;
pub mod category;
mod evidence;
mod figures;
pub mod files;
pub mod handling;
pub mod history;
pub mod import;
mod insert;
mod list;
pub(crate) mod manifest;
mod migration;
mod order;
pub mod public;
pub mod reach;
mod recount;
pub mod stats;
mod units;
mod views;
pub mod visit;
mod waiting;

use crate::audit::Entry;
use crate::entity::org_node;
use crate::entity::request_tables::{
    request_card, request_category, request_event, request_file, request_reach,
    service_request as sr,
};
use crate::kit::work::Work;
use crate::scope::Listed;
use crate::{now_ms, Page, Result, Scoped, StorageError};
use chrono::{DateTime, Duration, NaiveDateTime};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QueryOrder,
    QuerySelect, RelationTrait,
};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::paging::PageRequest;
use touyan_domain::request::intake::{tracking_code_prefix, Channel, RequestInput};
use touyan_domain::request::workflow::{
    available_actions, ActionInput, ActionKind, Policy, RequestFacts, Role, State,
};
use touyan_domain::tree::TreePath;

/// A request row as stored (for benchmarks that decode the bare statements' rows the way the
/// product does).
pub use crate::entity::request_tables::service_request::Model as RequestRow;
pub(crate) use act::{plan_now, plan_under, write_action, Rules, RulesCache};
pub(crate) use insert::{insert_request, insert_uncounted};
pub use order::RequestSort;
pub use units::HandlingUnit;
pub use views::{CardView, EventView, RequestDetail, RequestFileView, RequestFilter, RequestView};
pub use waiting::WaitingCount;

/// Beijing wall-clock time of a Unix-millisecond instant: the working calendar's time.
pub fn to_local(ms: i64) -> NaiveDateTime {
    DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .naive_utc()
        + Duration::hours(8)
}

/// The Unix-millisecond instant of a Beijing wall-clock time.
pub fn from_local(t: NaiveDateTime) -> i64 {
    (t - Duration::hours(8)).and_utc().timestamp_millis()
}

/// Node kinds that dispatch the requests located under them, nearest first: a community for
/// its grids, a street or park for the rest ("园区派单" [003]).
const DISPATCHING_KINDS: [&str; 4] = ["community", "street", "park", "district"];

/// The policy of a category row.
pub(crate) fn policy_of(c: &request_category::Model) -> Policy {
    Policy {
        accept_within_hours: c.accept_hours.max(0) as u32,
        reply_within_days: c.reply_days.max(0) as u32,
        follow_up_within_days: c.follow_up_days.max(0) as u32,
        reopen_window_days: c.reopen_days.max(0) as u32,
        red_after_work_hours: c.red_after_hours.map(|h| h.max(0) as u32),
    }
}

pub(crate) async fn category<C: ConnectionTrait>(
    conn: &C,
    code: &str,
) -> Result<request_category::Model> {
    request_category::Entity::find_by_id(code.to_string())
        .one(conn)
        .await?
        .ok_or_else(|| StorageError::field("category", "err.choice"))
}

pub(crate) async fn category_codes<C: ConnectionTrait>(conn: &C) -> Result<Vec<String>> {
    Ok(request_category::Entity::find()
        .select_only()
        .column(request_category::Column::Code)
        .filter(request_category::Column::Active.eq(true))
        .into_tuple()
        .all(conn)
        .await?)
}

/// The request's facts as the domain's rules read them.
pub(crate) fn facts_of(m: &sr::Model) -> RequestFacts {
    RequestFacts {
        state: State::from_code(&m.state).unwrap_or(State::Submitted),
        handling_node: m.handling_node_id,
        pending_extension: m.pending_extension_days.map(|d| d.max(0) as u32),
        rated_this_round: m.rated_this_round,
        closed_at: m.closed_at.map(to_local),
        has_complainant: m.contact_phone.is_some(),
    }
}

/// The unit that dispatches requests located at `node`: the nearest community, street, park
/// or district at or above it, else the top of its tree.
pub(crate) async fn dispatcher_for<C: ConnectionTrait>(
    conn: &C,
    node: &org_node::Model,
) -> Result<org_node::Model> {
    let path = TreePath::parse(&node.path)?;
    let ids: Vec<i64> = path.ids();
    let rows = org_node::Entity::find()
        .filter(org_node::Column::Id.is_in(ids.clone()))
        .all(conn)
        .await?;
    let by_id: HashMap<i64, &org_node::Model> = rows.iter().map(|r| (r.id, r)).collect();
    for kind in DISPATCHING_KINDS {
        if let Some(found) = ids
            .iter()
            .rev()
            .filter_map(|i| by_id.get(i))
            .find(|n| n.kind == kind)
        {
            return Ok((*found).clone());
        }
    }
    Ok(by_id
        .get(&ids[0])
        .map(|n| (*n).clone())
        .unwrap_or_else(|| node.clone()))
}

/// A fresh tracking code (100 random bits, shown in groups of five).
pub(crate) fn new_code() -> String {
    touyan_domain::request::intake::format_tracking_code(rand::random::<[u8; 13]>())
}

pub struct RequestRepo<'a> {
    pub(crate) s: Scoped<'a>,
}

fn mask_name(n: &str) -> String {
    let mut c = n.chars();
    match c.next() {
        Some(first) => format!("{first}{}", "*".repeat(c.count().max(1))),
        None => String::new(),
    }
}

fn request_json(m: &sr::Model) -> serde_json::Value {
    json!({"code": m.code, "channel": m.channel, "category": m.category, "urgency": m.urgency,
           "node_id": m.node_id, "dispatcher_node_id": m.dispatcher_node_id,
           "handling_node_id": m.handling_node_id, "state": m.state, "round": m.round,
           "hotline_no": m.hotline_no,
           "contact_phone": m.contact_phone.as_deref().map(mask_phone)})
}

pub(crate) fn mask_phone(p: &str) -> String {
    touyan_domain::request::intake::Phone::parse("contact_phone", p)
        .map(|x| x.masked())
        .unwrap_or_else(|_| "*".repeat(p.chars().count()))
}

/// A request row with the names of its three nodes, read in the same statement.
struct NamedRow {
    row: sr::Model,
    node_name: Option<String>,
    dispatcher_node_name: Option<String>,
    handling_node_name: Option<String>,
}

impl sea_orm::FromQueryResult for NamedRow {
    fn from_query_result(res: &sea_orm::QueryResult, pre: &str) -> Result<Self, sea_orm::DbErr> {
        Ok(NamedRow {
            row: sr::Model::from_query_result(res, pre)?,
            node_name: res.try_get(pre, "node_name")?,
            dispatcher_node_name: res.try_get(pre, "dispatcher_node_name")?,
            handling_node_name: res.try_get(pre, "handling_node_name")?,
        })
    }
}

impl<'a> RequestRepo<'a> {
    fn can_see(&self, m: &sr::Model) -> bool {
        let a = self.s.actor;
        let on = |p: &str| {
            TreePath::parse(p)
                .map(|p| a.can(Permission::RequestRead, &p))
                .unwrap_or(false)
        };
        on(&m.node_path) || on(&m.dispatcher_path) || m.handling_path.as_deref().is_some_and(on)
    }

    fn dispatches(&self, m: &sr::Model) -> bool {
        TreePath::parse(&m.dispatcher_path)
            .map(|p| self.s.actor.can(Permission::RequestDispatch, &p))
            .unwrap_or(false)
    }

    fn handles(&self, m: &sr::Model) -> bool {
        m.handling_path
            .as_deref()
            .and_then(|p| TreePath::parse(p).ok())
            .is_some_and(|p| self.s.actor.can(Permission::RequestHandle, &p))
    }

    pub(crate) async fn readable<C: ConnectionTrait>(
        &self,
        conn: &C,
        id: i64,
    ) -> Result<sr::Model> {
        let m = sr::Entity::find_by_id(id)
            .one(conn)
            .await?
            .ok_or(StorageError::NotFound)?;
        if self.can_see(&m) {
            Ok(m)
        } else {
            Err(StorageError::NotFound)
        }
    }

    pub(crate) async fn views(&self, rows: Vec<sr::Model>) -> Result<Vec<RequestView>> {
        let mut ids: Vec<i64> = rows.iter().map(|r| r.node_id).collect();
        ids.extend(rows.iter().map(|r| r.dispatcher_node_id));
        ids.extend(rows.iter().filter_map(|r| r.handling_node_id));
        let names = crate::kit::sql::node_names(self.s.db, ids).await?;
        Ok(self.named_views(
            rows.into_iter()
                .map(|row| NamedRow {
                    node_name: names.get(&row.node_id).cloned(),
                    dispatcher_node_name: names.get(&row.dispatcher_node_id).cloned(),
                    handling_node_name: row.handling_node_id.and_then(|h| names.get(&h).cloned()),
                    row,
                })
                .collect(),
        ))
    }

    fn named_views(&self, rows: Vec<NamedRow>) -> Vec<RequestView> {
        let now = now_ms();
        rows.into_iter()
            .map(|r| {
                let m = r.row;
                let full = self.dispatches(&m);
                let state = State::from_code(&m.state).unwrap_or(State::Submitted);
                RequestView {
                    id: m.id,
                    node_name: r.node_name.unwrap_or_default(),
                    dispatcher_node_name: r.dispatcher_node_name.unwrap_or_default(),
                    handling_node_name: r.handling_node_name,
                    contact_name: m.contact_name.as_deref().map(|n| {
                        if full {
                            n.to_string()
                        } else {
                            mask_name(n)
                        }
                    }),
                    contact_phone: m.contact_phone.as_deref().map(|p| {
                        if full {
                            p.to_string()
                        } else {
                            mask_phone(p)
                        }
                    }),
                    category_of_state: if state.is_open() { "open" } else { "closed" }.into(),
                    overdue: m.step_due_at.is_some_and(|d| d < now)
                        || m.follow_up_due_at.is_some_and(|d| d < now),
                    code: m.code,
                    channel: m.channel,
                    category: m.category,
                    urgency: m.urgency,
                    node_id: m.node_id,
                    dispatcher_node_id: m.dispatcher_node_id,
                    handling_node_id: m.handling_node_id,
                    address: m.address,
                    description: m.description,
                    hotline_no: m.hotline_no,
                    enterprise_name: m.enterprise_name,
                    visit_id: m.visit_id,
                    state: m.state,
                    round: m.round,
                    pending_extension_days: m.pending_extension_days,
                    rating: m.rating,
                    solved: m.solved,
                    step: m.step,
                    step_due_at: m.step_due_at,
                    follow_up_due_at: m.follow_up_due_at,
                    card: m.card,
                    created_at: m.created_at,
                    received_at: m.received_at,
                    dispatched_at: m.dispatched_at,
                    accepted_at: m.accepted_at,
                    replied_at: m.replied_at,
                    closed_at: m.closed_at,
                }
            })
            .collect()
    }

    /// Whether the caller may see request `id` (not found otherwise), from one read: asked
    /// before a change's input is read.
    pub async fn check_visible(&self, id: i64) -> Result<()> {
        self.readable(self.s.db, id).await.map(drop)
    }

    /// The request with its whole timeline, its cards and files, and the caller's next actions.
    pub async fn get(&self, id: i64) -> Result<RequestDetail> {
        let db = self.s.db;
        let m = self.readable(db, id).await?;
        let events = request_event::Entity::find()
            .filter(request_event::Column::RequestId.eq(id))
            .order_by_asc(request_event::Column::Id)
            .all(db)
            .await?;
        let names =
            crate::kit::sql::node_names(db, events.iter().filter_map(|e| e.node_id).collect())
                .await?;
        let cards = request_card::Entity::find()
            .filter(request_card::Column::RequestId.eq(id))
            .order_by_asc(request_card::Column::Id)
            .all(db)
            .await?;
        let files = request_file::Entity::find()
            .filter(request_file::Column::RequestId.eq(id))
            .order_by_asc(request_file::Column::Id)
            .all(db)
            .await?;
        let actions = self.actions_for(&m).await?;
        Ok(RequestDetail {
            request: self.views(vec![m]).await?.remove(0),
            events: events
                .into_iter()
                .map(|e| EventView {
                    id: e.id,
                    round: e.round,
                    node_name: e.node_id.and_then(|n| names.get(&n).cloned()),
                    action: e.action,
                    from_state: e.from_state,
                    to_state: e.to_state,
                    role: e.role,
                    actor_name: e.actor_name,
                    node_id: e.node_id,
                    note: e.note,
                    detail: e.detail.and_then(|d| serde_json::from_str(&d).ok()),
                    public: e.public,
                    created_at: e.created_at,
                })
                .collect(),
            cards: cards
                .into_iter()
                .map(|c| CardView {
                    round: c.round,
                    step: c.step,
                    colour: c.colour,
                    due_at: c.due_at,
                    raised_at: c.raised_at,
                })
                .collect(),
            files: files
                .into_iter()
                .map(|f| RequestFileView {
                    id: f.id,
                    file_name: f.file_name,
                    content_type: f.content_type,
                    size: f.size,
                    public: f.public,
                    created_at: f.created_at,
                })
                .collect(),
            actions,
        })
    }

    /// The roles the caller holds on the request.
    fn roles_on(&self, m: &sr::Model) -> Vec<Role> {
        let mut r = vec![];
        if self.dispatches(m) {
            r.push(Role::Dispatcher);
        }
        if self.handles(m) {
            r.push(Role::Handler);
        }
        r
    }

    async fn actions_for(&self, m: &sr::Model) -> Result<Vec<String>> {
        let cat = category(self.s.db, &m.category).await?;
        let policy = policy_of(&cat);
        let now = to_local(now_ms());
        let mut out: Vec<String> = vec![];
        for role in self.roles_on(m) {
            for a in available_actions(&facts_of(m), role, now, &policy) {
                let c = a.code().to_string();
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
        Ok(out)
    }

    /// Staff intake: a request taken at a window, at the door, from an enterprise, on a visit
    /// or on grid patrol, entered by someone who may dispatch requests at its location's
    /// dispatching unit or handle requests where it lies. Received at once.
    pub async fn create(&self, input: &RequestInput) -> Result<RequestView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let cats = category_codes(work.txn()).await?;
        let new = input.parse(&cats)?;
        if new.channel == Channel::PublicForm {
            return Err(StorageError::field("channel", "err.choice"));
        }
        let m = insert_request(&work, &new, Some(self.s), None, now_ms()).await?;
        work.commit().await?;
        Ok(self.views(vec![m]).await?.remove(0))
    }

    /// An action on a request by a dispatcher or a handler, checked by the domain's one
    /// transition function. A refused action answers the rule.
    pub async fn act(&self, id: i64, input: &ActionInput) -> Result<RequestView> {
        self.act_with(id, input, None).await
    }

    /// [`Self::act`] with a file uploaded in the same transaction: for a reply, the file is
    /// attached to the request and cited as evidence; the reply refused, nothing is kept.
    pub async fn act_with(
        &self,
        id: i64,
        input: &ActionInput,
        upload: Option<&crate::kit::files::Upload>,
    ) -> Result<RequestView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let m = self.readable(txn, id).await?;
        let kind = input.kind()?;
        let def = kind.def();
        let roles = self.roles_on(&m);
        let Some(role) = roles.iter().copied().find(|r| def.roles.contains(r)) else {
            return Err(if roles.is_empty() {
                StorageError::Forbidden
            } else {
                StorageError::Refused("rule.request_role_not_allowed")
            });
        };
        let mut input = input.clone();
        input.evidence.sort_unstable();
        input.evidence.dedup();
        // What the fields point at is checked once the rules allow the action at all, so a
        // refused action is refused whatever was typed.
        let policy = policy_of(&category(txn, &m.category).await?);
        if available_actions(&facts_of(&m), role, to_local(now_ms()), &policy).contains(&kind) {
            if kind == ActionKind::Reply {
                files::check_evidence(txn, id, &input.evidence).await?;
                if let Some(up) = upload {
                    let f = self.attach_in(&work, &m, up).await?;
                    input.evidence.push(f.id);
                }
            }
            if matches!(kind, ActionKind::Dispatch | ActionKind::Transfer) {
                if let Some(n) = input.node_id {
                    self.check_target(txn, &m, n).await?;
                }
            }
        }
        let who = (self.s.actor.user_id, self.s.actor.display_name.as_str());
        let (after, event) = plan_now(txn, &m, role, &input, who).await?;
        let path = TreePath::parse(&after.dispatcher_path)?;
        let entry = Entry {
            action: kind.code(),
            record_type: "service_request",
            record_id: Some(id.to_string()),
            node: Some((after.dispatcher_node_id, &path)),
            before: None,
            after: Some(request_json(&after)),
        };
        let event = write_action(&work, &m, &after, event, Some(entry)).await?;
        stats::on_change(txn, Some(&m), &after).await?;
        if kind == ActionKind::Reply && !input.evidence.is_empty() {
            files::link_evidence(txn, id, event.id, &input.evidence).await?;
        }
        work.commit().await?;
        let m = after;
        Ok(self.views(vec![m]).await?.remove(0))
    }
}

/// States of the open category.
pub(crate) fn open_states() -> Vec<&'static str> {
    State::ALL
        .iter()
        .filter(|s| s.is_open())
        .map(|s| s.code())
        .collect()
}
