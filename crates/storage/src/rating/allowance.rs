//! The 红星津贴: amount tables per node and period, and payout batches computed from the
//! final stars of a period for the party-affairs workers (read through the people area's
//! offer of post holders), approved, paid and then locked; a correction is a reversing batch.

use super::{day, star_of, AmountView, BatchDetail, BatchView, LineView, RatingRepo};
use crate::audit::Entry;
use crate::entity::rating_tables::{
    allowance_amount as amt, allowance_batch as batch, allowance_line as line, rating,
};
use crate::kit::lookup::node_for;
use crate::kit::sql::node_names;
use crate::kit::today;
use crate::kit::work::Work;
use crate::scope::within;
use crate::{fetch_page, now_ms, Page, Result, StorageError};
use sea_orm::sea_query::Expr;
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Select,
};
use serde_json::json;
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::money::Fen;
use touyan_domain::paging::PageRequest;
use touyan_domain::rating::{
    batch_lines, mask_account, may_reverse, AmountInput, AmountTable, BatchInput, BatchState,
    Period, Worker,
};
use touyan_domain::tree::TreePath;

/// The posts whose holders are paid: full-time and part-time party-affairs workers
/// (专职/兼职党务工作者).
pub const PARTY_WORKER_POSTS: [&str; 2] = ["party_worker_full", "party_worker_part"];

/// The amounts that apply at the node of `path` for a period: its own, else the nearest
/// node above with a table for it; all zero when none has.
async fn table_at<C: ConnectionTrait>(
    conn: &C,
    path: &TreePath,
    period: &str,
) -> Result<AmountTable> {
    let ids = path.ids();
    let rows = amt::Entity::find()
        .filter(amt::Column::NodeId.is_in(ids.clone()))
        .filter(amt::Column::Period.eq(period))
        .all(conn)
        .await?;
    let mut table = [Fen::ZERO; 5];
    if let Some(owner) = ids
        .iter()
        .rev()
        .find(|id| rows.iter().any(|r| r.node_id == **id))
    {
        for r in rows.iter().filter(|r| r.node_id == *owner) {
            if let Some(slot) = usize::try_from(r.star - 1)
                .ok()
                .and_then(|i| table.get_mut(i))
            {
                *slot = Fen(r.amount_fen);
            }
        }
    }
    Ok(table)
}

