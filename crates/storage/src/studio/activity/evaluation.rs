//! Evaluations (考核评价) recorded by the supervising unit, support the studio received
//! (激励保障), and a studio's activity totals for its overview.

use super::nonblank;
use super::project::{stage_counts, studio_benefits};
use crate::audit::Entry;
use crate::entity::activity_tables::{studio_evaluation, studio_question, studio_support};
use crate::kit::work::Work;
use crate::kit::{today, urlencode};
use crate::studio::{readable, studio_node};
use crate::{fetch_page, now_ms, Page, Result, Scoped, StorageError};
use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::Serialize;
use serde_json::json;
use touyan_domain::paging::PageRequest;
use touyan_domain::studio::activity::{fmt_score, round_replaces, EvaluationInput, SupportInput};
use touyan_domain::studio::project::benefit_totals;
use touyan_domain::DomainError;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EvaluationView {
    pub id: i64,
    pub studio_id: i64,
    /// `2025`, `2025H1`, `2025Q3`.
    pub period: String,
    pub evaluated_on: NaiveDate,
    /// 0–100 with one decimal, as text (`92.5`).
    pub score: String,
    pub score_tenths: i32,
    /// `excellent`, `good`, `pass` or `fail`.
    pub grade: String,
    /// Why the grade differs from the score's band, when it does.
    pub override_reason: Option<String>,
    pub document_no: Option<String>,
    pub comment: Option<String>,
    pub created_at: i64,
    /// The published evaluation round whose period covers this record's, when one does: the
    /// round's result is the studio's evaluation for the period; this record is kept.
    pub replaced_by_round_id: Option<i64>,
    pub replaced_by_round: Option<String>,
}

