//! The 红星津贴's payees: the party-affairs workers (read through the people area's offer of
//! post holders) with their bank accounts. A payee is read with `rating.read` over an
//! organization where the person holds or held a party-affairs post, and the account set with
//! `rating.manage` there; anyone else is answered 404. The number leaves this module masked,
//! except for the bank-transfer sheet ([`RatingRepo::bank_accounts`]).

use super::{PayeeView, RatingRepo, PARTY_WORKER_POSTS};
use crate::audit::Entry;
use crate::entity::org_node;
use crate::entity::rating_tables::{allowance_line as line, allowance_payee as payee};
use crate::kit::area::PostHolder;
use crate::kit::sql::node_names;
use crate::kit::work::Work;
use crate::{now_ms, Page, Result, StorageError};
use chrono::NaiveDate;
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
};
use serde_json::{json, Value};
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::paging::PageRequest;
use touyan_domain::rating::{mask_account, PayeeInput};
use touyan_domain::tree::TreePath;

/// A payee's account in full, for the bank-transfer sheet only (never serialized).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankAccount {
    pub bank_name: String,
    pub holder: String,
    pub account_number: String,
}

/// Any day a post's term may touch: a payee is a worker of any period.
fn all_days() -> (NaiveDate, NaiveDate) {
    (
        NaiveDate::from_ymd_opt(1900, 1, 1).expect("a day"),
        NaiveDate::from_ymd_opt(9999, 12, 31).expect("a day"),
    )
}

/// The accounts of these people, by person.
pub(crate) async fn accounts_of<C: ConnectionTrait>(
    conn: &C,
    mut ids: Vec<i64>,
) -> Result<HashMap<i64, payee::Model>> {
    ids.sort_unstable();
    ids.dedup();
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows = payee::Entity::find()
            .filter(payee::Column::PersonId.is_in(chunk.to_vec()))
            .all(conn)
            .await?;
        out.extend(rows.into_iter().map(|m| (m.person_id, m)));
    }
    Ok(out)
}

/// The paths of these nodes.
async fn node_paths<C: ConnectionTrait>(conn: &C, ids: Vec<i64>) -> Result<HashMap<i64, TreePath>> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(i64, String)> = org_node::Entity::find()
            .select_only()
            .column(org_node::Column::Id)
            .column(org_node::Column::Path)
            .filter(org_node::Column::Id.is_in(chunk.to_vec()))
            .into_tuple()
            .all(conn)
            .await?;
        for (id, p) in rows {
            out.insert(id, TreePath::parse(&p)?);
        }
    }
    Ok(out)
}

/// What the audit keeps of an account: the bank, the holder and the masked number.
fn audited(bank_name: &str, holder: &str, number: &str) -> Value {
    json!({"bank_name": bank_name, "holder": holder, "account": mask_account(number)})
}

