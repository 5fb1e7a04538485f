//! Reading ratings in the caller's reach: a subtree's ratings of a period, one rating with
//! its objections, an organization's history of moves, and the distribution of any subtree
//! with its trend (from the kept counts, or counted from the ratings to check them).

use super::counts::{kept, scanned};
use super::{
    day, star_of, Distribution, MoveView, ObjectionView, RatingDetail, RatingRepo, RatingView,
};
use crate::entity::rating_tables::{rating, rating_move as mv, rating_objection as obj};
use crate::kit::sql::node_names;
use crate::kit::today;
use crate::{fetch_page, Page, Result, StorageError};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
    Select,
};
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::paging::PageRequest;
use touyan_domain::rating::is_final;

/// What a list of ratings is narrowed to.
#[derive(Debug, Clone, Default)]
pub struct RatingFilter {
    /// Ratings of organizations in this node's subtree.
    pub under: Option<i64>,
    /// `2026Q1` and the like.
    pub period: Option<String>,
    /// `notice` for the notice page: ratings still under notice.
    pub state: Option<String>,
}

/// Objections not yet answered, by rating.
async fn open_objections<C: ConnectionTrait>(conn: &C, ids: Vec<i64>) -> Result<HashMap<i64, i64>> {
    let mut out = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let rows: Vec<i64> = obj::Entity::find()
        .select_only()
        .column(obj::Column::RatingId)
        .filter(obj::Column::RatingId.is_in(ids))
        .filter(obj::Column::Answer.is_null())
        .into_tuple()
        .all(conn)
        .await?;
    for r in rows {
        *out.entry(r).or_default() += 1;
    }
    Ok(out)
}

/// The state of a rating now: final once its notice ended with every objection answered.
pub(crate) fn state_now(r: &rating::Model, open: i64) -> &'static str {
    if r.state == "final" || is_final(r.notice_ends_on, today(), open.max(0) as u64) {
        "final"
    } else {
        "notice"
    }
}

