//! Honours (荣誉称号) with level, date and awarding node, filed under the holder's node.

use super::{node_for, node_names, person_names, PeopleRepo};
use crate::audit::Entry;
use crate::entity::honour;
use crate::kit::work::Work;
use crate::scope::within_any;
use crate::{fetch_page, now_ms, Page, Result, Scoped, StorageError};
use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::Serialize;
use serde_json::json;
use touyan_domain::access::Permission;
use touyan_domain::paging::PageRequest;
use touyan_domain::people::Honour;
use touyan_domain::tree::TreePath;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct HonourView {
    pub id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub node_name: String,
    pub title: String,
    /// `national`, `provincial`, `city`, `district`, `street` or `unit`.
    pub level: String,
    pub awarded_on: NaiveDate,
    pub awarding_node_id: Option<i64>,
    pub awarding_node_name: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TitleCount {
    pub title: String,
    pub holders: u64,
}

#[derive(Debug, Clone, Default)]
pub struct HonourFilter {
    pub under: Option<i64>,
    pub title: Option<String>,
    pub person: Option<i64>,
    pub year: Option<i32>,
}

pub struct HonourRepo<'a> {
    pub(crate) s: Scoped<'a>,
}

fn honour_json(m: &honour::Model) -> serde_json::Value {
    json!({"person_id": m.person_id, "title": m.title, "level": m.level,
           "awarded_on": m.awarded_on, "awarding_node_id": m.awarding_node_id, "note": m.note})
}

/// Holders per title under the scopes, most held first.
pub(crate) async fn title_counts<C: ConnectionTrait>(
    conn: &C,
    scopes: &[TreePath],
) -> Result<Vec<TitleCount>> {
    let rows: Vec<(String, i64)> = honour::Entity::find()
        .select_only()
        .column(honour::Column::Title)
        .column_as(honour::Column::PersonId.count(), "n")
        .filter(within_any(honour::Column::NodePath, scopes))
        .group_by(honour::Column::Title)
        .into_tuple()
        .all(conn)
        .await?;
    let mut out: Vec<TitleCount> = rows
        .into_iter()
        .map(|(title, n)| TitleCount {
            title,
            holders: n as u64,
        })
        .collect();
    out.sort_by(|a, b| b.holders.cmp(&a.holders).then(a.title.cmp(&b.title)));
    Ok(out)
}

