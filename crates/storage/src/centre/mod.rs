//! Party-mass service centres and stations (党群服务中心, 共享式党群服务站), read and changed
//! through the caller's scope (`centre.read`, `centre.write` over the host node), the
//! enterprises each serves, their counts, and the public page of an open centre.

pub(crate) mod manifest;
mod migration;
mod offer;
mod public;
mod write;

pub use public::PublicCentre;

use crate::entity::centre_tables::{centre, centre_enterprise};
use crate::kit::sql::{like_expr, node_names, nonblank};
use crate::{fetch_page, Page, Result, Scoped};
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use touyan_domain::access::Permission;
use touyan_domain::centre::split_codes;
use touyan_domain::paging::PageRequest;

/// A centre as lists and pages show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CentreView {
    pub id: i64,
    pub name: String,
    /// `centre` or `station`.
    pub kind: String,
    /// The host node.
    pub node_id: i64,
    pub node_name: String,
    pub address: Option<String>,
    /// Facility codes.
    pub facilities: Vec<String>,
    pub hours: Option<String>,
    pub phone: Option<String>,
    pub area_m2: Option<i64>,
    pub opened_on: Option<chrono::NaiveDate>,
    /// `open` or `closed`.
    pub status: String,
    pub closed_on: Option<chrono::NaiveDate>,
    /// The enterprise nodes it serves, by name.
    pub enterprises: Vec<ServedEnterprise>,
    pub updated_at: i64,
}

/// An enterprise node a centre serves.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ServedEnterprise {
    /// The enterprise's node.
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, Default)]
pub struct CentreFilter {
    pub under: Option<i64>,
    pub kind: Option<String>,
    pub status: Option<String>,
    /// Part of the name or of the address.
    pub q: Option<String>,
}

/// How many centres a filter finds, by kind and by status.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct CentreCounts {
    pub total: u64,
    pub by_kind: BTreeMap<String, u64>,
    pub by_status: BTreeMap<String, u64>,
}

pub struct CentreRepo<'a> {
    pub(crate) s: Scoped<'a>,
}

impl CentreRepo<'_> {
    async fn select(&self, f: &CentreFilter) -> Result<sea_orm::Select<centre::Entity>> {
        let seen = self.s.list_filter::<centre::Entity>(f.under).await?;
        let mut q = centre::Entity::find().filter(seen);
        if let Some(t) = nonblank(&f.q) {
            q = q.filter(
                Condition::any()
                    .add(like_expr(centre::Column::Name, &t))
                    .add(like_expr(centre::Column::Address, &t)),
            );
        }
        if let Some(v) = nonblank(&f.kind) {
            q = q.filter(centre::Column::Kind.eq(v));
        }
        if let Some(v) = nonblank(&f.status) {
            q = q.filter(centre::Column::Status.eq(v));
        }
        Ok(q)
    }

    pub async fn list(&self, f: &CentreFilter, page: PageRequest) -> Result<Page<CentreView>> {
        let order = |q: sea_orm::Select<centre::Entity>| {
            q.order_by_asc(centre::Column::NodePath)
                .order_by_asc(centre::Column::Id)
        };
        let mut p = fetch_page(self.s.db, self.select(f).await?, order, page).await?;
        let rows = std::mem::take(&mut p.items);
        Ok(p.with_items(self.views(rows).await?))
    }

    /// Up to `cap` centres for an export, in list order.
    pub async fn all(&self, f: &CentreFilter, cap: u64) -> Result<Vec<CentreView>> {
        let rows = self
            .select(f)
            .await?
            .order_by_asc(centre::Column::NodePath)
            .order_by_asc(centre::Column::Id)
            .limit(cap)
            .all(self.s.db)
            .await?;
        self.views(rows).await
    }

    pub async fn get(&self, id: i64) -> Result<CentreView> {
        let (m, _) = self
            .s
            .load_for_read::<centre::Entity, _>(self.s.db, id)
            .await?;
        Ok(self.views(vec![m]).await?.remove(0))
    }

    /// Whether the caller reads centre `id` (not found otherwise).
    pub async fn check_visible(&self, id: i64) -> Result<()> {
        self.s
            .load_for_read::<centre::Entity, _>(self.s.db, id)
            .await
            .map(drop)
    }

    /// The centre with whether the caller may change it, for a page's buttons.
    pub async fn get_with_write(&self, id: i64) -> Result<(CentreView, bool)> {
        let (m, path) = self
            .s
            .load_for_read::<centre::Entity, _>(self.s.db, id)
            .await?;
        let can = self.s.actor.can(Permission::CentreWrite, &path);
        Ok((self.views(vec![m]).await?.remove(0), can))
    }

    /// Whether the caller may record a centre anywhere.
    pub fn can_create(&self) -> bool {
        !self
            .s
            .actor
            .grants
            .scopes(Permission::CentreWrite)
            .is_empty()
    }

    /// The centres the filter finds, by kind and by status.
    pub async fn counts(&self, f: &CentreFilter) -> Result<CentreCounts> {
        let rows: Vec<(String, String, i64)> = self
            .select(f)
            .await?
            .select_only()
            .column(centre::Column::Kind)
            .column(centre::Column::Status)
            .column_as(Expr::cust("COUNT(*)"), "n")
            .group_by(centre::Column::Kind)
            .group_by(centre::Column::Status)
            .into_tuple()
            .all(self.s.db)
            .await?;
        let mut c = CentreCounts::default();
        for (kind, status, n) in rows {
            let n = n as u64;
            c.total += n;
            *c.by_kind.entry(kind).or_default() += n;
            *c.by_status.entry(status).or_default() += n;
        }
        Ok(c)
    }

    /// The open centres and stations under node `under` (the caller's whole scope when
    /// none).
    pub async fn open_under(&self, under: Option<i64>) -> Result<u64> {
        let f = CentreFilter {
            under,
            status: Some("open".into()),
            ..Default::default()
        };
        Ok(self.counts(&f).await?.total)
    }

    pub(crate) async fn views(&self, rows: Vec<centre::Model>) -> Result<Vec<CentreView>> {
        let ids: Vec<i64> = rows.iter().map(|m| m.id).collect();
        let links = crate::find_in(
            self.s.db,
            centre_enterprise::Entity::find().order_by_asc(centre_enterprise::Column::NodePath),
            centre_enterprise::Column::CentreId,
            &ids,
        )
        .await?;
        let mut node_ids: Vec<i64> = rows.iter().map(|m| m.node_id).collect();
        node_ids.extend(links.iter().map(|l| l.node_id));
        let names = node_names(self.s.db, node_ids).await?;
        let name_of = |id: i64| names.get(&id).cloned().unwrap_or_default();
        let mut served: HashMap<i64, Vec<ServedEnterprise>> = HashMap::new();
        for l in &links {
            served
                .entry(l.centre_id)
                .or_default()
                .push(ServedEnterprise {
                    id: l.node_id,
                    name: name_of(l.node_id),
                });
        }
        Ok(rows
            .into_iter()
            .map(|m| CentreView {
                id: m.id,
                node_name: name_of(m.node_id),
                enterprises: served.remove(&m.id).unwrap_or_default(),
                name: m.name,
                kind: m.kind,
                node_id: m.node_id,
                address: m.address,
                facilities: split_codes(&m.facilities),
                hours: m.hours,
                phone: m.phone,
                area_m2: m.area_m2,
                opened_on: m.opened_on,
                status: m.status,
                closed_on: m.closed_on,
                updated_at: m.updated_at,
            })
            .collect())
    }
}
