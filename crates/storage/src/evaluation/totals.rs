//! Each organization's totals in a round, kept on its target row: brought up to date for one
//! organization after each score written, and for the whole round at each move of its state
//! from one read of the round's scores (a round over thousands of organizations is one
//! statement read, and only the rows whose totals changed are written).

use crate::entity::evaluation_tables::{
    round_score as score, round_target as target, rubric_indicator as ind,
};
use crate::Result;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;
use touyan_domain::evaluation::{totals, IndicatorKind, Part};

/// The kind and maximum of each scored item of a rubric version.
type Kinds = HashMap<i64, (IndicatorKind, i64)>;

/// One score row as the totals read it: (target, indicator, own score, department's score).
type ScoreRow = (i64, i64, Option<i64>, Option<i64>);

/// A target's kept totals: (own total, department's total, vetoed).
type Kept = (Option<i64>, Option<i64>, bool);

async fn kinds<C: ConnectionTrait>(conn: &C, version_id: i64) -> Result<Kinds> {
    Ok(ind::Entity::find()
        .filter(ind::Column::VersionId.eq(version_id))
        .filter(ind::Column::Section.eq(false))
        .all(conn)
        .await?
        .into_iter()
        .map(|i| {
            let k = IndicatorKind::from_code(&i.kind).unwrap_or(IndicatorKind::Scored);
            (i.id, (k, i.max_hundredths))
        })
        .collect())
}

/// The totals of one organization's rows: its own (an automatic item counts the figure's
/// score on both sides) and the departments', each none until anything is scored.
fn kept_of<'a>(kinds: &Kinds, rows: impl Iterator<Item = &'a ScoreRow>) -> Kept {
    let mut own = Vec::new();
    let mut dept = Vec::new();
    for (_, indicator, mine, theirs) in rows {
        let Some((kind, max)) = kinds.get(indicator).copied() else {
            continue;
        };
        let mine = if kind == IndicatorKind::Automatic {
            *theirs
        } else {
            *mine
        };
        own.push(Part {
            kind,
            max,
            score: mine,
        });
        dept.push(Part {
            kind,
            max,
            score: *theirs,
        });
    }
    let any = |parts: &[Part]| parts.iter().any(|p| p.score.is_some());
    let (s, d) = (totals(&own), totals(&dept));
    (
        any(&own).then_some(s.total),
        any(&dept).then_some(d.total),
        d.vetoed,
    )
}

async fn write<C: ConnectionTrait>(conn: &C, target_id: i64, k: Kept) -> Result<()> {
    target::Entity::update_many()
        .col_expr(target::Column::SelfTotal, Expr::value(k.0))
        .col_expr(target::Column::ReviewTotal, Expr::value(k.1))
        .col_expr(target::Column::Vetoed, Expr::value(k.2))
        .filter(target::Column::Id.eq(target_id))
        .exec(conn)
        .await?;
    Ok(())
}

fn score_rows() -> sea_orm::Select<score::Entity> {
    score::Entity::find()
        .select_only()
        .column(score::Column::TargetId)
        .column(score::Column::IndicatorId)
        .column(score::Column::SelfScore)
        .column(score::Column::ReviewerScore)
}

/// Brings the totals of organization `target_id` up to date.
pub(super) async fn recompute<C: ConnectionTrait>(
    conn: &C,
    target_id: i64,
    version_id: i64,
) -> Result<()> {
    let kinds = kinds(conn, version_id).await?;
    let rows: Vec<ScoreRow> = score_rows()
        .filter(score::Column::TargetId.eq(target_id))
        .into_tuple()
        .all(conn)
        .await?;
    write(conn, target_id, kept_of(&kinds, rows.iter())).await
}

/// Brings the totals of every organization in round `round_id` up to date; answers how many
/// changed.
pub(super) async fn recompute_round<C: ConnectionTrait>(
    conn: &C,
    round_id: i64,
    version_id: i64,
) -> Result<usize> {
    let kinds = kinds(conn, version_id).await?;
    let rows: Vec<ScoreRow> = score_rows()
        .filter(score::Column::RoundId.eq(round_id))
        .into_tuple()
        .all(conn)
        .await?;
    let mut by_target: HashMap<i64, Vec<ScoreRow>> = HashMap::new();
    for r in rows {
        by_target.entry(r.0).or_default().push(r);
    }
    let targets: Vec<(i64, Option<i64>, Option<i64>, bool)> = target::Entity::find()
        .select_only()
        .column(target::Column::Id)
        .column(target::Column::SelfTotal)
        .column(target::Column::ReviewTotal)
        .column(target::Column::Vetoed)
        .filter(target::Column::RoundId.eq(round_id))
        .into_tuple()
        .all(conn)
        .await?;
    let mut changed = 0;
    for (id, own, dept, vetoed) in targets {
        let rows = by_target.get(&id).map(Vec::as_slice).unwrap_or_default();
        let now = kept_of(&kinds, rows.iter());
        if now != (own, dept, vetoed) {
            write(conn, id, now).await?;
            changed += 1;
        }
    }
    Ok(changed)
}
