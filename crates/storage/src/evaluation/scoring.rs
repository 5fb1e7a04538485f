//! Scoring: an organization's self-score, a department's score, evidence, the figures of the
//! automatic indicators (read once, kept with the score: a published score never changes
//! when the data does) and each organization's totals kept after every change.

use super::totals::recompute;
use super::{EvaluationRepo, TargetSheet};
use crate::audit::Entry;
use crate::entity::evaluation_tables::{
    round, round_evidence as evid, round_file, round_score as score, round_target as target,
    rubric_indicator as ind,
};
use crate::entity::org_node;
use crate::kit::area::{FigureManyQuery, FigureValue};
use crate::kit::today;
use crate::kit::work::Work;
use crate::{now_ms, Result, StorageError};
use sea_orm::sea_query::Expr;
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, PaginatorTrait, QueryFilter,
};
use serde_json::json;
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::evaluation::{
    automatic_score, EvidenceInput, IndicatorKind, Period, RoundState, ScoreInput,
};
use touyan_domain::tree::TreePath;

/// A figure read for one organization and one automatic indicator, to be kept.
pub(super) struct FigureRow {
    target_id: i64,
    indicator_id: i64,
    key: String,
    params: String,
    numerator: i64,
    denominator: Option<i64>,
    score: i64,
    read_at: i64,
}

impl FigureRow {
    pub(super) async fn write(&self, txn: &DatabaseTransaction) -> Result<()> {
        score::Entity::update_many()
            .col_expr(score::Column::FigureKey, Expr::value(self.key.clone()))
            .col_expr(
                score::Column::FigureParams,
                Expr::value(self.params.clone()),
            )
            .col_expr(score::Column::FigureNumerator, Expr::value(self.numerator))
            .col_expr(
                score::Column::FigureDenominator,
                Expr::value(self.denominator),
            )
            .col_expr(score::Column::FigureReadAt, Expr::value(self.read_at))
            .col_expr(score::Column::ReviewerScore, Expr::value(self.score))
            .col_expr(score::Column::UpdatedAt, Expr::value(self.read_at))
            .filter(score::Column::TargetId.eq(self.target_id))
            .filter(score::Column::IndicatorId.eq(self.indicator_id))
            .exec(txn)
            .await?;
        Ok(())
    }
}

/// Reads the figure of every automatic indicator of round `m` for each organization: its
/// subtree over the period's days up to today.
pub(super) async fn read_figures(
    db: &DatabaseConnection,
    m: &round::Model,
) -> Result<Vec<FigureRow>> {
    let autos = ind::Entity::find()
        .filter(ind::Column::VersionId.eq(m.version_id))
        .filter(ind::Column::Kind.eq(IndicatorKind::Automatic.code()))
        .all(db)
        .await?;
    if autos.is_empty() {
        return Ok(Vec::new());
    }
    let period = Period::parse(&m.period).ok_or(StorageError::Refused("rule.evaluation_state"))?;
    let from = period.start();
    let to = today().min(period.end()).max(from);
    let targets = target::Entity::find()
        .filter(target::Column::RoundId.eq(m.id))
        .all(db)
        .await?;
    let paths = targets
        .iter()
        .map(|t| TreePath::parse(&t.node_path))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    // Each figure once for all the organizations, in a few grouped statements.
    let mut values: HashMap<String, Vec<FigureValue>> = HashMap::new();
    for a in &autos {
        let key = a.figure.clone().unwrap_or_default();
        if values.contains_key(&key) {
            continue;
        }
        let q = FigureManyQuery {
            under: paths.clone(),
            from,
            to,
        };
        let read = crate::areas::figures_many(db, &key, &q)
            .await?
            .unwrap_or_else(|| vec![FigureValue::default(); paths.len()]);
        values.insert(key, read);
    }
    let mut out = Vec::new();
    for (i, (t, under)) in targets.iter().zip(&paths).enumerate() {
        for a in &autos {
            let key = a.figure.clone().unwrap_or_default();
            let v = values[&key][i];
            out.push(FigureRow {
                target_id: t.id,
                indicator_id: a.id,
                params: json!({"under": under.as_str(), "from": from.to_string(),
                               "to": to.to_string()})
                .to_string(),
                key,
                numerator: v.numerator as i64,
                denominator: v.denominator.map(|d| d as i64),
                score: automatic_score(a.max_hundredths, v.numerator, v.denominator, a.full_at),
                read_at: now_ms(),
            });
        }
    }
    Ok(out)
}