impl RatingRepo<'_> {
    async fn select(&self, f: &RatingFilter) -> Result<Select<rating::Entity>> {
        let seen = self.s.list_filter::<rating::Entity>(f.under).await?;
        let mut q = rating::Entity::find().filter(seen);
        if let Some(p) = f.period.as_deref().filter(|p| !p.trim().is_empty()) {
            q = q.filter(rating::Column::Period.eq(p.trim()));
        }
        match f.state.as_deref().map(str::trim) {
            None | Some("") => {}
            Some("notice") => {
                // Under notice: the window still runs, or objections are still open.
                let open = obj::Entity::find()
                    .select_only()
                    .column(obj::Column::RatingId)
                    .filter(obj::Column::Answer.is_null())
                    .into_query();
                q = q.filter(rating::Column::State.eq("notice")).filter(
                    sea_orm::Condition::any()
                        .add(rating::Column::NoticeEndsOn.gte(today()))
                        .add(rating::Column::Id.in_subquery(open)),
                );
            }
            Some(_) => return Err(StorageError::field("state", "err.choice")),
        }
        Ok(q)
    }

    /// A page of the ratings in reach, by period (latest first) and organization.
    pub async fn list(&self, f: &RatingFilter, page: PageRequest) -> Result<Page<RatingView>> {
        let order = |q: Select<rating::Entity>| {
            q.order_by_desc(rating::Column::Period)
                .order_by_asc(rating::Column::NodePath)
        };
        let mut p = fetch_page(self.s.db, self.select(f).await?, order, page).await?;
        let rows = std::mem::take(&mut p.items);
        Ok(p.with_items(self.views(rows).await?))
    }

    /// Every rating the filter keeps, in the list's order, at most `cap` (for the export).
    pub async fn all(&self, f: &RatingFilter, cap: u64) -> Result<Vec<RatingView>> {
        let rows = self
            .select(f)
            .await?
            .order_by_desc(rating::Column::Period)
            .order_by_asc(rating::Column::NodePath)
            .limit(cap)
            .all(self.s.db)
            .await?;
        self.views(rows).await
    }

    pub(crate) async fn views(&self, rows: Vec<rating::Model>) -> Result<Vec<RatingView>> {
        let db = self.s.db;
        let names = node_names(db, rows.iter().map(|m| m.node_id).collect()).await?;
        let open = open_objections(db, rows.iter().map(|m| m.id).collect()).await?;
        Ok(rows
            .into_iter()
            .map(|m| {
                let open = open.get(&m.id).copied().unwrap_or(0);
                RatingView {
                    id: m.id,
                    node_name: names.get(&m.node_id).cloned().unwrap_or_default(),
                    node_id: m.node_id,
                    state: state_now(&m, open).into(),
                    period: m.period,
                    star: star_of(m.star),
                    score: m.score,
                    vetoed: m.vetoed,
                    round_id: m.round_id,
                    direct_reason: m.direct_reason,
                    basis: m.basis,
                    issued_on: day(&m.issued_on),
                    notice_ends_on: day(&m.notice_ends_on),
                    issued_by_node_id: m.issued_by_node_id,
                    open_objections: open,
                }
            })
            .collect())
    }

    /// Rating `id` with its objections and answers.
    pub async fn detail(&self, id: i64) -> Result<RatingDetail> {
        let db = self.s.db;
        let (m, path) = self.s.load_for_read::<rating::Entity, _>(db, id).await?;
        let can_manage = self.require_issuer(&m, &path).is_ok();
        let objections = obj::Entity::find()
            .filter(obj::Column::RatingId.eq(id))
            .order_by_asc(obj::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|o| ObjectionView {
                id: o.id,
                rating_id: o.rating_id,
                body: o.body,
                raised_by: o.raised_by,
                raised_on: day(&o.raised_on),
                answer: o.answer,
                answered_by: o.answered_by,
                answered_on: o.answered_on.as_ref().map(day),
            })
            .collect();
        let rating = self.views(vec![m]).await?.remove(0);
        Ok(RatingDetail {
            rating,
            objections,
            can_manage,
        })
    }

    /// The moves of organization `node_id`'s star, oldest first, and its ratings, latest
    /// first.
    pub async fn history(&self, node_id: i64) -> Result<(Vec<MoveView>, Vec<RatingView>)> {
        let db = self.s.db;
        self.s
            .orgs()
            .path_of_readable(node_id, Permission::RatingRead)
            .await?;
        let moves = mv::Entity::find()
            .filter(mv::Column::NodeId.eq(node_id))
            .order_by_asc(mv::Column::MovedOn)
            .order_by_asc(mv::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|m| MoveView {
                period: m.period,
                from_star: star_of(m.from_star),
                to_star: star_of(m.to_star),
                basis: m.basis,
                moved_on: day(&m.moved_on),
            })
            .collect();
        let rows = rating::Entity::find()
            .filter(rating::Column::NodeId.eq(node_id))
            .order_by_desc(rating::Column::Period)
            .all(db)
            .await?;
        Ok((moves, self.views(rows).await?))
    }

    /// The star distribution of node `node_id`'s subtree (the node's own rating included),
    /// by period, oldest first, from the kept counts; one period when given.
    pub async fn distribution(
        &self,
        node_id: i64,
        period: Option<&str>,
    ) -> Result<Vec<Distribution>> {
        self.s
            .orgs()
            .path_of_readable(node_id, Permission::RatingRead)
            .await?;
        kept(self.s.db, node_id, period).await
    }

    /// The same distribution counted from the ratings themselves (to check the kept counts).
    pub async fn distribution_scan(
        &self,
        node_id: i64,
        period: Option<&str>,
    ) -> Result<Vec<Distribution>> {
        let path = self
            .s
            .orgs()
            .path_of_readable(node_id, Permission::RatingRead)
            .await?;
        scanned(self.s.db, &path, period).await
    }

    /// The current star of organizations, for a node panel: the latest final rating.
    pub async fn current_star(&self, node_id: i64) -> Result<Option<RatingView>> {
        self.s
            .orgs()
            .path_of_readable(node_id, Permission::RatingRead)
            .await?;
        let rows = rating::Entity::find()
            .filter(rating::Column::NodeId.eq(node_id))
            .order_by_desc(rating::Column::Period)
            .limit(4)
            .all(self.s.db)
            .await?;
        let views = self.views(rows).await?;
        Ok(views.into_iter().find(|v| v.state == "final"))
    }

    /// Marks final the ratings at or under `path` whose notice ended with every objection
    /// answered; answers how many.
    pub(crate) async fn settle<C: ConnectionTrait>(
        conn: &C,
        path: &touyan_domain::tree::TreePath,
    ) -> Result<u64> {
        let open = obj::Entity::find()
            .select_only()
            .column(obj::Column::RatingId)
            .filter(obj::Column::Answer.is_null())
            .into_query();
        let r = rating::Entity::update_many()
            .col_expr(rating::Column::State, Expr::value("final"))
            .filter(crate::scope::within(rating::Column::NodePath, path))
            .filter(rating::Column::State.eq("notice"))
            .filter(rating::Column::NoticeEndsOn.lt(today()))
            .filter(rating::Column::Id.not_in_subquery(open))
            .exec(conn)
            .await?;
        Ok(r.rows_affected)
    }
}

