//! Reading one organization's score sheet — each indicator with its own score and the
//! department's side by side, the difference, the figure kept and the evidence — and a
//! round's scores for an export.

use super::files::{file_view, may_remove};
use super::rounds::{round_views, target_views};
use super::rubrics::indicator_views;
use super::scoring::reviews;
use super::{EvaluationRepo, EvidenceFileView, EvidenceView, FigureRead, ScoreView, TargetSheet};
use crate::entity::evaluation_tables::{
    round, round_evidence as evid, round_file, round_score as score, round_target as target,
    rubric, rubric_indicator as ind, rubric_version as ver,
};
use crate::{Result, StorageError};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::evaluation::RoundState;

/// One line of a round's export: an organization's score on an item, in hundredths.
#[derive(Debug, Clone)]
pub struct ExportLine {
    pub organization: String,
    pub indicator: String,
    pub kind: String,
    pub max: i64,
    pub self_score: Option<i64>,
    pub reviewer_score: Option<i64>,
    pub reviewer: Option<String>,
}

impl EvaluationRepo<'_> {
    /// Whether the caller reads rubric `id` (not found otherwise).
    pub async fn check_rubric(&self, id: i64) -> Result<()> {
        self.s
            .load_for_read::<rubric::Entity, _>(self.s.db, id)
            .await
            .map(drop)
    }

    /// Whether the caller reads round `id` (not found otherwise).
    pub async fn check_round(&self, id: i64) -> Result<()> {
        self.s
            .load_for_read::<round::Entity, _>(self.s.db, id)
            .await
            .map(drop)
    }

    /// Whether the caller reads organization `tid` of a round (not found otherwise).
    pub async fn check_target(&self, tid: i64) -> Result<()> {
        self.s
            .load_for_read::<target::Entity, _>(self.s.db, tid)
            .await
            .map(drop)
    }

    /// Organization `tid`'s sheet in round `id`: read with `evaluation.read` over the
    /// organization (its own people read it without reading the round's others).
    pub async fn sheet(&self, id: i64, tid: i64) -> Result<TargetSheet> {
        let db = self.s.db;
        let (t, path) = self.s.load_for_read::<target::Entity, _>(db, tid).await?;
        if t.round_id != id {
            return Err(StorageError::NotFound);
        }
        let r = round::Entity::find_by_id(id)
            .one(db)
            .await?
            .ok_or(StorageError::NotFound)?;
        let base = ver::Entity::find_by_id(r.version_id)
            .one(db)
            .await?
            .map_or(0, |v| v.base_hundredths);
        let state = RoundState::from_code(&r.state).unwrap_or(RoundState::Draft);
        let indicators = indicator_views(db, r.version_id).await?;
        let models: HashMap<i64, ind::Model> = ind::Entity::find()
            .filter(ind::Column::VersionId.eq(r.version_id))
            .all(db)
            .await?
            .into_iter()
            .map(|i| (i.id, i))
            .collect();
        let scores: HashMap<i64, score::Model> = score::Entity::find()
            .filter(score::Column::TargetId.eq(t.id))
            .all(db)
            .await?
            .into_iter()
            .map(|s| (s.indicator_id, s))
            .collect();
        let mut evidence: HashMap<i64, Vec<EvidenceView>> = HashMap::new();
        for e in evid::Entity::find()
            .filter(evid::Column::TargetId.eq(t.id))
            .order_by_asc(evid::Column::Id)
            .all(db)
            .await?
        {
            let found = match e.record_id {
                Some(rid) => crate::areas::evidence_record(self.s, &e.kind, rid).await?,
                None => None,
            };
            evidence
                .entry(e.indicator_id)
                .or_default()
                .push(EvidenceView {
                    id: e.id,
                    kind: e.kind,
                    record_id: e.record_id,
                    label: e.label,
                    url: e.url,
                    created_by: e.created_by,
                    readable: found.is_some(),
                    parent_id: found.and_then(|f| f.parent_id),
                });
        }
        let mut files: HashMap<i64, Vec<EvidenceFileView>> = HashMap::new();
        for f in round_file::Entity::find()
            .filter(round_file::Column::TargetId.eq(t.id))
            .order_by_asc(round_file::Column::Id)
            .all(db)
            .await?
        {
            let removable = match models.get(&f.indicator_id) {
                Some(i) => may_remove(self, db, &r, i, &path, &f.side).await?,
                None => false,
            };
            files
                .entry(f.indicator_id)
                .or_default()
                .push(file_view(f, removable));
        }
        let assess =
            state.takes_self_scores() && self.s.actor.can(Permission::EvaluationAssess, &path);
        let mut out = Vec::with_capacity(indicators.len());
        for i in indicators {
            let s = scores.get(&i.id);
            let automatic = i.kind == "automatic";
            let can_review = match models.get(&i.id) {
                Some(m) if state.takes_reviews() && !i.section && !automatic => {
                    reviews(self, db, &r, m).await?
                }
                _ => false,
            };
            let self_score = s.and_then(|s| s.self_score);
            let reviewer_score = s.and_then(|s| s.reviewer_score);
            out.push(ScoreView {
                self_score,
                self_note: s.and_then(|s| s.self_note.clone()),
                reviewer_score,
                reviewer_note: s.and_then(|s| s.reviewer_note.clone()),
                reviewer_name: s.and_then(|s| s.reviewer_name.clone()),
                difference: reviewer_score.zip(self_score).map(|(r, s)| r - s),
                figure: s.and_then(|s| {
                    Some(FigureRead {
                        key: s.figure_key.clone()?,
                        params: s.figure_params.clone().unwrap_or_default(),
                        numerator: s.figure_numerator.unwrap_or(0),
                        denominator: s.figure_denominator,
                        read_at: s.figure_read_at.unwrap_or(0),
                    })
                }),
                evidence: evidence.remove(&i.id).unwrap_or_default(),
                files: files.remove(&i.id).unwrap_or_default(),
                can_self_score: assess && !i.section && !automatic,
                can_review,
                indicator: i,
            });
        }
        Ok(TargetSheet {
            round: round_views(db, vec![r]).await?.remove(0),
            target: target_views(db, id, Some(t.id)).await?.remove(0),
            base,
            scores: out,
        })
    }

    /// Every score of round `id`, by organization and item, for its export (the round is
    /// read with `evaluation.read` over its node).
    pub async fn export(&self, id: i64) -> Result<(String, i64, Vec<ExportLine>)> {
        let db = self.s.db;
        let (r, _) = self.s.load_for_read::<round::Entity, _>(db, id).await?;
        let items: HashMap<i64, ind::Model> = ind::Entity::find()
            .filter(ind::Column::VersionId.eq(r.version_id))
            .all(db)
            .await?
            .into_iter()
            .map(|i| (i.id, i))
            .collect();
        let targets = target_views(db, id, None).await?;
        let rows = score::Entity::find()
            .filter(score::Column::RoundId.eq(id))
            .all(db)
            .await?;
        let mut by: HashMap<i64, Vec<score::Model>> = HashMap::new();
        for s in rows {
            by.entry(s.target_id).or_default().push(s);
        }
        let mut out = Vec::new();
        for t in &targets {
            let mut list = by.remove(&t.id).unwrap_or_default();
            list.sort_by_key(|s| items.get(&s.indicator_id).map_or(0, |i| i.position));
            for s in list {
                let Some(i) = items.get(&s.indicator_id) else {
                    continue;
                };
                out.push(ExportLine {
                    organization: t.node_name.clone(),
                    indicator: i.title.clone(),
                    kind: i.kind.clone(),
                    max: i.max_hundredths,
                    self_score: s.self_score,
                    reviewer_score: s.reviewer_score,
                    reviewer: s.reviewer_name,
                });
            }
        }
        Ok((r.title, r.node_id, out))
    }
}
