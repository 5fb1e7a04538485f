//! Studios (DESIGN module 4): the registry filed under each studio's host node, members,
//! lifecycle moves, files, and alliances. The records kept inside a studio (achievements,
//! mentorships, training, questions, projects, evaluations, support) have their own modules;
//! each kind is declared once as filed under its studio (`manifest.rs`, `FiledUnder`), so
//! scope and the "a delisted studio takes no new records" rule ([`takes_records`]) live in
//! one place.

pub mod achievement;
pub mod activity;
pub mod alliance;
mod cadence_offer;
mod evidence;
pub mod files;
mod lifecycle;
pub(crate) mod manifest;
mod members;
pub mod mentorship;
mod migration;
mod order;
pub mod proposals;
pub mod public;
mod write;

pub use alliance::{AllianceMemberView, AllianceRepo, AllianceView, SharedItem};
pub use files::{FileView, StudioFiles};
pub use lifecycle::MoveView;
pub use members::MemberView;
pub use order::StudioSort;
pub use public::{PublicAchievement, PublicStudio};

use crate::audit::Entry;
use crate::entity::{app_user, studio, studio_member, studio_move};
pub(crate) use crate::kit::lookup::{names_of, person_in_reach};
use crate::kit::lookup::{node_for, person_names};
use crate::kit::sql::like_expr;
use crate::kit::sql::node_names;
use crate::kit::today;
use crate::kit::work::{StateMove, Work};
use crate::scope::within_any;
use crate::{fetch_page, now_ms, Page, Result, Scoped, StorageError};
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::paging::PageRequest;
use touyan_domain::studio::{parse_membership, MoveInput, State, Studio, StudioInput};
use touyan_domain::tree::TreePath;

/// A studio the caller may read (`studio.read` over its host node); 404 otherwise.
pub(crate) async fn readable<C: ConnectionTrait>(
    s: &Scoped<'_>,
    conn: &C,
    id: i64,
) -> Result<studio::Model> {
    Ok(s.load_for_read::<studio::Entity, _>(conn, id).await?.0)
}

/// A studio the caller may change (`studio.write`; 404 when it cannot read it, 403 when it
/// only reads it), whatever its state.
pub(crate) async fn writable<C: ConnectionTrait>(
    s: &Scoped<'_>,
    conn: &C,
    id: i64,
) -> Result<(studio::Model, TreePath)> {
    s.load_for_write::<studio::Entity, _>(conn, id).await
}

/// A studio the caller may add records to: writable, and not delisted (摘牌: the studio
/// keeps its history and takes no new records). Call inside the write's transaction.
pub(crate) async fn open_for_records<C: ConnectionTrait>(
    s: &Scoped<'_>,
    conn: &C,
    id: i64,
) -> Result<(studio::Model, TreePath)> {
    let (m, p) = writable(s, conn, id).await?;
    takes_records(&m)?;
    Ok((m, p))
}

/// A delisted studio (摘牌) keeps its history and takes no new records.
pub(crate) fn takes_records(m: &studio::Model) -> Result<()> {
    if State::from_code(&m.state).is_some_and(|st| !st.takes_records()) {
        return Err(StorageError::Refused("rule.studio_delisted_no_records"));
    }
    Ok(())
}

/// The node an audit entry about a studio's records is filed under.
pub(crate) fn studio_node<'p>(m: &studio::Model, p: &'p TreePath) -> (i64, &'p TreePath) {
    (m.node_id, p)
}

pub(crate) async fn clear_photo<C: ConnectionTrait>(conn: &C, studio_id: i64) -> Result<()> {
    studio::Entity::update_many()
        .col_expr(studio::Column::PhotoId, Expr::value(Option::<i64>::None))
        .filter(studio::Column::Id.eq(studio_id))
        .exec(conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StudioView {
    pub id: i64,
    pub name: String,
    /// A `studio_kind` dictionary code.
    pub kind: String,
    /// `district`, `city` or `provincial`.
    pub level: String,
    /// 示范性.
    pub demonstration: bool,
    pub node_id: i64,
    pub node_name: String,
    pub leader_id: Option<i64>,
    pub leader_name: Option<String>,
    pub field: Option<String>,
    pub plaque_on: Option<NaiveDate>,
    pub description: Option<String>,
    /// `applied`, `listed`, `demonstration`, `warned` or `delisted`.
    pub state: String,
    pub slug: Option<String>,
    pub public: bool,
    pub photo_id: Option<i64>,
    /// Current members (no end date, or one in the future).
    pub members: u64,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Default)]
pub struct StudioFilter {
    pub under: Option<i64>,
    pub kind: Option<String>,
    pub level: Option<String>,
    pub state: Option<String>,
    pub leader: Option<i64>,
    /// Part of the name.
    pub q: Option<String>,
    /// Only these studios (a selection); each still seen through the caller's scope.
    pub ids: Option<Vec<i64>>,
    pub sort: touyan_domain::sort::Sort<StudioSort>,
}

/// The registry fields with the host node and the leader.
#[derive(Debug, Clone)]
pub struct StudioNew {
    pub studio: Studio,
    pub node_id: i64,
    pub leader_id: Option<i64>,
    /// The date of the application (申报) on a new studio's record: today when none (a
    /// studio entered after the fact gives its real date). Ignored on update.
    pub applied_on: Option<NaiveDate>,
}

pub struct StudioRepo<'a> {
    pub(crate) s: Scoped<'a>,
}

