//! Reading tasks in the caller's reach: the list (issued at the nodes it reads, or issued
//! from above to them), one task with the recipients it reads, one recipient, the rates at
//! a node, and the open tasks waiting on the caller.

use super::{
    moment, now_beijing, RateLine, RecipientView, TaskDetail, TaskRates, TaskRepo, TaskView,
};
use crate::entity::task_tables::{task, task_count as count, task_recipient as rec};
use crate::kit::sql::{like_expr, node_names, nonblank};
use crate::scope::within_any;
use crate::{fetch_page, Page, Result, StorageError};
use sea_orm::sea_query::{Condition, Expr, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select,
};
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::paging::PageRequest;
use touyan_domain::task::{percent, State};
use touyan_domain::tree::TreePath;

#[derive(Debug, Clone, Default)]
pub struct TaskFilter {
    /// `issued` (at the nodes the caller reads) or `received` (issued from above to them);
    /// both when absent.
    pub mailbox: Option<String>,
    /// Tasks issued at or recipients in this node's subtree.
    pub under: Option<i64>,
    /// Part of the title.
    pub q: Option<String>,
    /// Past due with a recipient the caller reads not yet accepted.
    pub overdue: Option<bool>,
    /// Due within so many days from now with a recipient the caller reads still to submit.
    pub due_within: Option<i64>,
}

const OPEN: [&str; 3] = ["issued", "received", "returned"];

/// The ids of the withdrawn tasks, which wait on no one.
fn withdrawn() -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(task::Column::Id)
        .from(task::Entity)
        .and_where(Expr::col(task::Column::WithdrawnAt).is_not_null())
        .to_owned()
}

