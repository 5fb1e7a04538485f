//! The issuer changes a task once issued: edits its title, body, due moment and feedback form
//! while no recipient has submitted, or withdraws (撤回) it with a reason. Each in one audited
//! unit of work, the recipients told in their bell.

use super::{moment, now_beijing, TaskDetail, TaskRepo};
use crate::audit::Entry;
use crate::entity::task_tables::{task, task_recipient as rec};
use crate::kit::work::Work;
use crate::{now_ms, Result};
use sea_orm::ActiveValue::Set;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::json;
use touyan_domain::access::Permission;
use touyan_domain::task::{
    check_editable, check_live, parse_withdraw_reason, TaskEdit, TaskEditInput,
};
use touyan_domain::tree::TreePath;

impl TaskRepo<'_> {
    /// Whether a recipient of task `id` has submitted feedback (now or before a return).
    pub(crate) async fn any_submitted<C: ConnectionTrait>(
        &self,
        conn: &C,
        id: i64,
    ) -> Result<bool> {
        let one = rec::Entity::find()
            .filter(rec::Column::TaskId.eq(id))
            .filter(rec::Column::SubmittedAt.is_not_null())
            .one(conn)
            .await?;
        Ok(one.is_some())
    }

    /// The paths of task `id`'s recipients, to tell them.
    async fn recipient_paths<C: ConnectionTrait>(
        &self,
        conn: &C,
        id: i64,
    ) -> Result<Vec<TreePath>> {
        rec::Entity::find()
            .filter(rec::Column::TaskId.eq(id))
            .all(conn)
            .await?
            .iter()
            .map(|r| TreePath::parse(&r.node_path).map_err(Into::into))
            .collect()
    }

    /// Edits task `id` (`task.manage` over its issuing node).
    pub async fn edit(&self, id: i64, input: &TaskEditInput) -> Result<TaskDetail> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, tp, _) = self.load_task(txn, id).await?;
        self.s
            .require(Permission::TaskManage, Permission::TaskRead, &tp)?;
        check_editable(m.withdrawn_at.is_some(), self.any_submitted(txn, id).await?)?;
        let e: TaskEdit = input.parse(now_beijing())?;
        let before = json!({"title": m.title, "body": m.body, "due_at": moment(&m.due_at),
                            "fields": serde_json::from_str::<serde_json::Value>(&m.fields).ok()});
        let after = json!({"title": e.title, "body": e.body, "due_at": moment(&e.due_at),
                           "fields": e.fields});
        let mut am: task::ActiveModel = m.into();
        am.title = Set(e.title.clone());
        am.body = Set(e.body.clone());
        am.due_at = Set(e.due_at);
        am.fields = Set(serde_json::to_string(&e.fields).unwrap_or_else(|_| "[]".into()));
        am.updated_at = Set(now_ms());
        let m = am.update(txn).await?;
        work.record(Entry {
            action: "update",
            record_type: "task",
            record_id: Some(id.to_string()),
            node: Some((m.node_id, &tp)),
            before: Some(before),
            after: Some(after),
        })
        .await?;
        let paths = self.recipient_paths(txn, id).await?;
        let actor = self.s.actor.user_id;
        let kind = "task.notice_edited";
        super::notices::tell(txn, actor, &tp, &paths, kind, id, &m.title).await?;
        work.commit().await?;
        self.detail(id).await
    }

    /// Withdraws task `id` with the reason given (`task.manage` over its issuing node): its
    /// recipients see it withdrawn and take no more steps; it counts in no rate.
    pub async fn withdraw(&self, id: i64, reason: &str) -> Result<TaskDetail> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, tp, _) = self.load_task(txn, id).await?;
        self.s
            .require(Permission::TaskManage, Permission::TaskRead, &tp)?;
        check_live(m.withdrawn_at.is_some())?;
        let reason = parse_withdraw_reason(reason)?;
        let at = now_beijing();
        let by = self.s.actor.display_name.clone();
        let mut am: task::ActiveModel = m.into();
        am.withdrawn_at = Set(Some(at));
        am.withdrawn_by = Set(Some(by.clone()));
        am.withdraw_reason = Set(Some(reason.clone()));
        am.updated_at = Set(now_ms());
        let m = am.update(txn).await?;
        work.record(Entry {
            action: "withdraw",
            record_type: "task",
            record_id: Some(id.to_string()),
            node: Some((m.node_id, &tp)),
            before: Some(json!({"withdrawn": false})),
            after: Some(json!({"withdrawn": true, "reason": reason, "at": moment(&at)})),
        })
        .await?;
        let paths = self.recipient_paths(txn, id).await?;
        let actor = self.s.actor.user_id;
        let kind = "task.notice_withdrawn";
        super::notices::tell(txn, actor, &tp, &paths, kind, id, &m.title).await?;
        work.commit().await?;
        self.detail(id).await
    }
}