fn studio_json(m: &studio::Model) -> serde_json::Value {
    json!({"name": m.name, "kind": m.kind, "level": m.level, "demonstration": m.demonstration,
           "node_id": m.node_id, "leader_id": m.leader_id, "field": m.field,
           "plaque_on": m.plaque_on, "description": m.description, "state": m.state,
           "slug": m.slug, "public": m.public, "photo_id": m.photo_id})
}

/// The codes of the studio-kind dictionary.
pub(crate) async fn kind_codes<C: ConnectionTrait>(conn: &C) -> Result<Vec<String>> {
    use crate::entity::dict_entry;
    Ok(dict_entry::Entity::find()
        .select_only()
        .column(dict_entry::Column::Code)
        .filter(dict_entry::Column::Dict.eq("studio_kind"))
        .into_tuple()
        .all(conn)
        .await?)
}

impl<'a> StudioRepo<'a> {
    pub(crate) async fn views(&self, rows: Vec<studio::Model>) -> Result<Vec<StudioView>> {
        let db = self.s.db;
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let leaders = names_of(db, rows.iter().filter_map(|r| r.leader_id).collect()).await?;
        let nodes = node_names(db, rows.iter().map(|r| r.node_id).collect()).await?;
        let today = today();
        let counts: Vec<(i64, i64)> = if ids.is_empty() {
            vec![]
        } else {
            studio_member::Entity::find()
                .select_only()
                .column(studio_member::Column::StudioId)
                .column_as(studio_member::Column::Id.count(), "n")
                .filter(studio_member::Column::StudioId.is_in(ids))
                .filter(
                    studio_member::Column::LeftOn
                        .is_null()
                        .or(studio_member::Column::LeftOn.gt(today)),
                )
                .group_by(studio_member::Column::StudioId)
                .into_tuple()
                .all(db)
                .await?
        };
        let counts: HashMap<i64, i64> = counts.into_iter().collect();
        Ok(rows
            .into_iter()
            .map(|m| StudioView {
                id: m.id,
                leader_name: m.leader_id.and_then(|l| leaders.get(&l).cloned()),
                node_name: nodes.get(&m.node_id).cloned().unwrap_or_default(),
                members: counts.get(&m.id).copied().unwrap_or(0) as u64,
                name: m.name,
                kind: m.kind,
                level: m.level,
                demonstration: m.demonstration,
                node_id: m.node_id,
                leader_id: m.leader_id,
                field: m.field,
                plaque_on: m.plaque_on,
                description: m.description,
                state: m.state,
                slug: m.slug,
                public: m.public,
                photo_id: m.photo_id,
                created_at: m.created_at,
                updated_at: m.updated_at,
            })
            .collect())
    }

