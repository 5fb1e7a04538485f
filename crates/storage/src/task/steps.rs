//! A recipient's steps — received, submitted with its feedback, accepted, returned with a
//! reason — each in one audited unit of work that moves the kept counts of every node on the
//! way up to the issuing node; and reminders (催办) to the recipients still to submit.

use super::{now_beijing, RecipientView, TaskRepo};
use crate::audit::Entry;
use crate::entity::task_tables::{task_recipient as rec, task_reminder as reminder};
use crate::kit::work::Work;
use crate::{now_ms, Result, StorageError};
use chrono::NaiveDateTime;
use sea_orm::sea_query::Expr;
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use touyan_domain::access::Permission;
use touyan_domain::task::{
    check_live, delta, flags, late, FeedbackInput, FormField, Side, State, Step,
};
use touyan_domain::tree::TreePath;

/// What a step writes besides the state.
enum Extra {
    None,
    Feedback(FeedbackInput),
    Reason(String),
}

impl TaskRepo<'_> {
    pub async fn receive(&self, task_id: i64, rid: i64) -> Result<RecipientView> {
        self.step(task_id, rid, Step::Receive, Extra::None, now_beijing())
            .await
    }

    /// Submits (or submits again, once returned) the feedback, checked against the task's
    /// form.
    pub async fn submit(&self, task_id: i64, rid: i64, f: FeedbackInput) -> Result<RecipientView> {
        self.step(
            task_id,
            rid,
            Step::Submit,
            Extra::Feedback(f),
            now_beijing(),
        )
        .await
    }

    pub async fn accept(&self, task_id: i64, rid: i64) -> Result<RecipientView> {
        self.step(task_id, rid, Step::Accept, Extra::None, now_beijing())
            .await
    }

    /// Returns the feedback with the reason it gives (checked).
    pub async fn send_back(&self, task_id: i64, rid: i64, reason: String) -> Result<RecipientView> {
        self.step(
            task_id,
            rid,
            Step::Return,
            Extra::Reason(reason),
            now_beijing(),
        )
        .await
    }

    /// A step as at the moment `at`: for the command line's demo only.
    pub async fn step_as_of(
        &self,
        task_id: i64,
        rid: i64,
        step: Step,
        feedback: Option<FeedbackInput>,
        reason: Option<String>,
        at: NaiveDateTime,
    ) -> Result<RecipientView> {
        self.system_only()?;
        let extra = match (feedback, reason) {
            (Some(f), _) => Extra::Feedback(f),
            (None, Some(r)) => Extra::Reason(r),
            _ => Extra::None,
        };
        self.step(task_id, rid, step, extra, at).await
    }

    async fn step(
        &self,
        task_id: i64,
        rid: i64,
        step: Step,
        extra: Extra,
        at: NaiveDateTime,
    ) -> Result<RecipientView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (t, tp, r, rp) = self.load_recipient(txn, task_id, rid).await?;
        let (perm, over) = match step.side() {
            Side::Recipient => (Permission::TaskWrite, &rp),
            Side::Issuer => (Permission::TaskManage, &tp),
        };
        if !self.s.actor.can(perm, over) {
            return Err(StorageError::Forbidden);
        }
        check_live(t.withdrawn_at.is_some())?;
        let from = State::from_code(&r.state).unwrap_or(State::Issued);
        let to = step.from(from)?;
        let mut am = rec::ActiveModel {
            state: Set(to.code().to_string()),
            updated_at: Set(now_ms()),
            ..Default::default()
        };
        let mut now_late = r.late;
        if r.received_at.is_none() {
            am.received_at = Set(Some(at));
        }
        let mut after = json!({"state": to.code()});
        match (step, extra) {
            (Step::Submit, extra) => {
                let f = match extra {
                    Extra::Feedback(f) => f,
                    _ => FeedbackInput::default(),
                };
                let form: Vec<FormField> = serde_json::from_str(&t.fields).unwrap_or_default();
                let fb = f.parse(&form)?;
                now_late = late(at, t.due_at);
                am.submitted_at = Set(Some(at));
                am.late = Set(now_late);
                am.answers = Set(Some(
                    serde_json::to_string(&fb.answers).unwrap_or_else(|_| "[]".into()),
                ));
                am.note = Set(fb.note.clone());
                after = json!({"state": to.code(), "late": now_late, "answers": fb.answers,
                               "note": fb.note});
            }
            (Step::Return, Extra::Reason(reason)) => {
                let reason = touyan_domain::task::parse_reason(&reason)?;
                am.return_reason = Set(Some(reason.clone()));
                after = json!({"state": to.code(), "reason": reason});
            }
            (Step::Return, _) => {
                return Err(StorageError::field("reason", "err.task_reason"));
            }
            (Step::Accept, _) => am.accepted_at = Set(Some(at)),
            _ => {}
        }
        // Moved only from the state read: a step taken meanwhile refuses this one.
        let done = rec::Entity::update_many()
            .set(am)
            .filter(rec::Column::Id.eq(rid))
            .filter(rec::Column::State.eq(from.code()))
            .exec(txn)
            .await?;
        if done.rows_affected != 1 {
            return Err(StorageError::Refused("rule.task_moved"));
        }
        let d = delta(flags(from, r.late), flags(to, now_late));
        super::write::bump(txn, task_id, t.node_id, &rp, d).await?;
        // A return is written as the log's `send_back`, as for service requests.
        let action = match step {
            Step::Return => "send_back",
            other => other.code(),
        };
        work.record(Entry {
            action,
            record_type: "task_recipient",
            record_id: Some(rid.to_string()),
            node: Some((r.node_id, &rp)),
            before: Some(json!({"state": from.code()})),
            after: Some(after),
        })
        .await?;
        if step == Step::Return {
            let actor = self.s.actor.user_id;
            let kind = "task.notice_returned";
            super::notices::tell(txn, actor, &tp, &[rp.clone()], kind, task_id, &t.title).await?;
        }
        work.commit().await?;
        self.recipient(task_id, rid).await
    }

    /// Reminds (催办) every recipient of task `id` not yet submitted (or returned): one
    /// reminder each, with when and by whom. Answers how many were reminded.
    pub async fn remind(&self, id: i64) -> Result<u64> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (t, tp, _) = self.load_task(txn, id).await?;
        self.s
            .require(Permission::TaskManage, Permission::TaskRead, &tp)?;
        check_live(t.withdrawn_at.is_some())?;
        let open = rec::Entity::find()
            .filter(rec::Column::TaskId.eq(id))
            .filter(rec::Column::State.is_in(["issued", "received", "returned"]))
            .all(txn)
            .await?;
        if open.is_empty() {
            return Err(StorageError::field("state", "err.task_none_to_remind"));
        }
        let now = now_ms();
        let rows: Vec<reminder::ActiveModel> = open
            .iter()
            .map(|r| reminder::ActiveModel {
                task_id: Set(id),
                recipient_id: Set(r.id),
                node_path: Set(r.node_path.clone()),
                reminded_by: Set(self.s.actor.display_name.clone()),
                user_id: Set(self.s.actor.user_id),
                created_at: Set(now),
                ..Default::default()
            })
            .collect();
        for part in rows.chunks(crate::IN_CHUNK / 10) {
            reminder::Entity::insert_many(part.to_vec())
                .exec_without_returning(txn)
                .await?;
        }
        let ids: Vec<i64> = open.iter().map(|r| r.id).collect();
        for part in ids.chunks(crate::IN_CHUNK) {
            rec::Entity::update_many()
                .col_expr(
                    rec::Column::Reminders,
                    Expr::col(rec::Column::Reminders).add(1),
                )
                .filter(rec::Column::Id.is_in(part.to_vec()))
                .exec(txn)
                .await?;
        }
        work.record(Entry {
            action: "remind",
            record_type: "task",
            record_id: Some(id.to_string()),
            node: Some((t.node_id, &tp)),
            before: None,
            after: Some(json!({"reminded": ids.len(), "recipients": ids})),
        })
        .await?;
        let paths: Vec<TreePath> = open
            .iter()
            .map(|r| TreePath::parse(&r.node_path))
            .collect::<std::result::Result<_, _>>()?;
        let actor = self.s.actor.user_id;
        super::notices::tell(
            txn,
            actor,
            &tp,
            &paths,
            "task.notice_reminded",
            id,
            &t.title,
        )
        .await?;
        work.commit().await?;
        Ok(ids.len() as u64)
    }
}