impl From<studio_evaluation::Model> for EvaluationView {
    fn from(m: studio_evaluation::Model) -> Self {
        EvaluationView {
            id: m.id,
            studio_id: m.studio_id,
            score: fmt_score(m.score_tenths),
            period: m.period,
            evaluated_on: m.evaluated_on,
            score_tenths: m.score_tenths,
            grade: m.grade,
            override_reason: m.override_reason,
            document_no: m.document_no,
            comment: m.comment,
            created_at: m.created_at,
            replaced_by_round_id: None,
            replaced_by_round: None,
        }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SupportView {
    pub id: i64,
    pub studio_id: i64,
    /// `funding`, `reward` or `material`.
    pub kind: String,
    pub amount_fen: Option<i64>,
    pub received_on: NaiveDate,
    pub source: String,
    pub note: Option<String>,
    pub created_at: i64,
}

impl From<studio_support::Model> for SupportView {
    fn from(m: studio_support::Model) -> Self {
        SupportView {
            id: m.id,
            studio_id: m.studio_id,
            kind: m.kind,
            amount_fen: m.amount_fen,
            received_on: m.received_on,
            source: m.source,
            note: m.note,
            created_at: m.created_at,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct SupportFilter {
    pub kind: Option<String>,
    pub year: Option<i32>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StageCount {
    /// `idea`, `project`, `result` or `benefit`.
    pub stage: String,
    pub projects: u64,
}

/// What a studio's mechanisms add up to, for its overview.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ActivityTotals {
    /// 经费 received, in fen.
    pub funding_fen: i64,
    /// 奖励 received, in fen.
    pub rewards_fen: i64,
    /// Material received with a value given, in fen.
    pub material_fen: i64,
    pub support_records: u64,
    /// Stages with projects, in pipeline order.
    pub projects_by_stage: Vec<StageCount>,
    pub projects: u64,
    /// Invested in all projects, in fen.
    pub investment_fen: i64,
    /// Benefit of all projects (增收 + 节支), in fen.
    pub total_benefit_fen: i64,
    pub net_benefit_fen: i64,
    pub questions: u64,
    pub unanswered: u64,
    /// The most recent evaluation.
    pub latest_evaluation: Option<EvaluationView>,
}

fn evaluation_json(m: &studio_evaluation::Model) -> serde_json::Value {
    json!({"studio_id": m.studio_id, "period": m.period, "evaluated_on": m.evaluated_on,
           "score_tenths": m.score_tenths, "grade": m.grade,
           "override_reason": m.override_reason, "document_no": m.document_no,
           "comment": m.comment})
}

fn support_json(m: &studio_support::Model) -> serde_json::Value {
    json!({"studio_id": m.studio_id, "kind": m.kind, "amount_fen": m.amount_fen,
           "received_on": m.received_on, "source": m.source, "note": m.note})
}

pub struct EvaluationRepo<'a> {
    pub(crate) s: Scoped<'a>,
}

impl EvaluationRepo<'_> {
    /// A studio's evaluations, latest first, each naming the published round that replaces
    /// it when one does.
    pub async fn list(&self, studio_id: i64) -> Result<Vec<EvaluationView>> {
        let seen = self
            .s
            .filter_under::<studio_evaluation::Entity, _>(self.s.db, studio_id)
            .await?;
        let rounds = self.s.studios().evaluation_history(studio_id).await?;
        Ok(studio_evaluation::Entity::find()
            .filter(seen)
            .order_by_desc(studio_evaluation::Column::EvaluatedOn)
            .order_by_desc(studio_evaluation::Column::Id)
            .all(self.s.db)
            .await?
            .into_iter()
            .map(|m| {
                let mut v = EvaluationView::from(m);
                if let Some(r) = rounds.iter().find(|r| round_replaces(&r.period, &v.period)) {
                    v.replaced_by_round_id = Some(r.round_id);
                    v.replaced_by_round = Some(r.round_title.clone());
                }
                v
            })
            .collect())
    }

    pub async fn get(&self, studio_id: i64, evaluation_id: i64) -> Result<EvaluationView> {
        let s = self.s;
        let (m, _, _) = s
            .load_under_for_read::<studio_evaluation::Entity, _>(s.db, studio_id, evaluation_id)
            .await?;
        Ok(m.into())
    }

    /// Records an evaluation: a decision of the supervising unit (`studio.manage`).
    /// A period that a published studio round already assessed is refused: the round's
    /// result is the studio's evaluation for it.
    pub async fn create(&self, studio_id: i64, input: &EvaluationInput) -> Result<EvaluationView> {
        let e = input.parse(today())?;
        let rounds = self.s.studios().evaluation_history(studio_id).await?;
        if let Some(r) = rounds.iter().find(|r| round_replaces(&r.period, &e.period)) {
            let key = format!(
                "err.eval_period_by_round|round={}",
                urlencode(&r.round_title)
            );
            return Err(DomainError::field("period", &key).into());
        }
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (st, path) = self
            .s
            .parent_for_write::<studio_evaluation::Entity, _>(txn, studio_id)
            .await?;
        let taken = studio_evaluation::Entity::find()
            .filter(studio_evaluation::Column::StudioId.eq(studio_id))
            .filter(studio_evaluation::Column::Period.eq(e.period.clone()))
            .count(txn)
            .await?
            > 0;
        if taken {
            return Err(StorageError::conflict("period", "err.eval_period_taken"));
        }
        let m = studio_evaluation::ActiveModel {
            studio_id: Set(studio_id),
            period: Set(e.period),
            evaluated_on: Set(e.evaluated_on),
            score_tenths: Set(e.score_tenths),
            grade: Set(e.grade),
            override_reason: Set(e.override_reason),
            document_no: Set(e.document_no),
            comment: Set(e.comment),
            user_id: Set(self.s.actor.user_id),
            created_at: Set(now_ms()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        work.record(Entry {
            action: "create",
            record_type: "studio_evaluation",
            record_id: Some(m.id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: None,
            after: Some(evaluation_json(&m)),
        })
        .await?;
        work.commit().await?;
        Ok(m.into())
    }

    /// Deletes an evaluation entered by mistake; one a lifecycle move cites stays.
    pub async fn delete(&self, studio_id: i64, evaluation_id: i64) -> Result<()> {
        use crate::entity::studio_move;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, st, path) = self
            .s
            .load_under_for_write::<studio_evaluation::Entity, _>(txn, studio_id, evaluation_id)
            .await?;
        let cited = studio_move::Entity::find()
            .filter(studio_move::Column::StudioId.eq(studio_id))
            .filter(studio_move::Column::EvaluationId.eq(evaluation_id))
            .count(txn)
            .await?
            > 0;
        if cited {
            return Err(StorageError::Refused("rule.eval_cited_by_move"));
        }
        studio_evaluation::Entity::delete_by_id(evaluation_id)
            .exec(txn)
            .await?;
        work.record(Entry {
            action: "delete",
            record_type: "studio_evaluation",
            record_id: Some(evaluation_id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: Some(evaluation_json(&m)),
            after: None,
        })
        .await?;
        work.commit().await?;
        Ok(())
    }
}

pub struct SupportRepo<'a> {
    pub(crate) s: Scoped<'a>,
}

impl SupportRepo<'_> {
    /// Support a studio received, latest first.
    pub async fn list(
        &self,
        studio_id: i64,
        f: &SupportFilter,
        page: PageRequest,
    ) -> Result<Page<SupportView>> {
        let seen = self
            .s
            .filter_under::<studio_support::Entity, _>(self.s.db, studio_id)
            .await?;
        let mut q = studio_support::Entity::find().filter(seen);
        if let Some(k) = nonblank(&f.kind) {
            q = q.filter(studio_support::Column::Kind.eq(k));
        }
        if let Some(y) = f.year {
            let (a, b) = (
                NaiveDate::from_ymd_opt(y, 1, 1),
                NaiveDate::from_ymd_opt(y, 12, 31),
            );
            let (Some(a), Some(b)) = (a, b) else {
                return Err(StorageError::field("year", "err.year_range"));
            };
            q = q.filter(studio_support::Column::ReceivedOn.between(a, b));
        }
        let p = fetch_page(
            self.s.db,
            q,
            |q| {
                q.order_by_desc(studio_support::Column::ReceivedOn)
                    .order_by_desc(studio_support::Column::Id)
            },
            page,
        )
        .await?;
        Ok(p.map(SupportView::from))
    }

    pub async fn create(&self, studio_id: i64, input: &SupportInput) -> Result<SupportView> {
        let sp = input.parse(today())?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (st, path) = self
            .s
            .parent_for_write::<studio_support::Entity, _>(txn, studio_id)
            .await?;
        let m = studio_support::ActiveModel {
            studio_id: Set(studio_id),
            kind: Set(sp.kind),
            amount_fen: Set(sp.amount.map(|a| a.0)),
            received_on: Set(sp.received_on),
            source: Set(sp.source),
            note: Set(sp.note),
            created_at: Set(now_ms()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        work.record(Entry {
            action: "create",
            record_type: "studio_support",
            record_id: Some(m.id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: None,
            after: Some(support_json(&m)),
        })
        .await?;
        work.commit().await?;
        Ok(m.into())
    }

    pub async fn delete(&self, studio_id: i64, support_id: i64) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, st, path) = self
            .s
            .load_under_for_write::<studio_support::Entity, _>(txn, studio_id, support_id)
            .await?;
        studio_support::Entity::delete_by_id(support_id)
            .exec(txn)
            .await?;
        work.record(Entry {
            action: "delete",
            record_type: "studio_support",
            record_id: Some(support_id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: Some(support_json(&m)),
            after: None,
        })
        .await?;
        work.commit().await?;
        Ok(())
    }

    /// The studio's activity totals (see [`studio_totals`]).
    pub async fn totals(&self, studio_id: i64) -> Result<ActivityTotals> {
        studio_totals(self.s, studio_id).await
    }
}

fn add(a: i64, b: i64) -> Result<i64> {
    a.checked_add(b)
        .ok_or(StorageError::from(DomainError::Refused(
            "rule.proj_benefit_overflow",
        )))
}

/// A studio's totals for its overview: support received by kind, projects by stage,
/// investment and benefit of all projects, questions, the latest evaluation.
pub async fn studio_totals(s: Scoped<'_>, studio_id: i64) -> Result<ActivityTotals> {
    let db = s.db;
    readable(&s, db, studio_id).await?;
    let support: Vec<(String, Option<i64>)> = studio_support::Entity::find()
        .select_only()
        .column(studio_support::Column::Kind)
        .column(studio_support::Column::AmountFen)
        .filter(studio_support::Column::StudioId.eq(studio_id))
        .into_tuple()
        .all(db)
        .await?;
    let (mut funding, mut rewards, mut material) = (0i64, 0i64, 0i64);
    for (kind, amount) in &support {
        let a = amount.unwrap_or(0);
        match kind.as_str() {
            "funding" => funding = add(funding, a)?,
            "reward" => rewards = add(rewards, a)?,
            _ => material = add(material, a)?,
        }
    }
    let mut investment = 0i64;
    let mut total = 0i64;
    let mut net = 0i64;
    for (_, inv, entries) in studio_benefits(db, studio_id).await? {
        let t = benefit_totals(inv, &entries)?;
        investment = add(investment, inv.0)?;
        total = add(total, t.total.0)?;
        net = add(net, t.net.0)?;
    }
    let by_stage = stage_counts(db, studio_id).await?;
    let questions = studio_question::Entity::find()
        .filter(studio_question::Column::StudioId.eq(studio_id))
        .count(db)
        .await?;
    let unanswered = studio_question::Entity::find()
        .filter(studio_question::Column::StudioId.eq(studio_id))
        .filter(studio_question::Column::Answer.is_null())
        .count(db)
        .await?;
    let latest = studio_evaluation::Entity::find()
        .filter(studio_evaluation::Column::StudioId.eq(studio_id))
        .order_by_desc(studio_evaluation::Column::EvaluatedOn)
        .order_by_desc(studio_evaluation::Column::Id)
        .one(db)
        .await?;
    Ok(ActivityTotals {
        funding_fen: funding,
        rewards_fen: rewards,
        material_fen: material,
        support_records: support.len() as u64,
        projects: by_stage.iter().map(|x| x.1).sum(),
        projects_by_stage: by_stage
            .into_iter()
            .map(|(stage, projects)| StageCount { stage, projects })
            .collect(),
        investment_fen: investment,
        total_benefit_fen: total,
        net_benefit_fen: net,
        questions,
        unanswered,
        latest_evaluation: latest.map(EvaluationView::from),
    })
}