    async fn select(&self, f: &StudioFilter) -> Result<sea_orm::Select<studio::Entity>> {
        let seen = self.s.list_filter::<studio::Entity>(f.under).await?;
        let mut q = studio::Entity::find().filter(seen);
        if let Some(ids) = &f.ids {
            q = q.filter(studio::Column::Id.is_in(ids.clone()));
        }
        let nonblank = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
        };
        if let Some(k) = nonblank(&f.kind) {
            q = q.filter(studio::Column::Kind.eq(k));
        }
        if let Some(l) = nonblank(&f.level) {
            q = q.filter(studio::Column::Level.eq(l));
        }
        if let Some(st) = nonblank(&f.state) {
            q = q.filter(studio::Column::State.eq(st));
        }
        if let Some(l) = f.leader {
            q = q.filter(studio::Column::LeaderId.eq(l));
        }
        if let Some(t) = nonblank(&f.q) {
            q = q.filter(like_expr(studio::Column::Name, &t));
        }
        Ok(q)
    }

    pub async fn list(&self, f: &StudioFilter, page: PageRequest) -> Result<Page<StudioView>> {
        let q = self.select(f).await?;
        let mut p = fetch_page(self.s.db, q, |q| order::sorted(q, f.sort), page).await?;
        let rows = std::mem::take(&mut p.items);
        Ok(p.with_items(self.views(rows).await?))
    }

    pub async fn all(&self, f: &StudioFilter, cap: u64) -> Result<Vec<StudioView>> {
        let rows = order::sorted(self.select(f).await?, f.sort)
            .limit(cap)
            .all(self.s.db)
            .await?;
        self.views(rows).await
    }

    /// Whether the caller may see studio `id` (not found otherwise), from one read: asked
    /// before a change's input is read.
    pub async fn check_visible(&self, id: i64) -> Result<()> {
        readable(&self.s, self.s.db, id).await.map(drop)
    }

    pub async fn get(&self, id: i64) -> Result<StudioView> {
        let m = readable(&self.s, self.s.db, id).await?;
        Ok(self.views(vec![m]).await?.remove(0))
    }

    /// The studio with what the caller may do to it (for pages' buttons), from one read.
    pub async fn get_with_rights(&self, id: i64) -> Result<(StudioView, StudioRights)> {
        let m = readable(&self.s, self.s.db, id).await?;
        let rights = self.rights_on(&m)?;
        Ok((self.views(vec![m]).await?.remove(0), rights))
    }

    fn rights_on(&self, m: &studio::Model) -> Result<StudioRights> {
        let p = TreePath::parse(&m.node_path)?;
        let write = self.s.actor.can(Permission::StudioWrite, &p);
        Ok(StudioRights {
            write,
            open: write && State::from_code(&m.state).is_some_and(State::takes_records),
            manage: self.s.actor.can(Permission::StudioManage, &p),
        })
    }

    /// Photos attached to the studio.
    pub async fn photos(&self, studio_id: i64) -> Result<Vec<FileView>> {
        readable(&self.s, self.s.db, studio_id).await?;
        files::files_of(self.s.db, studio_id, "photo", &[studio_id]).await
    }

    /// "My studio": studios the signed-in account's person leads or belongs to now, among
    /// those the caller may read.
    pub async fn mine(&self) -> Result<Vec<StudioView>> {
        let Some(uid) = self.s.actor.user_id else {
            return Ok(vec![]);
        };
        let person: Option<Option<i64>> = app_user::Entity::find_by_id(uid)
            .select_only()
            .column(app_user::Column::PersonId)
            .into_tuple()
            .one(self.s.db)
            .await?;
        let Some(Some(pid)) = person else {
            return Ok(vec![]);
        };
        let scopes = self.s.scopes(Permission::StudioRead)?;
        let today = today();
        let member_of = Query::select()
            .column(studio_member::Column::StudioId)
            .from(studio_member::Entity)
            .and_where(studio_member::Column::PersonId.eq(pid))
            .and_where(
                studio_member::Column::LeftOn
                    .is_null()
                    .or(studio_member::Column::LeftOn.gt(today)),
            )
            .to_owned();
        let rows = studio::Entity::find()
            .filter(within_any(studio::Column::NodePath, &scopes))
            .filter(
                studio::Column::LeaderId
                    .eq(pid)
                    .or(studio::Column::Id.in_subquery(member_of)),
            )
            .order_by_asc(studio::Column::Id)
            .all(self.s.db)
            .await?;
        self.views(rows).await
    }

    /// Studios by state, kind and level under the caller's scope (or a node).
    pub async fn counts(&self, under: Option<i64>) -> Result<StudioCounts> {
        let seen = self.s.list_filter::<studio::Entity>(under).await?;
        self.tally(studio::Entity::find().filter(seen)).await
    }

    /// The studios a list with filter `f` shows, by state, kind and level.
    pub async fn profile(&self, f: &StudioFilter) -> Result<StudioCounts> {
        let q = self.select(f).await?;
        self.tally(q).await
    }

    async fn tally(&self, q: sea_orm::Select<studio::Entity>) -> Result<StudioCounts> {
        let rows: Vec<(String, String, String, i64)> = q
            .select_only()
            .column(studio::Column::State)
            .column(studio::Column::Kind)
            .column(studio::Column::Level)
            .column_as(studio::Column::Id.count(), "n")
            .group_by(studio::Column::State)
            .group_by(studio::Column::Kind)
            .group_by(studio::Column::Level)
            .into_tuple()
            .all(self.s.db)
            .await?;
        let mut c = StudioCounts::default();
        for (state, kind, level, n) in rows {
            let n = n as u64;
            c.studios += n;
            *c.by_state.entry(state).or_default() += n;
            *c.by_kind.entry(kind).or_default() += n;
            *c.by_level.entry(level).or_default() += n;
        }
        Ok(c)
    }
}

/// What the caller may do to a studio.
#[derive(Debug, Clone, Copy, Default)]
pub struct StudioRights {
    /// Change the studio's records (`studio.write`).
    pub write: bool,
    /// Write, and the studio takes new records (not delisted).
    pub open: bool,
    /// Lifecycle decisions and evaluations (`studio.manage`).
    pub manage: bool,
}

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct StudioCounts {
    pub studios: u64,
    pub by_state: HashMap<String, u64>,
    pub by_kind: HashMap<String, u64>,
    pub by_level: HashMap<String, u64>,
}

/// Names of studios by id (for views that list records of several studios).
pub(crate) async fn studio_names<C: ConnectionTrait>(
    conn: &C,
    mut ids: Vec<i64>,
) -> Result<HashMap<i64, String>> {
    ids.sort_unstable();
    ids.dedup();
    let mut out = HashMap::new();
    for chunk in ids.chunks(crate::IN_CHUNK) {
        let rows: Vec<(i64, String)> = studio::Entity::find()
            .select_only()
            .column(studio::Column::Id)
            .column(studio::Column::Name)
            .filter(studio::Column::Id.is_in(chunk.to_vec()))
            .into_tuple()
            .all(conn)
            .await?;
        out.extend(rows);
    }
    Ok(out)
}
