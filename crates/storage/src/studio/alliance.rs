//! Studio alliances (工作室联盟 [002]): studios from different units join one, and the members
//! see each other's shared achievements, methods (training sessions with their materials) and
//! projects. This is the one place where records cross subtree scope: only rows marked
//! `shared`, only between studios that are members now, and every such read is audited.

mod shared;

pub(crate) use shared::shared_file_reachable;

use super::files::{files_of, FileView};
use super::{readable, StudioRepo};
use crate::audit::Entry;
use crate::entity::{alliance, alliance_member, studio, studio_file};
use crate::kit::lookup::node_for;
use crate::kit::sql::node_names;
use crate::kit::today;
use crate::kit::work::Work;
use crate::scope::{within_any, Guarded};
use crate::{now_ms, Result, Scoped, StorageError};
use chrono::NaiveDate;
use sea_orm::sea_query::{Alias, Expr, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::Serialize;
use serde_json::json;
use std::collections::{BTreeSet, HashMap};
use touyan_domain::access::Permission;
use touyan_domain::fields::{parse_date, parse_text};
use touyan_domain::tree::TreePath;
use touyan_domain::FieldErrors;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AllianceView {
    pub id: i64,
    pub name: String,
    pub node_id: i64,
    pub node_name: String,
    pub description: Option<String>,
    /// Studios that are members now.
    pub members: u64,
    /// True when the caller runs the alliance (`studio.manage` over its node).
    pub manage: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AllianceMemberView {
    pub id: i64,
    pub studio_id: i64,
    pub studio_name: String,
    pub node_name: String,
    pub leader_name: Option<String>,
    pub joined_on: NaiveDate,
    pub left_on: Option<NaiveDate>,
    /// The caller may take this studio out of the alliance: it runs the alliance, or it may
    /// change the studio.
    pub may_leave: bool,
}

/// A record a member studio shares with the alliance.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SharedItem {
    /// `achievement`, `training` or `project`.
    pub kind: String,
    pub id: i64,
    pub studio_id: i64,
    pub studio_name: String,
    pub title: String,
    /// The achievement kind, the project stage; the topic again for training.
    pub detail: String,
    pub on: Option<NaiveDate>,
    pub files: Vec<FileView>,
}

pub struct AllianceRepo<'a> {
    pub(crate) s: Scoped<'a>,
}

fn alliance_json(m: &alliance::Model) -> serde_json::Value {
    json!({"name": m.name, "node_id": m.node_id, "description": m.description})
}

/// The checked fields of an alliance.
pub fn parse_alliance(name: &str, description: &str) -> Result<(String, Option<String>)> {
    let mut fe = FieldErrors::new();
    let name = fe.check("name", touyan_domain::studio::parse_studio_name(name));
    let description = fe
        .check(
            "description",
            parse_text("description", description, 5000, "err.too_long_5000"),
        )
        .flatten();
    fe.into_result()?;
    Ok((name.expect("checked"), description))
}