impl RatingRepo<'_> {
    /// Every party-affairs post in reach (under node `under`, else in the caller's scopes),
    /// with the paths of their organizations.
    async fn worker_posts(
        &self,
        under: Option<i64>,
    ) -> Result<(Vec<PostHolder>, HashMap<i64, TreePath>)> {
        let scopes = match under {
            Some(id) => vec![
                self.s
                    .orgs()
                    .path_of_readable(id, Permission::RatingRead)
                    .await?,
            ],
            None => self.s.scopes(Permission::RatingRead)?,
        };
        let mut posts = Vec::new();
        for p in &scopes {
            let found =
                crate::areas::post_holders(self.s.db, p, &PARTY_WORKER_POSTS, all_days()).await?;
            posts.extend(found);
        }
        let mut ids: Vec<i64> = posts.iter().map(|h| h.node_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let paths = node_paths(self.s.db, ids).await?;
        Ok((posts, paths))
    }

    /// The views of the payees holding these posts: one per person, at the latest post.
    async fn payee_views(
        &self,
        posts: Vec<PostHolder>,
        paths: &HashMap<i64, TreePath>,
    ) -> Result<Vec<PayeeView>> {
        let mut latest: HashMap<i64, PostHolder> = HashMap::new();
        let mut manages: HashMap<i64, bool> = HashMap::new();
        for h in posts {
            let can = paths
                .get(&h.node_id)
                .is_some_and(|p| self.s.actor.can(Permission::RatingManage, p));
            *manages.entry(h.person_id).or_default() |= can;
            let newer = latest
                .get(&h.person_id)
                .is_none_or(|o| (h.start_on, h.node_id) > (o.start_on, o.node_id));
            if newer {
                latest.insert(h.person_id, h);
            }
        }
        let db = self.s.db;
        let accounts = accounts_of(db, latest.keys().copied().collect()).await?;
        let names = node_names(db, latest.values().map(|h| h.node_id).collect()).await?;
        Ok(latest
            .into_values()
            .map(|h| {
                let a = accounts.get(&h.person_id);
                PayeeView {
                    id: h.person_id,
                    person_name: h.person_name,
                    org_name: names.get(&h.node_id).cloned().unwrap_or_default(),
                    org_node_id: h.node_id,
                    post_code: h.post_code,
                    bank_name: a.map(|a| a.bank_name.clone()),
                    holder: a.map(|a| a.holder.clone()),
                    account: a.map(|a| mask_account(&a.account_number)),
                    updated_by: a.map(|a| a.updated_by.clone()),
                    can_manage: manages.get(&h.person_id).copied().unwrap_or(false),
                }
            })
            .collect())
    }

    /// A page of the payees in reach: those without an account first, then by organization
    /// and name.
    pub async fn payees(&self, under: Option<i64>, page: PageRequest) -> Result<Page<PayeeView>> {
        let (posts, paths) = self.worker_posts(under).await?;
        let mut all = self.payee_views(posts, &paths).await?;
        all.sort_by(|a, b| {
            (a.account.is_some(), &a.org_name, &a.person_name, a.id).cmp(&(
                b.account.is_some(),
                &b.org_name,
                &b.person_name,
                b.id,
            ))
        });
        let total = all.len() as u64;
        let skip = page.page.saturating_sub(1).saturating_mul(page.per_page);
        let items = all
            .into_iter()
            .skip(usize::try_from(skip).unwrap_or(usize::MAX))
            .take(usize::try_from(page.per_page).unwrap_or(usize::MAX))
            .collect();
        Ok(Page {
            items,
            total,
            page: page.page,
            per_page: page.per_page,
        })
    }

    /// The party-affairs posts of person `person_id` in reach, with their paths (not found
    /// when there are none).
    async fn posts_of(&self, person_id: i64) -> Result<(Vec<PostHolder>, HashMap<i64, TreePath>)> {
        let (mut posts, paths) = self.worker_posts(None).await?;
        posts.retain(|h| h.person_id == person_id);
        if posts.is_empty() {
            return Err(StorageError::NotFound);
        }
        Ok((posts, paths))
    }

    /// Payee `person_id` with the account masked.
    pub async fn payee(&self, person_id: i64) -> Result<PayeeView> {
        let (posts, paths) = self.posts_of(person_id).await?;
        let mut v = self.payee_views(posts, &paths).await?;
        v.pop().ok_or(StorageError::NotFound)
    }

    /// Whether the caller reads payee `person_id` (not found otherwise).
    pub async fn check_payee(&self, person_id: i64) -> Result<()> {
        self.posts_of(person_id).await.map(drop)
    }

    /// Sets or changes the account of payee `person_id` (the caller manages allowances at an
    /// organization where the person holds a party-affairs post); audited with the number
    /// masked.
    pub async fn set_payee(&self, person_id: i64, input: &PayeeInput) -> Result<PayeeView> {
        let (posts, paths) = self.posts_of(person_id).await?;
        let (node_id, path) = posts
            .iter()
            .filter_map(|h| paths.get(&h.node_id).map(|p| (h.node_id, p)))
            .find(|(_, p)| self.s.actor.can(Permission::RatingManage, p))
            .ok_or(StorageError::Forbidden)?;
        let a = input.parse()?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let old = payee::Entity::find()
            .filter(payee::Column::PersonId.eq(person_id))
            .one(txn)
            .await?;
        let now = now_ms();
        let before = old
            .as_ref()
            .map(|m| audited(&m.bank_name, &m.holder, &m.account_number));
        let mut am = match old.clone() {
            Some(m) => m.into(),
            None => payee::ActiveModel {
                person_id: Set(person_id),
                created_at: Set(now),
                ..Default::default()
            },
        };
        am.bank_name = Set(a.bank_name.clone());
        am.holder = Set(a.holder.clone());
        am.account_number = Set(a.account_number.clone());
        am.updated_by = Set(self.s.actor.display_name.clone());
        am.updated_at = Set(now);
        match old {
            Some(_) => am.update(txn).await?,
            None => am.insert(txn).await?,
        };
        work.record(Entry {
            action: if before.is_some() { "update" } else { "create" },
            record_type: "allowance_payee",
            record_id: Some(person_id.to_string()),
            node: Some((node_id, path)),
            before,
            after: Some(audited(&a.bank_name, &a.holder, &a.account_number)),
        })
        .await?;
        work.commit().await?;
        self.payee(person_id).await
    }

    /// The full accounts of batch `id`'s payees, by person, for its bank-transfer sheet (the
    /// caller reads the batch).
    pub async fn bank_accounts(&self, id: i64) -> Result<HashMap<i64, BankAccount>> {
        let db = self.s.db;
        self.check_batch(id).await?;
        let ids: Vec<i64> = line::Entity::find()
            .select_only()
            .column(line::Column::PersonId)
            .filter(line::Column::BatchId.eq(id))
            .into_tuple()
            .all(db)
            .await?;
        Ok(accounts_of(db, ids)
            .await?
            .into_iter()
            .map(|(p, m)| {
                let a = BankAccount {
                    bank_name: m.bank_name,
                    holder: m.holder,
                    account_number: m.account_number,
                };
                (p, a)
            })
            .collect())
    }
}
