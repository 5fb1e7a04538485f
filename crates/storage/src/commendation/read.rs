//! Reading commendations in the caller's reach: the list with its filters, one commendation
//! with those it names, what an organization received, and the rounds to draft from.

use super::{
    day, CommendationDetail, CommendationRepo, CommendationView, CommendedOrgView,
    CommendedPersonView, ReceivedView,
};
use crate::entity::commendation_tables::{commendation, commendation_org, commendation_person};
use crate::kit::sql::{like_expr, node_names, nonblank};
use crate::{fetch_page, Page, Result, StorageError};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select};
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::commendation::State;
use touyan_domain::paging::PageRequest;
use touyan_domain::tree::TreePath;

#[derive(Debug, Clone, Default)]
pub struct CommendationFilter {
    /// Commendations issued at nodes in this node's subtree.
    pub under: Option<i64>,
    /// Part of the title or the document number.
    pub q: Option<String>,
    /// `draft`, `issued` or `revoked`.
    pub state: Option<String>,
    /// Dated in this year.
    pub year: Option<i32>,
}

impl CommendationRepo<'_> {
    async fn select(&self, f: &CommendationFilter) -> Result<Select<commendation::Entity>> {
        let seen = self.s.list_filter::<commendation::Entity>(f.under).await?;
        let mut q = commendation::Entity::find().filter(seen);
        if let Some(t) = nonblank(&f.q) {
            q = q.filter(
                Condition::any()
                    .add(like_expr(commendation::Column::Title, &t))
                    .add(like_expr(commendation::Column::DocNumber, &t)),
            );
        }
        if let Some(st) = nonblank(&f.state) {
            if State::from_code(&st).is_none() {
                return Err(StorageError::field("state", "err.choice_invalid"));
            }
            q = q.filter(commendation::Column::State.eq(st));
        }
        if let Some(y) = f.year {
            let (Some(a), Some(b)) = (
                NaiveDate::from_ymd_opt(y, 1, 1),
                NaiveDate::from_ymd_opt(y, 12, 31),
            ) else {
                return Err(StorageError::field("year", "err.year_range"));
            };
            q = q.filter(commendation::Column::IssuedOn.between(a, b));
        }
        Ok(q)
    }

    fn ordered(q: Select<commendation::Entity>) -> Select<commendation::Entity> {
        q.order_by_desc(commendation::Column::IssuedOn)
            .order_by_desc(commendation::Column::Id)
    }

    pub async fn list(
        &self,
        f: &CommendationFilter,
        page: PageRequest,
    ) -> Result<Page<CommendationView>> {
        let mut p = fetch_page(self.s.db, self.select(f).await?, Self::ordered, page).await?;
        let rows = std::mem::take(&mut p.items);
        Ok(p.with_items(self.views(rows).await?))
    }

    /// Up to `cap` commendations for an export, in list order.
    pub async fn all(&self, f: &CommendationFilter, cap: u64) -> Result<Vec<CommendationView>> {
        let rows = Self::ordered(self.select(f).await?)
            .limit(cap)
            .all(self.s.db)
            .await?;
        self.views(rows).await
    }

    async fn views(&self, rows: Vec<commendation::Model>) -> Result<Vec<CommendationView>> {
        let db = self.s.db;
        let names = node_names(db, rows.iter().map(|m| m.node_id).collect()).await?;
        let ids: Vec<i64> = rows.iter().map(|m| m.id).collect();
        let mut orgs: HashMap<i64, i64> = HashMap::new();
        let mut people: HashMap<i64, i64> = HashMap::new();
        if !ids.is_empty() {
            let o: Vec<(i64, i64)> = commendation_org::Entity::find()
                .select_only()
                .column(commendation_org::Column::CommendationId)
                .column_as(commendation_org::Column::Id.count(), "n")
                .filter(commendation_org::Column::CommendationId.is_in(ids.clone()))
                .group_by(commendation_org::Column::CommendationId)
                .into_tuple()
                .all(db)
                .await?;
            orgs.extend(o);
            let p: Vec<(i64, i64)> = commendation_person::Entity::find()
                .select_only()
                .column(commendation_person::Column::CommendationId)
                .column_as(commendation_person::Column::Id.count(), "n")
                .filter(commendation_person::Column::CommendationId.is_in(ids))
                .group_by(commendation_person::Column::CommendationId)
                .into_tuple()
                .all(db)
                .await?;
            people.extend(p);
        }
        Ok(rows
            .into_iter()
            .map(|m| CommendationView {
                node_name: names.get(&m.node_id).cloned().unwrap_or_default(),
                organizations: orgs.get(&m.id).copied().unwrap_or(0),
                people: people.get(&m.id).copied().unwrap_or(0),
                id: m.id,
                node_id: m.node_id,
                round_id: m.round_id,
                title: m.title,
                doc_number: m.doc_number,
                issued_on: day(&m.issued_on),
                level: m.level,
                state: m.state,
                revoke_reason: m.revoke_reason,
                revoked_on: m.revoked_on.as_ref().map(day),
                created_by: m.created_by,
            })
            .collect())
    }

    /// Whether the caller reads commendation `id` (not found otherwise).
    pub async fn check_visible(&self, id: i64) -> Result<()> {
        self.s
            .load_for_read::<commendation::Entity, _>(self.s.db, id)
            .await
            .map(drop)
    }

    /// Whether the caller manages commendation `id`: not found when out of sight, forbidden
    /// when seen but not managed (asked before a change's input is read).
    pub async fn check_writable(&self, id: i64) -> Result<()> {
        self.s
            .load_for_write::<commendation::Entity, _>(self.s.db, id)
            .await
            .map(drop)
    }

    /// Commendation `id` with those it names, in the order of the notice.
    pub async fn detail(&self, id: i64) -> Result<CommendationDetail> {
        let db = self.s.db;
        let (m, path) = self
            .s
            .load_for_read::<commendation::Entity, _>(db, id)
            .await?;
        let can_manage = self.s.actor.can(Permission::CommendationManage, &path);
        let orgs = commendation_org::Entity::find()
            .filter(commendation_org::Column::CommendationId.eq(id))
            .order_by_asc(commendation_org::Column::Position)
            .all(db)
            .await?;
        let people = commendation_person::Entity::find()
            .filter(commendation_person::Column::CommendationId.eq(id))
            .order_by_asc(commendation_person::Column::Position)
            .all(db)
            .await?;
        let mut ids: Vec<i64> = orgs.iter().map(|o| o.node_id).collect();
        ids.extend(people.iter().map(|p| p.person_node_id));
        let names = node_names(db, ids).await?;
        let name = |n: &i64| names.get(n).cloned().unwrap_or_default();
        Ok(CommendationDetail {
            organizations: orgs
                .into_iter()
                .map(|o| CommendedOrgView {
                    id: o.id,
                    node_name: name(&o.node_id),
                    node_id: o.node_id,
                    honour: o.honour,
                })
                .collect(),
            people: people
                .into_iter()
                .map(|p| CommendedPersonView {
                    id: p.id,
                    person_id: p.person_id,
                    person_name: p.person_name,
                    node_name: name(&p.person_node_id),
                    node_id: p.person_node_id,
                    honour: p.honour,
                    honour_id: p.honour_id,
                })
                .collect(),
            commendation: self.views(vec![m]).await?.remove(0),
            can_manage,
        })
    }

    /// The commendations organization `node_id` received (issued, not revoked), newest
    /// first; none when the caller may not read commendations there.
    pub async fn received(&self, node_id: i64) -> Result<Option<Vec<ReceivedView>>> {
        let db = self.s.db;
        let Some(node) = crate::entity::org_node::Entity::find_by_id(node_id)
            .one(db)
            .await?
        else {
            return Ok(None);
        };
        let path = TreePath::parse(&node.path)?;
        if !self.s.actor.can(Permission::CommendationRead, &path) {
            return Ok(None);
        }
        let lines = commendation_org::Entity::find()
            .filter(commendation_org::Column::NodeId.eq(node_id))
            .all(db)
            .await?;
        let honours: HashMap<i64, String> = lines
            .into_iter()
            .map(|l| (l.commendation_id, l.honour))
            .collect();
        let rows = commendation::Entity::find()
            .filter(commendation::Column::Id.is_in(honours.keys().copied().collect::<Vec<_>>()))
            .filter(commendation::Column::State.eq(State::Issued.code()))
            .order_by_desc(commendation::Column::IssuedOn)
            .order_by_desc(commendation::Column::Id)
            .all(db)
            .await?;
        let names = node_names(db, rows.iter().map(|r| r.node_id).collect()).await?;
        Ok(Some(
            rows.into_iter()
                .map(|r| ReceivedView {
                    commendation_id: r.id,
                    honour: honours.get(&r.id).cloned().unwrap_or_default(),
                    issuer_name: names.get(&r.node_id).cloned().unwrap_or_default(),
                    title: r.title,
                    doc_number: r.doc_number,
                    issued_on: day(&r.issued_on),
                })
                .collect(),
        ))
    }

    /// Published evaluation rounds to draft from, at or under the nodes where the caller
    /// manages commendations, as (id, title, period), read through the list of areas.
    pub async fn published_rounds(&self) -> Result<Vec<(i64, String, String)>> {
        let mut out = Vec::new();
        for scope in self.s.actor.grants.scopes(Permission::CommendationManage) {
            out.extend(crate::areas::published_rounds(self.s.db, &scope).await?);
        }
        out.sort_by_key(|r| std::cmp::Reverse(r.0));
        out.dedup_by_key(|r| r.0);
        Ok(out)
    }
}