impl RatingRepo<'_> {
    /// The amounts that apply at node `node_id` for `period`.
    pub async fn amounts(&self, node_id: i64, period: &str) -> Result<AmountView> {
        let path = self
            .s
            .orgs()
            .path_of_readable(node_id, Permission::RatingRead)
            .await?;
        let t = table_at(self.s.db, &path, period).await?;
        Ok(AmountView {
            node_id,
            period: period.into(),
            amounts_fen: t.iter().map(|f| f.0).collect(),
        })
    }

    /// Sets node `node_id`'s amounts for a period (the caller manages the node).
    pub async fn set_amounts(&self, node_id: i64, input: &AmountInput) -> Result<AmountView> {
        self.s
            .orgs()
            .path_of_readable(node_id, Permission::RatingRead)
            .await?;
        let (period, table) = input.parse()?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (node, path) = node_for(&self.s, txn, node_id, Permission::RatingManage, "node_id")
            .await
            .map_err(|_| StorageError::Forbidden)?;
        amt::Entity::delete_many()
            .filter(amt::Column::NodeId.eq(node.id))
            .filter(amt::Column::Period.eq(period.code.clone()))
            .exec(txn)
            .await?;
        let rows = table.iter().enumerate().map(|(i, f)| amt::ActiveModel {
            node_id: Set(node.id),
            node_path: Set(node.path.clone()),
            period: Set(period.code.clone()),
            star: Set(i as i32 + 1),
            amount_fen: Set(f.0),
            updated_at: Set(now_ms()),
            ..Default::default()
        });
        amt::Entity::insert_many(rows).exec(txn).await?;
        let fen: Vec<i64> = table.iter().map(|f| f.0).collect();
        work.record(Entry {
            action: "update",
            record_type: "allowance_amount",
            record_id: Some(format!("{}:{}", node.id, period.code)),
            node: Some((node.id, &path)),
            before: None,
            after: Some(json!({"period": period.code, "amounts_fen": fen})),
        })
        .await?;
        work.commit().await?;
        Ok(AmountView {
            node_id: node.id,
            period: period.code,
            amounts_fen: fen,
        })
    }

    /// Computes the batch of a node and period from the final stars under it: a new draft,
    /// or the draft's lines again. Refused while an approved or paid batch of the period
    /// stands unreversed.
    pub async fn compute_batch(&self, input: &BatchInput) -> Result<BatchDetail> {
        let (node_id, period) = input.parse()?;
        let path = self
            .s
            .orgs()
            .path_of_readable(node_id, Permission::RatingRead)
            .await?;
        self.s
            .require(Permission::RatingManage, Permission::RatingRead, &path)?;
        let holders = crate::areas::post_holders(
            self.s.db,
            &path,
            &PARTY_WORKER_POSTS,
            (period.first, period.last),
        )
        .await?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        Self::settle(txn, &path).await?;
        let existing = batch::Entity::find()
            .filter(batch::Column::NodeId.eq(node_id))
            .filter(batch::Column::Period.eq(period.code.clone()))
            .all(txn)
            .await?;
        let reversed: Vec<i64> = existing.iter().filter_map(|b| b.reverses_id).collect();
        if existing.iter().any(|b| {
            b.state != BatchState::Draft.code()
                && b.reverses_id.is_none()
                && !reversed.contains(&b.id)
        }) {
            return Err(StorageError::Refused("rule.allowance_batch_exists"));
        }
        let draft = existing
            .iter()
            .find(|b| b.state == BatchState::Draft.code() && b.reverses_id.is_none());
        let stars = final_stars(txn, &path, &period).await?;
        let table = table_at(txn, &path, &period.code).await?;
        let workers: Vec<Worker> = holders
            .iter()
            .map(|h| Worker {
                person_id: h.person_id,
                node_id: h.node_id,
                from: Some(h.start_on),
                to: h.end_on,
            })
            .collect();
        let lines = batch_lines(&period, &table, &workers, |n| {
            stars.get(&n).copied().flatten()
        });
        let names: HashMap<i64, String> = holders
            .iter()
            .map(|h| (h.person_id, h.person_name.clone()))
            .collect();
        let total: i64 = lines.iter().map(|l| l.amount.0).sum();
        let b = match draft {
            Some(d) => {
                line::Entity::delete_many()
                    .filter(line::Column::BatchId.eq(d.id))
                    .exec(txn)
                    .await?;
                let mut am: batch::ActiveModel = d.clone().into();
                am.total_fen = Set(total);
                am.lines = Set(lines.len() as i64);
                am.updated_at = Set(now_ms());
                am.update(txn).await?
            }
            None => {
                new_batch(
                    txn,
                    self,
                    node_id,
                    &path,
                    &period.code,
                    None,
                    total,
                    lines.len(),
                )
                .await?
            }
        };
        let rows = line_rows(&b, &lines, &names);
        insert_lines(txn, rows).await?;
        work.record(Entry {
            action: "compute",
            record_type: "allowance_batch",
            record_id: Some(b.id.to_string()),
            node: Some((node_id, &path)),
            before: None,
            after: Some(json!({"period": b.period, "total_fen": total, "lines": b.lines})),
        })
        .await?;
        work.commit().await?;
        self.batch(b.id).await
    }

    /// Moves batch `id` to `to`: a draft approved, an approved batch paid.
    pub async fn advance_batch(&self, id: i64, to: BatchState) -> Result<BatchDetail> {
        self.advance_batch_on(id, to, today()).await
    }

    /// [`Self::advance_batch`] paid on `on` (an earlier day: the demo only).
    pub async fn advance_batch_on(
        &self,
        id: i64,
        to: BatchState,
        on: chrono::NaiveDate,
    ) -> Result<BatchDetail> {
        self.past_day_allowed(on)?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (b, path) = self.s.load_for_write::<batch::Entity, _>(txn, id).await?;
        let from = BatchState::from_code(&b.state).unwrap_or(BatchState::Paid);
        from.advance(to)
            .map_err(|_| StorageError::Refused("rule.allowance_batch_state"))?;
        let mut q = batch::Entity::update_many()
            .col_expr(batch::Column::State, Expr::value(to.code()))
            .col_expr(batch::Column::UpdatedAt, Expr::value(now_ms()));
        if to == BatchState::Approved {
            q = q.col_expr(
                batch::Column::ApprovedBy,
                Expr::value(self.s.actor.display_name.clone()),
            );
        } else {
            q = q.col_expr(batch::Column::PaidOn, Expr::value(on));
        }
        let moved = q
            .filter(batch::Column::Id.eq(b.id))
            .filter(batch::Column::State.eq(b.state.clone()))
            .exec(txn)
            .await?;
        if moved.rows_affected != 1 {
            return Err(StorageError::Refused("rule.allowance_batch_state"));
        }
        work.record(Entry {
            action: if to == BatchState::Paid {
                "pay"
            } else {
                "approve"
            },
            record_type: "allowance_batch",
            record_id: Some(b.id.to_string()),
            node: Some((b.node_id, &path)),
            before: Some(json!({"state": b.state})),
            after: Some(json!({"state": to.code()})),
        })
        .await?;
        work.commit().await?;
        self.batch(id).await
    }

    /// A new draft batch reversing paid batch `id` line by line (every amount negated).
    pub async fn reverse_batch(&self, id: i64) -> Result<BatchDetail> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (b, path) = self.s.load_for_write::<batch::Entity, _>(txn, id).await?;
        let already = batch::Entity::find()
            .filter(batch::Column::ReversesId.eq(b.id))
            .one(txn)
            .await?
            .is_some();
        let state = BatchState::from_code(&b.state).unwrap_or(BatchState::Draft);
        if !may_reverse(state, b.reverses_id.is_some(), already) {
            return Err(StorageError::Refused("rule.allowance_reverse"));
        }
        let lines = line::Entity::find()
            .filter(line::Column::BatchId.eq(b.id))
            .order_by_asc(line::Column::Id)
            .all(txn)
            .await?;
        let r = new_batch(
            txn,
            self,
            b.node_id,
            &path,
            &b.period,
            Some(b.id),
            -b.total_fen,
            lines.len(),
        )
        .await?;
        let rows = lines
            .into_iter()
            .map(|l| line::ActiveModel {
                batch_id: Set(r.id),
                node_path: Set(r.node_path.clone()),
                person_id: Set(l.person_id),
                person_name: Set(l.person_name),
                org_node_id: Set(l.org_node_id),
                star: Set(l.star),
                days: Set(l.days),
                amount_fen: Set(-l.amount_fen),
                ..Default::default()
            })
            .collect();
        insert_lines(txn, rows).await?;
        work.record(Entry {
            action: "reverse",
            record_type: "allowance_batch",
            record_id: Some(r.id.to_string()),
            node: Some((b.node_id, &path)),
            before: None,
            after: Some(json!({"reverses_id": b.id, "total_fen": r.total_fen})),
        })
        .await?;
        work.commit().await?;
        self.batch(r.id).await
    }

    async fn batch_select(&self, under: Option<i64>) -> Result<Select<batch::Entity>> {
        let seen = self.s.list_filter::<batch::Entity>(under).await?;
        Ok(batch::Entity::find().filter(seen))
    }

    /// A page of the batches in reach, latest period first.
    pub async fn batches(&self, under: Option<i64>, page: PageRequest) -> Result<Page<BatchView>> {
        let order = |q: Select<batch::Entity>| {
            q.order_by_desc(batch::Column::Period)
                .order_by_desc(batch::Column::Id)
        };
        let mut p = fetch_page(self.s.db, self.batch_select(under).await?, order, page).await?;
        let rows = std::mem::take(&mut p.items);
        Ok(p.with_items(self.batch_views(rows).await?))
    }

    async fn batch_views(&self, rows: Vec<batch::Model>) -> Result<Vec<BatchView>> {
        let db = self.s.db;
        let names = node_names(db, rows.iter().map(|b| b.node_id).collect()).await?;
        let ids: Vec<i64> = rows.iter().map(|b| b.id).collect();
        let reversals: Vec<(i64, Option<i64>)> = batch::Entity::find()
            .select_only()
            .column(batch::Column::Id)
            .column(batch::Column::ReversesId)
            .filter(batch::Column::ReversesId.is_in(ids))
            .into_tuple()
            .all(db)
            .await?;
        let by: HashMap<i64, i64> = reversals
            .into_iter()
            .filter_map(|(id, of)| of.map(|o| (o, id)))
            .collect();
        Ok(rows
            .into_iter()
            .map(|b| BatchView {
                id: b.id,
                node_name: names.get(&b.node_id).cloned().unwrap_or_default(),
                node_id: b.node_id,
                period: b.period,
                state: b.state,
                reverses_id: b.reverses_id,
                reversed_by: by.get(&b.id).copied(),
                total_fen: b.total_fen,
                lines: b.lines,
                created_by: b.created_by,
                approved_by: b.approved_by,
                paid_on: b.paid_on.as_ref().map(day),
            })
            .collect())
    }

    /// Batch `id` with its lines.
    pub async fn batch(&self, id: i64) -> Result<BatchDetail> {
        let db = self.s.db;
        let (b, path) = self.s.load_for_read::<batch::Entity, _>(db, id).await?;
        let can_manage = self.s.actor.can(Permission::RatingManage, &path);
        let rows = line::Entity::find()
            .filter(line::Column::BatchId.eq(id))
            .order_by_asc(line::Column::Id)
            .all(db)
            .await?;
        let orgs = node_names(db, rows.iter().map(|l| l.org_node_id).collect()).await?;
        let accounts =
            super::payee::accounts_of(db, rows.iter().map(|l| l.person_id).collect()).await?;
        let mut missing: Vec<i64> = rows
            .iter()
            .map(|l| l.person_id)
            .filter(|p| !accounts.contains_key(p))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        let lines = rows
            .into_iter()
            .map(|l| LineView {
                account: accounts
                    .get(&l.person_id)
                    .map(|a| mask_account(&a.account_number)),
                org_name: orgs.get(&l.org_node_id).cloned().unwrap_or_default(),
                person_id: l.person_id,
                person_name: l.person_name,
                org_node_id: l.org_node_id,
                star: star_of(l.star),
                days: l.days,
                amount_fen: l.amount_fen,
            })
            .collect();
        let batch = self.batch_views(vec![b]).await?.remove(0);
        Ok(BatchDetail {
            batch,
            lines,
            can_manage,
            missing_accounts: missing.len() as i64,
        })
    }

    /// The fen paid by batches of node `node_id`'s subtree (reversals netted), for periods
    /// from `since` on (`2020`: since 2020).
    pub async fn paid_total(&self, node_id: i64, since: &str) -> Result<i64> {
        let path = self
            .s
            .orgs()
            .path_of_readable(node_id, Permission::RatingRead)
            .await?;
        let sums: Vec<i64> = batch::Entity::find()
            .select_only()
            .column(batch::Column::TotalFen)
            .filter(within(batch::Column::NodePath, &path))
            .filter(batch::Column::State.eq(BatchState::Paid.code()))
            .filter(batch::Column::Period.gte(since))
            .into_tuple()
            .all(self.s.db)
            .await?;
        Ok(sums.iter().sum())
    }
}