/// Which side of a score is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The organization's own, with `evaluation.assess` over it.
    SelfScore,
    /// A department's, with `evaluation.review` over the indicator's department.
    Review,
}

/// The organization `tid` of round `id`, readable by the caller, with its round and path.
pub(super) async fn target_in<C: ConnectionTrait>(
    repo: &EvaluationRepo<'_>,
    conn: &C,
    id: i64,
    tid: i64,
) -> Result<(target::Model, round::Model, TreePath)> {
    let (t, path) = repo.s.load_for_read::<target::Entity, _>(conn, tid).await?;
    if t.round_id != id {
        return Err(StorageError::NotFound);
    }
    let r = round::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(StorageError::NotFound)?;
    Ok((t, r, path))
}

/// The item `iid` of round `r`'s rubric version (a section is no item).
async fn item_of<C: ConnectionTrait>(conn: &C, r: &round::Model, iid: i64) -> Result<ind::Model> {
    ind::Entity::find_by_id(iid)
        .filter(ind::Column::VersionId.eq(r.version_id))
        .filter(ind::Column::Section.eq(false))
        .one(conn)
        .await?
        .ok_or(StorageError::NotFound)
}

/// Whether the caller scores item `i` of round `r` as a department: `evaluation.review`
/// over the item's department, or over the round's node for an item of no department.
pub(super) async fn reviews<C: ConnectionTrait>(
    repo: &EvaluationRepo<'_>,
    conn: &C,
    r: &round::Model,
    i: &ind::Model,
) -> Result<bool> {
    let path = match i.department_id {
        Some(d) => match org_node::Entity::find_by_id(d).one(conn).await? {
            Some(n) => TreePath::parse(&n.path)?,
            None => return Ok(false),
        },
        None => TreePath::parse(&r.node_path)?,
    };
    Ok(repo.s.actor.can(Permission::EvaluationReview, &path))
}

