//! The reviewer's queue: the sheets of rounds under review in which an item is scored by a
//! department the caller reviews for (or, for an item of no department, by the round's own
//! reviewers) and has no department score yet.

use super::{EvaluationRepo, QueueItem};
use crate::entity::evaluation_tables::{
    round, round_score as score, round_target as target, rubric_indicator as ind,
};
use crate::entity::org_node;
use crate::kit::sql::node_names;
use crate::scope::within_any;
use crate::{fetch_page, Page, Result};
use sea_orm::sea_query::{Alias, Condition, Expr, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter, QueryOrder,
};
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::evaluation::{IndicatorKind, RoundState};
use touyan_domain::paging::PageRequest;
use touyan_domain::tree::TreePath;

/// The unscored items the caller reviews, in rounds under review, as a statement to which
/// the caller adds its columns.
fn pending(review: &[TreePath]) -> SelectStatement {
    let by_department = Condition::all()
        .add(Expr::col((ind::Entity, ind::Column::DepartmentId)).is_not_null())
        .add(within_any(
            (org_node::Entity, org_node::Column::Path),
            review,
        ));
    let by_round = Condition::all()
        .add(Expr::col((ind::Entity, ind::Column::DepartmentId)).is_null())
        .add(within_any((round::Entity, round::Column::NodePath), review));
    Query::select()
        .from(score::Entity)
        .join(
            JoinType::InnerJoin,
            ind::Entity,
            Expr::col((ind::Entity, ind::Column::Id))
                .equals((score::Entity, score::Column::IndicatorId)),
        )
        .join(
            JoinType::InnerJoin,
            round::Entity,
            Expr::col((round::Entity, round::Column::Id))
                .equals((score::Entity, score::Column::RoundId)),
        )
        .join(
            JoinType::LeftJoin,
            org_node::Entity,
            Expr::col((org_node::Entity, org_node::Column::Id))
                .equals((ind::Entity, ind::Column::DepartmentId)),
        )
        .cond_where(
            Condition::all()
                .add(Expr::col((score::Entity, score::Column::ReviewerScore)).is_null())
                .add(Expr::col((ind::Entity, ind::Column::Section)).eq(false))
                .add(
                    Expr::col((ind::Entity, ind::Column::Kind)).ne(IndicatorKind::Automatic.code()),
                )
                .add(Expr::col((round::Entity, round::Column::State)).eq(RoundState::Review.code()))
                .add(Condition::any().add(by_department).add(by_round)),
        )
        .to_owned()
}

#[derive(FromQueryResult)]
struct Left {
    target_id: i64,
    pending: i64,
}

impl EvaluationRepo<'_> {
    /// The sheets waiting for the caller's department scores, newest round first: only
    /// sheets the caller reads, only items of departments it reviews for, only items
    /// without a department score.
    pub async fn review_queue(&self, page: PageRequest) -> Result<Page<QueueItem>> {
        let db = self.s.db;
        let grants = &self.s.actor.grants;
        let review = grants.scopes(Permission::EvaluationReview);
        let read = grants.scopes(Permission::EvaluationRead);
        let ids = pending(&review)
            .column((score::Entity, score::Column::TargetId))
            .to_owned();
        let select = target::Entity::find()
            .filter(within_any(target::Column::NodePath, &read))
            .filter(target::Column::Id.in_subquery(ids));
        let order = |q: sea_orm::Select<target::Entity>| {
            q.order_by_desc(target::Column::RoundId)
                .order_by_asc(target::Column::Id)
        };
        let mut p = fetch_page(db, select, order, page).await?;
        let rows = std::mem::take(&mut p.items);
        if rows.is_empty() {
            return Ok(p.with_items(Vec::new()));
        }
        let page_ids: Vec<i64> = rows.iter().map(|t| t.id).collect();
        let counts = pending(&review)
            .expr_as(
                Expr::col((score::Entity, score::Column::TargetId)),
                Alias::new("target_id"),
            )
            .expr_as(Expr::cust("COUNT(*)"), Alias::new("pending"))
            .cond_where(
                Condition::all()
                    .add(Expr::col((score::Entity, score::Column::TargetId)).is_in(page_ids)),
            )
            .group_by_col((score::Entity, score::Column::TargetId))
            .to_owned();
        let left: HashMap<i64, i64> =
            Left::find_by_statement(db.get_database_backend().build(&counts))
                .all(db)
                .await?
                .into_iter()
                .map(|l| (l.target_id, l.pending))
                .collect();
        let round_ids: Vec<i64> = rows.iter().map(|t| t.round_id).collect();
        let rounds: HashMap<i64, round::Model> = round::Entity::find()
            .filter(round::Column::Id.is_in(round_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|r| (r.id, r))
            .collect();
        let names = node_names(db, rows.iter().map(|t| t.node_id).collect()).await?;
        let items = rows
            .into_iter()
            .map(|t| {
                let r = rounds.get(&t.round_id);
                QueueItem {
                    round_id: t.round_id,
                    round_title: r.map(|r| r.title.clone()).unwrap_or_default(),
                    period: r.map(|r| r.period.clone()).unwrap_or_default(),
                    target_id: t.id,
                    node_id: t.node_id,
                    node_name: names.get(&t.node_id).cloned().unwrap_or_default(),
                    left: left.get(&t.id).copied().unwrap_or(0),
                }
            })
            .collect();
        Ok(p.with_items(items))
    }
}