/// The final stars of the organizations under `path` for a period.
async fn final_stars(
    txn: &DatabaseTransaction,
    path: &TreePath,
    period: &Period,
) -> Result<HashMap<i64, Option<u8>>> {
    let rows: Vec<(i64, Option<i32>)> = rating::Entity::find()
        .select_only()
        .column(rating::Column::NodeId)
        .column(rating::Column::Star)
        .filter(within(rating::Column::NodePath, path))
        .filter(rating::Column::Period.eq(period.code.clone()))
        .filter(rating::Column::State.eq("final"))
        .into_tuple()
        .all(txn)
        .await?;
    Ok(rows.into_iter().map(|(n, s)| (n, star_of(s))).collect())
}

#[allow(clippy::too_many_arguments)]
async fn new_batch(
    txn: &DatabaseTransaction,
    repo: &RatingRepo<'_>,
    node_id: i64,
    path: &TreePath,
    period: &str,
    reverses: Option<i64>,
    total: i64,
    lines: usize,
) -> Result<batch::Model> {
    Ok(batch::ActiveModel {
        node_id: Set(node_id),
        node_path: Set(path.as_str().to_string()),
        period: Set(period.to_string()),
        state: Set(BatchState::Draft.code().into()),
        reverses_id: Set(reverses),
        total_fen: Set(total),
        lines: Set(lines as i64),
        created_by: Set(repo.s.actor.display_name.clone()),
        created_at: Set(now_ms()),
        updated_at: Set(now_ms()),
        ..Default::default()
    }
    .insert(txn)
    .await?)
}

/// A computed batch's lines as rows, with the workers' names.
fn line_rows(
    b: &batch::Model,
    lines: &[touyan_domain::rating::Line],
    names: &HashMap<i64, String>,
) -> Vec<line::ActiveModel> {
    lines
        .iter()
        .map(|l| line::ActiveModel {
            batch_id: Set(b.id),
            node_path: Set(b.node_path.clone()),
            person_id: Set(l.person_id),
            person_name: Set(names.get(&l.person_id).cloned().unwrap_or_default()),
            org_node_id: Set(l.node_id),
            star: Set(l.star.map(i32::from)),
            days: Set(l.days),
            amount_fen: Set(l.amount.0),
            ..Default::default()
        })
        .collect()
}

async fn insert_lines(txn: &DatabaseTransaction, rows: Vec<line::ActiveModel>) -> Result<()> {
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(200).collect();
        line::Entity::insert_many(chunk).exec(txn).await?;
    }
    Ok(())
}