/// Alliances that `studio_ids` belong to now.
async fn alliances_of<C: ConnectionTrait>(conn: &C, studio_ids: &[i64]) -> Result<BTreeSet<i64>> {
    if studio_ids.is_empty() {
        return Ok(BTreeSet::new());
    }
    let rows: Vec<i64> = alliance_member::Entity::find()
        .select_only()
        .column(alliance_member::Column::AllianceId)
        .filter(alliance_member::Column::StudioId.is_in(studio_ids.to_vec()))
        .filter(alliance_member::Column::LeftOn.is_null())
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Studios the caller reads that are members of some alliance now.
async fn own_member_studios<C: ConnectionTrait>(s: &Scoped<'_>, conn: &C) -> Result<Vec<i64>> {
    use sea_orm::QuerySelect;
    let scopes = match s.scopes(Permission::StudioRead) {
        Ok(sc) => sc,
        Err(StorageError::NotFound) => return Ok(vec![]),
        Err(e) => return Err(e),
    };
    let active = Query::select()
        .column(alliance_member::Column::StudioId)
        .from(alliance_member::Entity)
        .and_where(alliance_member::Column::LeftOn.is_null())
        .to_owned();
    Ok(studio::Entity::find()
        .select_only()
        .column(studio::Column::Id)
        .filter(within_any(studio::Column::NodePath, &scopes))
        .filter(studio::Column::Id.in_subquery(active))
        .into_tuple()
        .all(conn)
        .await?)
}

impl<'a> AllianceRepo<'a> {
    /// Whether the caller sees the alliance: it reads the alliance's node, or one of its
    /// studios is a member now.
    async fn visible<C: ConnectionTrait>(&self, conn: &C, id: i64) -> Result<alliance::Model> {
        let m = alliance::Entity::find_by_id(id)
            .one(conn)
            .await?
            .ok_or(StorageError::NotFound)?;
        let p = TreePath::parse(&m.node_path)?;
        if self.s.actor.can(<alliance::Entity as Guarded>::READ, &p) {
            return Ok(m);
        }
        let mine = alliances_of(conn, &own_member_studios(&self.s, conn).await?).await?;
        if mine.contains(&id) {
            Ok(m)
        } else {
            Err(StorageError::NotFound)
        }
    }

    async fn managed<C: ConnectionTrait>(
        &self,
        conn: &C,
        id: i64,
    ) -> Result<(alliance::Model, TreePath)> {
        let m = self.visible(conn, id).await?;
        let p = TreePath::parse(&m.node_path)?;
        if !self.s.actor.can(<alliance::Entity as Guarded>::WRITE, &p) {
            return Err(StorageError::Forbidden);
        }
        Ok((m, p))
    }

    async fn views(&self, rows: Vec<alliance::Model>) -> Result<Vec<AllianceView>> {
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let nodes = node_names(self.s.db, rows.iter().map(|r| r.node_id).collect()).await?;
        let counts: Vec<(i64, i64)> = if ids.is_empty() {
            vec![]
        } else {
            alliance_member::Entity::find()
                .select_only()
                .column(alliance_member::Column::AllianceId)
                .column_as(alliance_member::Column::Id.count(), "n")
                .filter(alliance_member::Column::AllianceId.is_in(ids))
                .filter(alliance_member::Column::LeftOn.is_null())
                .group_by(alliance_member::Column::AllianceId)
                .into_tuple()
                .all(self.s.db)
                .await?
        };
        let counts: HashMap<i64, i64> = counts.into_iter().collect();
        Ok(rows
            .into_iter()
            .map(|m| {
                let manage = TreePath::parse(&m.node_path)
                    .map(|p| self.s.actor.can(Permission::StudioManage, &p))
                    .unwrap_or(false);
                AllianceView {
                    id: m.id,
                    node_name: nodes.get(&m.node_id).cloned().unwrap_or_default(),
                    members: counts.get(&m.id).copied().unwrap_or(0) as u64,
                    name: m.name,
                    node_id: m.node_id,
                    description: m.description,
                    manage,
                }
            })
            .collect())
    }

    /// Alliances the caller runs or reads, and those its studios belong to.
    pub async fn list(&self) -> Result<Vec<AllianceView>> {
        let db = self.s.db;
        let via = alliances_of(db, &own_member_studios(&self.s, db).await?).await?;
        let mut cond = sea_orm::Condition::any();
        match self.s.list_filter::<alliance::Entity>(None).await {
            Ok(seen) => cond = cond.add(seen),
            Err(StorageError::NotFound) => {}
            Err(e) => return Err(e),
        }
        if !via.is_empty() {
            cond = cond.add(alliance::Column::Id.is_in(via));
        }
        if cond.is_empty() {
            return Ok(vec![]);
        }
        let rows = alliance::Entity::find()
            .filter(cond)
            .order_by_asc(alliance::Column::Id)
            .all(db)
            .await?;
        self.views(rows).await
    }

    /// Whether the caller may see alliance `id` (not found otherwise), from one read: asked
    /// before a change's input is read.
    pub async fn check_visible(&self, id: i64) -> Result<()> {
        self.visible(self.s.db, id).await.map(drop)
    }

    pub async fn get(&self, id: i64) -> Result<AllianceView> {
        let m = self.visible(self.s.db, id).await?;
        Ok(self.views(vec![m]).await?.remove(0))
    }

    pub async fn create(
        &self,
        node_id: i64,
        name: &str,
        description: &str,
    ) -> Result<AllianceView> {
        let (name, description) = parse_alliance(name, description)?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (node, path) =
            node_for(&self.s, txn, node_id, Permission::StudioManage, "node_id").await?;
        let now = now_ms();
        let m = alliance::ActiveModel {
            name: Set(name),
            node_id: Set(node.id),
            node_path: Set(node.path.clone()),
            description: Set(description),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        work.record(Entry {
            action: "create",
            record_type: "alliance",
            record_id: Some(m.id.to_string()),
            node: Some((node.id, &path)),
            before: None,
            after: Some(alliance_json(&m)),
        })
        .await?;
        work.commit().await?;
        Ok(self.views(vec![m]).await?.remove(0))
    }

    pub async fn update(&self, id: i64, name: &str, description: &str) -> Result<AllianceView> {
        let (name, description) = parse_alliance(name, description)?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, path) = self.managed(txn, id).await?;
        let before = alliance_json(&m);
        let mut am: alliance::ActiveModel = m.into();
        am.name = Set(name);
        am.description = Set(description);
        am.updated_at = Set(now_ms());
        let after = am.update(txn).await?;
        work.record(Entry {
            action: "update",
            record_type: "alliance",
            record_id: Some(id.to_string()),
            node: Some((after.node_id, &path)),
            before: Some(before),
            after: Some(alliance_json(&after)),
        })
        .await?;
        work.commit().await?;
        Ok(self.views(vec![after]).await?.remove(0))
    }

    /// Member studios, current first. Names only cross scope: a studio's name, node and
    /// leader are what an alliance publishes about its members.
    pub async fn members(&self, id: i64) -> Result<Vec<AllianceMemberView>> {
        let a = self.visible(self.s.db, id).await?;
        let runs = TreePath::parse(&a.node_path)
            .map(|p| self.s.actor.can(Permission::StudioManage, &p))
            .unwrap_or(false);
        let rows = alliance_member::Entity::find()
            .filter(alliance_member::Column::AllianceId.eq(id))
            .order_by_asc(alliance_member::Column::Id)
            .all(self.s.db)
            .await?;
        let studios = studio::Entity::find()
            .filter(studio::Column::Id.is_in(rows.iter().map(|r| r.studio_id).collect::<Vec<_>>()))
            .all(self.s.db)
            .await?;
        let nodes = node_names(self.s.db, studios.iter().map(|s| s.node_id).collect()).await?;
        let leaders = super::names_of(
            self.s.db,
            studios.iter().filter_map(|s| s.leader_id).collect(),
        )
        .await?;
        let by_id: HashMap<i64, &studio::Model> = studios.iter().map(|s| (s.id, s)).collect();
        let mut out: Vec<AllianceMemberView> = rows
            .into_iter()
            .filter_map(|r| {
                let st = by_id.get(&r.studio_id)?;
                let writes = TreePath::parse(&st.node_path)
                    .map(|p| self.s.actor.can(Permission::StudioWrite, &p))
                    .unwrap_or(false);
                Some(AllianceMemberView {
                    may_leave: r.left_on.is_none() && (runs || writes),
                    id: r.id,
                    studio_id: r.studio_id,
                    studio_name: st.name.clone(),
                    node_name: nodes.get(&st.node_id).cloned().unwrap_or_default(),
                    leader_name: st.leader_id.and_then(|l| leaders.get(&l).cloned()),
                    joined_on: r.joined_on,
                    left_on: r.left_on,
                })
            })
            .collect();
        out.sort_by_key(|m| (m.left_on.is_some(), m.id));
        Ok(out)
    }

    /// Adds a studio the caller can read to an alliance it runs.
    pub async fn join(
        &self,
        id: i64,
        studio_id: i64,
        joined_on: &str,
    ) -> Result<AllianceMemberView> {
        let mut fe = FieldErrors::new();
        let on = fe
            .check("joined_on", parse_date("joined_on", joined_on))
            .flatten()
            .unwrap_or_else(today);
        fe.into_result()?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (a, path) = self.managed(txn, id).await?;
        let st = match readable(&self.s, txn, studio_id).await {
            Ok(st) => st,
            Err(StorageError::NotFound) => {
                return Err(StorageError::field("studio_id", "err.studio_unknown"))
            }
            Err(e) => return Err(e),
        };
        if !touyan_domain::studio::State::from_code(&st.state).is_some_and(|x| x.takes_records()) {
            return Err(StorageError::Refused("rule.studio_delisted_no_records"));
        }
        let already = alliance_member::Entity::find()
            .filter(alliance_member::Column::AllianceId.eq(id))
            .filter(alliance_member::Column::StudioId.eq(studio_id))
            .filter(alliance_member::Column::LeftOn.is_null())
            .one(txn)
            .await?;
        if already.is_some() {
            return Err(StorageError::conflict(
                "studio_id",
                "err.alliance_member_exists",
            ));
        }
        let m = alliance_member::ActiveModel {
            alliance_id: Set(id),
            studio_id: Set(studio_id),
            joined_on: Set(on),
            left_on: Set(None),
            created_at: Set(now_ms()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        work.record(Entry {
            action: "join",
            record_type: "alliance",
            record_id: Some(id.to_string()),
            node: Some((a.node_id, &path)),
            before: None,
            after: Some(json!({"studio_id": studio_id, "joined_on": on})),
        })
        .await?;
        work.commit().await?;
        Ok(self
            .members(id)
            .await?
            .into_iter()
            .find(|x| x.id == m.id)
            .ok_or(StorageError::NotFound)?)
    }

    /// A studio leaves: by the alliance's managers, or by those who may change the studio.
    /// From then on nothing of it is shared, and it sees nothing of the others.
    pub async fn leave(&self, id: i64, studio_id: i64) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let a = self.visible(txn, id).await?;
        let apath = TreePath::parse(&a.node_path)?;
        let runs = self.s.actor.can(Permission::StudioManage, &apath);
        if !runs {
            super::writable(&self.s, txn, studio_id).await?;
        }
        let row = alliance_member::Entity::find()
            .filter(alliance_member::Column::AllianceId.eq(id))
            .filter(alliance_member::Column::StudioId.eq(studio_id))
            .filter(alliance_member::Column::LeftOn.is_null())
            .one(txn)
            .await?
            .ok_or(StorageError::NotFound)?;
        let mut am: alliance_member::ActiveModel = row.into();
        am.left_on = Set(Some(today()));
        am.update(txn).await?;
        work.record(Entry {
            action: "leave",
            record_type: "alliance",
            record_id: Some(id.to_string()),
            node: Some((a.node_id, &apath)),
            before: Some(json!({"studio_id": studio_id})),
            after: None,
        })
        .await?;
        work.commit().await?;
        Ok(())
    }

    /// Alliances a studio the caller reads belongs to now.
    pub async fn of_studio(&self, studio_id: i64) -> Result<Vec<AllianceView>> {
        readable(&self.s, self.s.db, studio_id).await?;
        let ids = alliances_of(self.s.db, &[studio_id]).await?;
        if ids.is_empty() {
            return Ok(vec![]);
        }
        let rows = alliance::Entity::find()
            .filter(alliance::Column::Id.is_in(ids))
            .order_by_asc(alliance::Column::Id)
            .all(self.s.db)
            .await?;
        self.views(rows).await
    }
}

impl StudioRepo<'_> {
    pub fn alliances(&self) -> AllianceRepo<'_> {
        AllianceRepo { s: self.s }
    }
}