impl TaskRepo<'_> {
    fn scopes_of(&self, perm: Permission) -> Vec<TreePath> {
        self.s.actor.grants.scopes(perm)
    }

    /// Task `id` when the caller reads it, and whether it reads the issuing node.
    pub(crate) async fn load_task<C: ConnectionTrait>(
        &self,
        conn: &C,
        id: i64,
    ) -> Result<(task::Model, TreePath, bool)> {
        let m = task::Entity::find_by_id(id)
            .one(conn)
            .await?
            .ok_or(StorageError::NotFound)?;
        let p = TreePath::parse(&m.node_path)?;
        if self.s.actor.can(Permission::TaskRead, &p) {
            return Ok((m, p, true));
        }
        let scopes = self.s.scopes(Permission::TaskRead)?;
        let mine = rec::Entity::find()
            .filter(rec::Column::TaskId.eq(id))
            .filter(within_any(rec::Column::NodePath, &scopes))
            .one(conn)
            .await?;
        match mine {
            Some(_) => Ok((m, p, false)),
            None => Err(StorageError::NotFound),
        }
    }

    /// Whether the caller reads task `id` (not found otherwise).
    pub async fn check_visible(&self, id: i64) -> Result<()> {
        self.load_task(self.s.db, id).await.map(drop)
    }

    /// Recipient `rid` of task `task_id` when the caller reads it, with its task.
    pub(crate) async fn load_recipient<C: ConnectionTrait>(
        &self,
        conn: &C,
        task_id: i64,
        rid: i64,
    ) -> Result<(task::Model, TreePath, rec::Model, TreePath)> {
        let (t, tp, issuer) = self.load_task(conn, task_id).await?;
        let r = rec::Entity::find_by_id(rid)
            .filter(rec::Column::TaskId.eq(task_id))
            .one(conn)
            .await?
            .ok_or(StorageError::NotFound)?;
        let rp = TreePath::parse(&r.node_path)?;
        if !issuer && !self.s.actor.can(Permission::TaskRead, &rp) {
            return Err(StorageError::NotFound);
        }
        Ok((t, tp, r, rp))
    }

    async fn select(&self, f: &TaskFilter) -> Result<Select<task::Entity>> {
        let scopes = match f.under {
            Some(id) => vec![
                self.s
                    .orgs()
                    .path_of_readable(id, Permission::TaskRead)
                    .await?,
            ],
            None => self.s.scopes(Permission::TaskRead)?,
        };
        let issued = within_any(task::Column::NodePath, &scopes);
        let to_them = |c: Condition| {
            Query::select()
                .column(rec::Column::TaskId)
                .from(rec::Entity)
                .cond_where(c)
                .to_owned()
        };
        let reached = within_any(rec::Column::NodePath, &scopes);
        let received = Condition::all()
            .add(task::Column::Id.in_subquery(to_them(reached.clone())))
            .add(
                within_any(
                    task::Column::NodePath,
                    &self.scopes_of(Permission::TaskRead),
                )
                .not(),
            );
        let mut q = task::Entity::find().filter(match f.mailbox.as_deref() {
            Some("issued") => issued,
            Some("received") => received,
            _ => Condition::any().add(issued).add(received),
        });
        if let Some(t) = nonblank(&f.q) {
            q = q.filter(like_expr(task::Column::Title, &t));
        }
        if let Some(days) = f.due_within {
            let now = now_beijing();
            q = q
                .filter(task::Column::WithdrawnAt.is_null())
                .filter(task::Column::DueAt.gte(now))
                .filter(task::Column::DueAt.lte(now + chrono::Duration::days(days)))
                .filter(
                    task::Column::Id
                        .in_subquery(to_them(reached.clone().add(rec::Column::State.is_in(OPEN)))),
                );
        }
        if let Some(o) = f.overdue {
            let late = Condition::all()
                .add(task::Column::WithdrawnAt.is_null())
                .add(task::Column::DueAt.lt(now_beijing()))
                .add(task::Column::Id.in_subquery(to_them(
                    reached.add(rec::Column::State.ne(State::Accepted.code())),
                )));
            q = q.filter(if o { late } else { late.not() });
        }
        Ok(q)
    }

    fn ordered(q: Select<task::Entity>) -> Select<task::Entity> {
        q.order_by_desc(task::Column::IssuedAt)
            .order_by_desc(task::Column::Id)
    }

    pub async fn list(&self, f: &TaskFilter, page: PageRequest) -> Result<Page<TaskView>> {
        let mut p = fetch_page(self.s.db, self.select(f).await?, Self::ordered, page).await?;
        let rows = std::mem::take(&mut p.items);
        Ok(p.with_items(self.views(rows).await?))
    }

    /// Up to `cap` tasks the caller reads due between two days inclusive (Beijing), soonest
    /// first, for the calendar feed.
    pub async fn due_between(
        &self,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
        cap: u64,
    ) -> Result<Vec<TaskView>> {
        let (Some(start), Some(end)) = (from.and_hms_opt(0, 0, 0), to.and_hms_opt(23, 59, 59))
        else {
            return Ok(vec![]);
        };
        let rows = self
            .select(&TaskFilter::default())
            .await?
            .filter(task::Column::DueAt.gte(start))
            .filter(task::Column::DueAt.lte(end))
            .order_by_asc(task::Column::DueAt)
            .order_by_asc(task::Column::Id)
            .limit(cap)
            .all(self.s.db)
            .await?;
        self.views(rows).await
    }

    /// Up to `cap` tasks for an export, in list order.
    pub async fn all(&self, f: &TaskFilter, cap: u64) -> Result<Vec<TaskView>> {
        let rows = Self::ordered(self.select(f).await?)
            .limit(cap)
            .all(self.s.db)
            .await?;
        self.views(rows).await
    }

    pub(crate) async fn views(&self, rows: Vec<task::Model>) -> Result<Vec<TaskView>> {
        let db = self.s.db;
        let names = node_names(db, rows.iter().map(|m| m.node_id).collect()).await?;
        let ids: Vec<i64> = rows.iter().map(|m| m.id).collect();
        let tops: HashMap<i64, count::Model> = if ids.is_empty() {
            HashMap::new()
        } else {
            count::Entity::find()
                .filter(count::Column::TaskId.is_in(ids.clone()))
                .filter(count::Column::ParentId.is_null())
                .all(db)
                .await?
                .into_iter()
                .map(|c| (c.task_id, c))
                .collect()
        };
        let scopes = self.scopes_of(Permission::TaskRead);
        let mut mine: HashMap<i64, String> = HashMap::new();
        if !ids.is_empty() && !scopes.is_empty() {
            let own = rec::Entity::find()
                .filter(rec::Column::TaskId.is_in(ids))
                .filter(within_any(rec::Column::NodePath, &scopes))
                .order_by_desc(rec::Column::NodePath)
                .all(db)
                .await?;
            for r in own {
                mine.insert(r.task_id, r.state);
            }
        }
        let now = now_beijing();
        let mut out = Vec::with_capacity(rows.len());
        for m in rows {
            let p = TreePath::parse(&m.node_path)?;
            let issuer = self.s.actor.can(Permission::TaskRead, &p);
            let top = tops.get(&m.id).filter(|_| issuer);
            let past = now > m.due_at && m.withdrawn_at.is_none();
            out.push(TaskView {
                id: m.id,
                node_name: names.get(&m.node_id).cloned().unwrap_or_default(),
                node_id: m.node_id,
                title: m.title,
                body: m.body,
                due_at: moment(&m.due_at),
                past_due: past,
                fields: serde_json::from_str(&m.fields).unwrap_or_default(),
                issued_by: m.issued_by,
                issued_at: moment(&m.issued_at),
                issuer_view: issuer,
                recipients: top.map(|c| c.total),
                accepted: top.map(|c| c.accepted),
                on_time: top.map(|c| c.on_time),
                overdue: top.map(|c| if past { c.total - c.accepted } else { 0 }),
                my_state: if issuer { None } else { mine.remove(&m.id) },
                withdrawn_at: m.withdrawn_at.as_ref().map(moment),
                withdrawn_by: m.withdrawn_by,
                withdraw_reason: m.withdraw_reason,
            });
        }
        Ok(out)
    }

    /// Task `id` with the recipients the caller reads (all of them for the issuer's side).
    pub async fn detail(&self, id: i64) -> Result<TaskDetail> {
        let (m, p, issuer) = self.load_task(self.s.db, id).await?;
        let mut q = rec::Entity::find().filter(rec::Column::TaskId.eq(id));
        if !issuer {
            q = q.filter(within_any(
                rec::Column::NodePath,
                &self.s.scopes(Permission::TaskRead)?,
            ));
        }
        let rows = q.order_by_asc(rec::Column::NodePath).all(self.s.db).await?;
        let recipients = self.recipient_views(&m, rows).await?;
        let files = self.files_of(id, None).await?;
        let can_manage = self.s.actor.can(Permission::TaskManage, &p);
        let can_edit =
            can_manage && m.withdrawn_at.is_none() && !self.any_submitted(self.s.db, id).await?;
        let task = self.views(vec![m]).await?.remove(0);
        Ok(TaskDetail {
            task,
            recipients,
            files,
            can_manage,
            can_edit,
        })
    }

    /// Recipient `rid` of task `task_id`.
    pub async fn recipient(&self, task_id: i64, rid: i64) -> Result<RecipientView> {
        let (t, _, r, _) = self.load_recipient(self.s.db, task_id, rid).await?;
        Ok(self.recipient_views(&t, vec![r]).await?.remove(0))
    }

    pub(crate) async fn recipient_views(
        &self,
        t: &task::Model,
        rows: Vec<rec::Model>,
    ) -> Result<Vec<RecipientView>> {
        let names = node_names(self.s.db, rows.iter().map(|r| r.node_id).collect()).await?;
        let mut files = self.recipient_files(t.id).await?;
        let now = now_beijing();
        let at = |d: Option<chrono::NaiveDateTime>| d.as_ref().map(moment);
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let p = TreePath::parse(&r.node_path)?;
            let state = State::from_code(&r.state).unwrap_or(State::Issued);
            out.push(RecipientView {
                id: r.id,
                task_id: r.task_id,
                node_name: names.get(&r.node_id).cloned().unwrap_or_default(),
                node_id: r.node_id,
                overdue: t.withdrawn_at.is_none()
                    && touyan_domain::task::overdue(state, t.due_at, now),
                state: r.state,
                received_at: at(r.received_at),
                submitted_at: at(r.submitted_at),
                late: r.late,
                answers: r
                    .answers
                    .as_deref()
                    .and_then(|a| serde_json::from_str(a).ok())
                    .unwrap_or_default(),
                note: r.note,
                return_reason: r.return_reason,
                accepted_at: at(r.accepted_at),
                reminders: r.reminders,
                files: files.remove(&r.id).unwrap_or_default(),
                can_submit: state.open()
                    && t.withdrawn_at.is_none()
                    && self.s.actor.can(Permission::TaskWrite, &p),
            });
        }
        Ok(out)
    }

    /// The task's rates at node `under` (the issuing node when absent), read from the kept
    /// counts; for the issuer's side only.
    pub async fn rates(&self, id: i64, under: Option<i64>) -> Result<TaskRates> {
        let (m, _, issuer) = self.load_task(self.s.db, id).await?;
        if !issuer {
            return Err(StorageError::NotFound);
        }
        let node = under.unwrap_or(m.node_id);
        let level = count::Entity::find_by_id((id, node))
            .one(self.s.db)
            .await?
            .ok_or(StorageError::NotFound)?;
        let children = count::Entity::find()
            .filter(count::Column::TaskId.eq(id))
            .filter(count::Column::ParentId.eq(node))
            .order_by_asc(count::Column::NodePath)
            .all(self.s.db)
            .await?;
        let below: Vec<i64> = count::Entity::find()
            .select_only()
            .column(count::Column::ParentId)
            .filter(count::Column::TaskId.eq(id))
            .filter(count::Column::ParentId.is_in(children.iter().map(|c| c.node_id)))
            .distinct()
            .into_tuple::<Option<i64>>()
            .all(self.s.db)
            .await?
            .into_iter()
            .flatten()
            .collect();
        let lp = TreePath::parse(&level.node_path)?;
        let trail_ids: Vec<i64> = lp
            .ids()
            .into_iter()
            .skip_while(|i| *i != m.node_id)
            .collect();
        let mut all_ids = trail_ids.clone();
        all_ids.extend(children.iter().map(|c| c.node_id));
        let names = node_names(self.s.db, all_ids).await?;
        let past = now_beijing() > m.due_at && m.withdrawn_at.is_none();
        let line = |c: &count::Model| RateLine {
            node_id: c.node_id,
            name: names.get(&c.node_id).cloned().unwrap_or_default(),
            total: c.total,
            received: c.received,
            submitted: c.submitted,
            accepted: c.accepted,
            on_time: c.on_time,
            overdue: if past { c.total - c.accepted } else { 0 },
            completion_pct: percent(c.accepted, c.total),
            on_time_pct: percent(c.on_time, c.total),
            has_children: below.contains(&c.node_id),
        };
        Ok(TaskRates {
            task_id: id,
            level: line(&level),
            children: children.iter().map(line).collect(),
            trail: trail_ids
                .iter()
                .map(|i| (*i, names.get(i).cloned().unwrap_or_default()))
                .collect(),
        })
    }

    /// Open recipient rows (not yet submitted, or returned) at the nodes where the caller
    /// submits, and how many of them are past due.
    pub async fn waiting(&self) -> Result<(u64, u64)> {
        let scopes = self.scopes_of(Permission::TaskWrite);
        if scopes.is_empty() {
            return Ok((0, 0));
        }
        let open = || {
            rec::Entity::find()
                .filter(within_any(rec::Column::NodePath, &scopes))
                .filter(rec::Column::State.is_in(OPEN))
                .filter(rec::Column::TaskId.not_in_subquery(withdrawn()))
        };
        let total = crate::count_rows(self.s.db, open()).await?;
        let past = Query::select()
            .column(task::Column::Id)
            .from(task::Entity)
            .and_where(Expr::col(task::Column::DueAt).lt(now_beijing()))
            .to_owned();
        let overdue = crate::count_rows(
            self.s.db,
            open().filter(rec::Column::TaskId.in_subquery(past)),
        )
        .await?;
        Ok((total, overdue))
    }

    /// Tasks with a recipient row still to submit at the nodes where the caller submits:
    /// how many are due within `days` days from now, and how many are past due.
    pub async fn due_soon(&self, days: i64) -> Result<(u64, u64)> {
        let scopes = self.scopes_of(Permission::TaskWrite);
        if scopes.is_empty() {
            return Ok((0, 0));
        }
        let open = Query::select()
            .column(rec::Column::TaskId)
            .from(rec::Entity)
            .cond_where(within_any(rec::Column::NodePath, &scopes))
            .and_where(rec::Column::State.is_in(OPEN))
            .to_owned();
        // As in the received list: not the tasks issued at nodes the caller reads.
        let issued_here = within_any(
            task::Column::NodePath,
            &self.scopes_of(Permission::TaskRead),
        );
        let tasks = || {
            task::Entity::find()
                .filter(task::Column::Id.in_subquery(open.clone()))
                .filter(issued_here.clone().not())
                .filter(task::Column::WithdrawnAt.is_null())
        };
        let now = now_beijing();
        let soon = tasks()
            .filter(task::Column::DueAt.gte(now))
            .filter(task::Column::DueAt.lte(now + chrono::Duration::days(days)));
        let soon = crate::count_rows(self.s.db, soon).await?;
        let past = tasks().filter(task::Column::DueAt.lt(now));
        let past = crate::count_rows(self.s.db, past).await?;
        Ok((soon, past))
    }
}
