//! A new request written: its row, its first timeline entries and, for staff intake, its
//! receipt; counted at once or, for a caller that goes on changing it, once at the end.

use super::{
    dispatcher_for, mask_name, new_code, plan_under, request_json, stats, write_action, Rules,
};
use crate::audit::Entry;
use crate::entity::org_node;
use crate::entity::request_tables::{request_event, service_request as sr};
use crate::kit::work::Work;
use crate::{Result, Scoped, StorageError};
use sea_orm::QueryFilter;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait};
use serde_json::json;
use touyan_domain::access::Permission;
use touyan_domain::request::intake::NewRequest;
use touyan_domain::request::workflow::{ActionInput, Role, State};
use touyan_domain::tree::TreePath;

/// Writes a new request (any channel) with its first timeline entries: submitted, and for
/// staff intake received at once, as of `at_ms`, and counts it. `s` is the staff caller,
/// `None` for the public form.
pub(crate) async fn insert_request(
    work: &Work<'_>,
    new: &NewRequest,
    s: Option<Scoped<'_>>,
    visit_id: Option<i64>,
    at_ms: i64,
) -> Result<sr::Model> {
    let conn = work.txn();
    let m = match s {
        Some(s) => {
            let rules = Rules::load(conn, &new.category).await?;
            insert_uncounted(work, new, Some((s, &rules)), visit_id, at_ms).await?
        }
        None => insert_uncounted(work, new, None, visit_id, at_ms).await?,
    };
    stats::on_change(conn, None, &m).await?;
    Ok(m)
}

/// [`insert_request`] without the counting, for a caller that goes on changing the request
/// in the same transaction and counts it once at the end. Staff intake (`staff`) is received
/// under the given rules of the request's category.
pub(crate) async fn insert_uncounted(
    work: &Work<'_>,
    new: &NewRequest,
    staff: Option<(Scoped<'_>, &Rules)>,
    visit_id: Option<i64>,
    at_ms: i64,
) -> Result<sr::Model> {
    let conn = work.txn();
    let s = staff.as_ref().map(|(s, _)| *s);
    let (node, dispatcher) = place_of(conn, new, s.as_ref()).await?;
    hotline_free(conn, new).await?;
    let now = at_ms;
    let created_by = s.as_ref().and_then(|s| s.actor.user_id);
    let m = new_row(new, &node, &dispatcher, visit_id, created_by, now)
        .insert(conn)
        .await?;
    let (role, name, user) = match &s {
        Some(s) => (
            Role::Dispatcher,
            s.actor.display_name.clone(),
            s.actor.user_id,
        ),
        None => (
            Role::Complainant,
            new.contact
                .as_ref()
                .map(|c| mask_name(&c.name))
                .unwrap_or_default(),
            None,
        ),
    };
    let submitted = request_event::ActiveModel {
        request_id: Set(m.id),
        round: Set(1),
        action: Set("submit".into()),
        from_state: Set(None),
        to_state: Set(State::Submitted.code().into()),
        role: Set(if s.is_some() { "staff" } else { role.code() }.into()),
        user_id: Set(user),
        actor_name: Set(name.clone()),
        node_id: Set(None),
        note: Set(None),
        detail: Set(Some(json!({"channel": m.channel}).to_string())),
        public: Set(true),
        created_at: Set(now),
        ..Default::default()
    };
    request_event::Entity::insert(submitted)
        .exec_without_returning(conn)
        .await?;
    let m = if let Some((_, rules)) = &staff {
        // Taken by staff: received on the spot.
        let input = ActionInput {
            action: "receive".into(),
            ..Default::default()
        };
        let who = (user, name.as_str());
        let (after, event) =
            plan_under(conn, rules, &m, Role::Dispatcher, &input, who, now).await?;
        let path = TreePath::parse(&after.node_path)?;
        let entry = Entry {
            action: "create",
            record_type: "service_request",
            record_id: Some(after.id.to_string()),
            node: Some((after.node_id, &path)),
            before: None,
            after: Some(request_json(&after)),
        };
        write_action(work, &m, &after, event, Some(entry)).await?;
        after
    } else {
        m
    };
    Ok(m)
}

/// The request's place and the unit that dispatches it; staff may enter requests only where
/// they dispatch or handle.
async fn place_of<C: ConnectionTrait>(
    conn: &C,
    new: &NewRequest,
    s: Option<&Scoped<'_>>,
) -> Result<(org_node::Model, org_node::Model)> {
    let node = org_node::Entity::find_by_id(new.node_id)
        .one(conn)
        .await?
        .ok_or_else(|| StorageError::field("node_id", "err.node_missing"))?;
    let dispatcher = dispatcher_for(conn, &node).await?;
    if let Some(s) = s {
        // Staff may enter requests where they dispatch or handle, nowhere else.
        let path = TreePath::parse(&node.path)?;
        let dpath = TreePath::parse(&dispatcher.path)?;
        let a = s.actor;
        if !(a.can(Permission::RequestDispatch, &dpath)
            || a.can(Permission::RequestDispatch, &path)
            || a.can(Permission::RequestHandle, &path))
        {
            return Err(StorageError::field("node_id", "err.node_missing"));
        }
    }
    Ok((node, dispatcher))
}

/// A hotline number is recorded once.
async fn hotline_free<C: ConnectionTrait>(conn: &C, new: &NewRequest) -> Result<()> {
    if let Some(h) = &new.hotline_no {
        let taken = sr::Entity::find()
            .filter(sr::Column::HotlineNo.eq(h.clone()))
            .one(conn)
            .await?;
        if taken.is_some() {
            return Err(StorageError::conflict(
                "hotline_no",
                "err.request_hotline_no_taken",
            ));
        }
    }
    Ok(())
}

/// The row of a request just submitted.
fn new_row(
    new: &NewRequest,
    node: &org_node::Model,
    dispatcher: &org_node::Model,
    visit_id: Option<i64>,
    created_by: Option<i64>,
    now: i64,
) -> sr::ActiveModel {
    sr::ActiveModel {
        code: Set(new_code()),
        channel: Set(new.channel.code().into()),
        category: Set(new.category.clone()),
        urgency: Set(new.urgency.code().into()),
        node_id: Set(node.id),
        node_path: Set(node.path.clone()),
        dispatcher_node_id: Set(dispatcher.id),
        dispatcher_path: Set(dispatcher.path.clone()),
        handling_node_id: Set(None),
        handling_path: Set(None),
        address: Set(new.address.clone()),
        description: Set(new.description.clone()),
        contact_name: Set(new.contact.as_ref().map(|c| c.name.clone())),
        contact_phone: Set(new.contact.as_ref().map(|c| c.phone.as_string())),
        hotline_no: Set(new.hotline_no.clone()),
        enterprise_name: Set(new.enterprise_name.clone()),
        visit_id: Set(visit_id),
        state: Set(State::Submitted.code().into()),
        round: Set(1),
        pending_extension_days: Set(None),
        rated_this_round: Set(false),
        rating: Set(None),
        solved: Set(None),
        step: Set(None),
        step_started_at: Set(None),
        step_due_at: Set(None),
        follow_up_due_at: Set(None),
        card: Set(None),
        created_by: Set(created_by),
        created_at: Set(now),
        received_at: Set(None),
        dispatched_at: Set(None),
        accepted_at: Set(None),
        accepted_in_time: Set(None),
        replied_at: Set(None),
        replied_in_time: Set(None),
        closed_at: Set(None),
        updated_at: Set(now),
        ..Default::default()
    }
}