impl HonourRepo<'_> {
    async fn views(&self, rows: Vec<honour::Model>) -> Result<Vec<HonourView>> {
        let db = self.s.db;
        let people = person_names(db, rows.iter().map(|r| r.person_id).collect()).await?;
        let mut node_ids: Vec<i64> = people.values().map(|p| p.1).collect();
        node_ids.extend(rows.iter().filter_map(|r| r.awarding_node_id));
        let nodes = node_names(db, node_ids).await?;
        Ok(rows
            .into_iter()
            .map(|m| {
                let (pname, pnode) = people.get(&m.person_id).cloned().unwrap_or_default();
                HonourView {
                    id: m.id,
                    person_id: m.person_id,
                    person_name: pname,
                    node_name: nodes.get(&pnode).cloned().unwrap_or_default(),
                    awarding_node_name: m.awarding_node_id.and_then(|n| nodes.get(&n).cloned()),
                    title: m.title,
                    level: m.level,
                    awarded_on: m.awarded_on,
                    awarding_node_id: m.awarding_node_id,
                    note: m.note,
                }
            })
            .collect())
    }

    async fn select(&self, f: &HonourFilter) -> Result<sea_orm::Select<honour::Entity>> {
        let seen = self.s.list_filter::<honour::Entity>(f.under).await?;
        let mut q = honour::Entity::find().filter(seen);
        if let Some(t) = f.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            q = q.filter(honour::Column::Title.eq(t));
        }
        if let Some(pid) = f.person {
            q = q.filter(honour::Column::PersonId.eq(pid));
        }
        if let Some(y) = f.year {
            let (a, b) = (
                NaiveDate::from_ymd_opt(y, 1, 1)
                    .ok_or(StorageError::field("year", "err.year_range"))?,
                NaiveDate::from_ymd_opt(y, 12, 31)
                    .ok_or(StorageError::field("year", "err.year_range"))?,
            );
            q = q.filter(honour::Column::AwardedOn.between(a, b));
        }
        Ok(q.order_by_desc(honour::Column::AwardedOn)
            .order_by_desc(honour::Column::Id))
    }

    pub async fn list(&self, f: &HonourFilter, page: PageRequest) -> Result<Page<HonourView>> {
        let q = self.select(f).await?;
        let mut p = fetch_page(self.s.db, q, |q| q, page).await?;
        let rows = std::mem::take(&mut p.items);
        Ok(p.with_items(self.views(rows).await?))
    }

    pub async fn all(&self, f: &HonourFilter, cap: u64) -> Result<Vec<HonourView>> {
        let rows = self.select(f).await?.limit(cap).all(self.s.db).await?;
        self.views(rows).await
    }

    /// Titles with their holder counts in the caller's scope (or under a node).
    pub async fn titles(&self, under: Option<i64>) -> Result<Vec<TitleCount>> {
        let scopes = match under {
            Some(n) => vec![
                self.s
                    .orgs()
                    .path_of_readable(n, Permission::PersonRead)
                    .await?,
            ],
            None => self.s.scopes(Permission::PersonRead)?,
        };
        title_counts(self.s.db, &scopes).await
    }

    async fn awarding<C: ConnectionTrait>(&self, conn: &C, node: Option<i64>) -> Result<()> {
        if let Some(n) = node {
            node_for(&self.s, conn, n, Permission::OrgRead, "awarding_node_id").await?;
        }
        Ok(())
    }

    pub async fn create(
        &self,
        person_id: i64,
        h: Honour,
        awarding_node_id: Option<i64>,
    ) -> Result<HonourView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (p, path) = PeopleRepo { s: self.s }.writable(txn, person_id).await?;
        self.awarding(txn, awarding_node_id).await?;
        let now = now_ms();
        let m = honour::ActiveModel {
            person_id: Set(person_id),
            title: Set(h.title),
            level: Set(h.level),
            awarded_on: Set(h.awarded_on),
            awarding_node_id: Set(awarding_node_id),
            note: Set(h.note),
            node_path: Set(p.node_path.clone()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        work.record(Entry {
            action: "create",
            record_type: "honour",
            record_id: Some(m.id.to_string()),
            node: Some((p.node_id, &path)),
            before: None,
            after: Some(honour_json(&m)),
        })
        .await?;
        work.commit().await?;
        Ok(self.views(vec![m]).await?.remove(0))
    }

    async fn writable<C: ConnectionTrait>(
        &self,
        conn: &C,
        id: i64,
    ) -> Result<(honour::Model, TreePath)> {
        self.s.load_for_write::<honour::Entity, _>(conn, id).await
    }

    pub async fn update(
        &self,
        id: i64,
        h: Honour,
        awarding_node_id: Option<i64>,
    ) -> Result<HonourView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, path) = self.writable(txn, id).await?;
        self.awarding(txn, awarding_node_id).await?;
        let before = honour_json(&m);
        let mut am: honour::ActiveModel = m.into();
        am.title = Set(h.title);
        am.level = Set(h.level);
        am.awarded_on = Set(h.awarded_on);
        am.awarding_node_id = Set(awarding_node_id);
        am.note = Set(h.note);
        am.updated_at = Set(now_ms());
        let after = am.update(txn).await?;
        work.record(Entry {
            action: "update",
            record_type: "honour",
            record_id: Some(id.to_string()),
            node: path.id().map(|n| (n, &path)),
            before: Some(before),
            after: Some(honour_json(&after)),
        })
        .await?;
        work.commit().await?;
        Ok(self.views(vec![after]).await?.remove(0))
    }

    /// Whether the caller may change honour `id`: not found when out of sight, forbidden when
    /// seen but not writable (asked before a change's input is read).
    pub async fn check_writable(&self, id: i64) -> Result<()> {
        self.writable(self.s.db, id).await.map(drop)
    }

    pub async fn delete(&self, id: i64) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, path) = self.writable(txn, id).await?;
        honour::Entity::delete_by_id(id).exec(txn).await?;
        work.record(Entry {
            action: "delete",
            record_type: "honour",
            record_id: Some(id.to_string()),
            node: path.id().map(|n| (n, &path)),
            before: Some(honour_json(&m)),
            after: None,
        })
        .await?;
        work.commit().await?;
        Ok(())
    }
}

/// Records an honour another area grants (a commendation), in that area's unit of work:
/// filed under the person's node, audited as any honour entered by hand.
pub(crate) fn record_offered<'a, 'w>(
    work: &'a Work<'w>,
    g: &'a crate::kit::area::HonourGrant,
) -> crate::kit::area::Answer<'a, i64> {
    Box::pin(async move {
        let txn = work.txn();
        let p = crate::entity::person::Entity::find_by_id(g.person_id)
            .one(txn)
            .await?
            .ok_or(StorageError::NotFound)?;
        let path = TreePath::parse(&p.node_path)?;
        let now = now_ms();
        let m = honour::ActiveModel {
            person_id: Set(p.id),
            title: Set(g.title.clone()),
            level: Set(g.level.clone()),
            awarded_on: Set(g.awarded_on),
            awarding_node_id: Set(Some(g.awarding_node_id)),
            note: Set(g.note.clone()),
            node_path: Set(p.node_path.clone()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        work.record(Entry {
            action: "create",
            record_type: "honour",
            record_id: Some(m.id.to_string()),
            node: Some((p.node_id, &path)),
            before: None,
            after: Some(honour_json(&m)),
        })
        .await?;
        Ok(m.id)
    })
}

/// Withdraws an honour another area granted, in that area's unit of work (audited); one
/// removed meanwhile by hand is left as it is.
pub(crate) fn withdraw_offered<'a, 'w>(
    work: &'a Work<'w>,
    id: i64,
) -> crate::kit::area::Answer<'a, ()> {
    Box::pin(async move {
        let txn = work.txn();
        let Some(m) = honour::Entity::find_by_id(id).one(txn).await? else {
            return Ok(());
        };
        let path = TreePath::parse(&m.node_path)?;
        honour::Entity::delete_by_id(id).exec(txn).await?;
        work.record(Entry {
            action: "delete",
            record_type: "honour",
            record_id: Some(id.to_string()),
            node: path.id().map(|n| (n, &path)),
            before: Some(honour_json(&m)),
            after: None,
        })
        .await?;
        Ok(())
    })
}