impl RatingRepo<'_> {
    /// Whether the caller reads rating `id` (not found otherwise).
    pub async fn check_rating(&self, id: i64) -> Result<()> {
        self.s
            .load_for_read::<rating::Entity, _>(self.s.db, id)
            .await
            .map(drop)
    }

    /// Whether the caller reads batch `id` (not found otherwise).
    pub async fn check_batch(&self, id: i64) -> Result<()> {
        self.s
            .load_for_read::<crate::entity::rating_tables::allowance_batch::Entity, _>(
                self.s.db, id,
            )
            .await
            .map(drop)
    }
}

impl RatingRepo<'_> {
    /// Published evaluation rounds at or under node `node_id` to rate from, as (id, title,
    /// period), newest first, read through the list of areas.
    pub async fn published_rounds(&self, node_id: i64) -> Result<Vec<(i64, String, String)>> {
        let path = self
            .s
            .orgs()
            .path_of_readable(node_id, Permission::RatingRead)
            .await?;
        crate::areas::published_rounds(self.s.db, &path).await
    }

    /// Published evaluation rounds at or under the nodes where the caller manages ratings,
    /// newest first, each with how many organizations it has rated so far.
    pub async fn rounds_to_rate(&self) -> Result<Vec<RoundToRate>> {
        let mut rounds = Vec::new();
        for scope in self.s.actor.grants.scopes(Permission::RatingManage) {
            rounds.extend(crate::areas::published_rounds(self.s.db, &scope).await?);
        }
        rounds.sort_by_key(|r| std::cmp::Reverse(r.0));
        rounds.dedup_by_key(|r| r.0);
        let ids: Vec<i64> = rounds.iter().map(|r| r.0).collect();
        let mut rated: HashMap<i64, u64> = HashMap::new();
        if !ids.is_empty() {
            let rows: Vec<(Option<i64>, i64)> = rating::Entity::find()
                .select_only()
                .column(rating::Column::RoundId)
                .column_as(rating::Column::Id.count(), "n")
                .filter(rating::Column::RoundId.is_in(ids))
                .group_by(rating::Column::RoundId)
                .into_tuple()
                .all(self.s.db)
                .await?;
            for (id, n) in rows {
                if let Some(id) = id {
                    rated.insert(id, n.max(0) as u64);
                }
            }
        }
        Ok(rounds
            .into_iter()
            .map(|(round_id, title, period)| RoundToRate {
                rated: rated.get(&round_id).copied().unwrap_or(0),
                round_id,
                title,
                period,
            })
            .collect())
    }
}

/// A published evaluation round the caller may rate organizations from.
#[derive(Debug, Clone)]
pub struct RoundToRate {
    pub round_id: i64,
    pub title: String,
    pub period: String,
    /// Ratings made from it so far (none before it is first rated).
    pub rated: u64,
}