impl EvaluationRepo<'_> {
    /// Gives item `iid` of organization `tid` in round `id` a score, as the organization
    /// (`side` self, while the round takes self-scores) or as its department (while it takes
    /// reviews). An automatic item takes none; an item that needs evidence takes a
    /// self-score only once evidence is linked or a file uploaded.
    pub async fn score(
        &self,
        id: i64,
        tid: i64,
        iid: i64,
        side: Side,
        input: &ScoreInput,
    ) -> Result<TargetSheet> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (t, r, path) = target_in(self, txn, id, tid).await?;
        let i = item_of(txn, &r, iid).await?;
        let allowed = match side {
            Side::SelfScore => self.s.actor.can(Permission::EvaluationAssess, &path),
            Side::Review => reviews(self, txn, &r, &i).await?,
        };
        if !allowed {
            return Err(StorageError::Forbidden);
        }
        let state = RoundState::from_code(&r.state).unwrap_or(RoundState::Draft);
        let open = match side {
            Side::SelfScore => state.takes_self_scores(),
            Side::Review => state.takes_reviews(),
        };
        if !open {
            return Err(StorageError::Refused("rule.evaluation_state"));
        }
        let kind = IndicatorKind::from_code(&i.kind).unwrap_or(IndicatorKind::Scored);
        if kind == IndicatorKind::Automatic {
            return Err(StorageError::Refused("rule.evaluation_automatic"));
        }
        let s = input.parse(kind, i.max_hundredths)?;
        if side == Side::SelfScore && i.evidence_required {
            // A link or an uploaded file, either satisfies the item.
            let linked = evid::Entity::find()
                .filter(evid::Column::TargetId.eq(t.id))
                .filter(evid::Column::IndicatorId.eq(i.id))
                .count(txn)
                .await?;
            let uploaded = round_file::Entity::find()
                .filter(round_file::Column::TargetId.eq(t.id))
                .filter(round_file::Column::IndicatorId.eq(i.id))
                .count(txn)
                .await?;
            if linked + uploaded == 0 {
                return Err(StorageError::field(
                    "score",
                    "err.evaluation_evidence_needed",
                ));
            }
        }
        let row = score::Entity::find()
            .filter(score::Column::TargetId.eq(t.id))
            .filter(score::Column::IndicatorId.eq(i.id))
            .one(txn)
            .await?
            .ok_or(StorageError::NotFound)?;
        let mut am: score::ActiveModel = row.clone().into();
        let before = match side {
            Side::SelfScore => {
                am.self_score = Set(Some(s.score));
                am.self_note = Set(s.note.clone());
                json!({"score": row.self_score, "note": row.self_note})
            }
            Side::Review => {
                am.reviewer_score = Set(Some(s.score));
                am.reviewer_note = Set(s.note.clone());
                am.reviewer_id = Set(self.s.actor.user_id);
                am.reviewer_name = Set(Some(self.s.actor.display_name.clone()));
                json!({"score": row.reviewer_score, "note": row.reviewer_note})
            }
        };
        am.updated_at = Set(now_ms());
        am.update(txn).await?;
        recompute(txn, t.id, r.version_id).await?;
        work.record(Entry {
            action: "update",
            record_type: "round_score",
            record_id: Some(row.id.to_string()),
            node: Some((t.node_id, &path)),
            before: Some(before),
            after: Some(
                json!({"round_id": id, "indicator_id": i.id, "side": match side {
                Side::SelfScore => "self",
                Side::Review => "review",
            }, "score": s.score, "note": s.note}),
            ),
        })
        .await?;
        work.commit().await?;
        self.sheet(id, tid).await
    }

    /// Links evidence to item `iid` of organization `tid` in round `id`: by the organization
    /// while it self-assesses, or by a department of the item while the round takes reviews.
    /// A linked record must exist and be read by the caller (a field error otherwise).
    pub async fn add_evidence(
        &self,
        id: i64,
        tid: i64,
        iid: i64,
        input: &EvidenceInput,
    ) -> Result<TargetSheet> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (t, r, path) = target_in(self, txn, id, tid).await?;
        let i = item_of(txn, &r, iid).await?;
        let state = RoundState::from_code(&r.state).unwrap_or(RoundState::Draft);
        let allowed = (state.takes_self_scores()
            && self.s.actor.can(Permission::EvaluationAssess, &path))
            || (state.takes_reviews() && reviews(self, txn, &r, &i).await?);
        if !allowed {
            let can_write = self.s.actor.can(Permission::EvaluationAssess, &path)
                || reviews(self, txn, &r, &i).await?;
            return Err(if can_write {
                StorageError::Refused("rule.evaluation_state")
            } else {
                StorageError::Forbidden
            });
        }
        let e = input.parse()?;
        if let Some(rid) = e.record_id {
            // A linked record exists and the caller reads it, by its own area's rule.
            if crate::areas::evidence_record(self.s, &e.kind, rid)
                .await?
                .is_none()
            {
                return Err(StorageError::field(
                    "record_id",
                    "err.evaluation_evidence_record",
                ));
            }
        }
        let m = evid::ActiveModel {
            round_id: Set(id),
            target_id: Set(t.id),
            indicator_id: Set(i.id),
            node_path: Set(t.node_path.clone()),
            kind: Set(e.kind.clone()),
            record_id: Set(e.record_id),
            label: Set(e.label.clone()),
            url: Set(e.url.clone()),
            created_by: Set(self.s.actor.display_name.clone()),
            created_at: Set(now_ms()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        work.record(Entry {
            action: "create",
            record_type: "round_evidence",
            record_id: Some(m.id.to_string()),
            node: Some((t.node_id, &path)),
            before: None,
            after: Some(json!({"round_id": id, "indicator_id": i.id, "kind": e.kind,
                               "record_id": e.record_id, "label": e.label, "url": e.url})),
        })
        .await?;
        work.commit().await?;
        self.sheet(id, tid).await
    }
}
