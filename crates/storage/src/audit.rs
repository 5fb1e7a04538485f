//! The audit log: who did what, when, from where, to which record, before → after.
//! Entries carry the path of the node their record belongs to, so reading them is scoped
//! like everything else; whole-tree records (roles, dictionaries) carry `/`.

use crate::entity::audit_log;
use crate::scope::within_any;
use crate::{Page, Result, Scoped};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait,
};
use serde::Serialize;
use serde_json::Value;
use touyan_domain::access::Permission;
use touyan_domain::paging::PageRequest;
use touyan_domain::tree::TreePath;

/// What happened; written in the same transaction as the change it describes.
pub struct Entry<'a> {
    pub action: &'a str,
    pub record_type: &'a str,
    pub record_id: Option<String>,
    pub node: Option<(i64, &'a TreePath)>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

pub(crate) async fn write<C: ConnectionTrait>(
    conn: &C,
    actor: &crate::Actor,
    e: Entry<'_>,
) -> Result<()> {
    write_as(conn, actor.user_id, &actor.username, actor.ip.clone(), e).await
}

pub(crate) async fn write_as<C: ConnectionTrait>(
    conn: &C,
    actor_id: Option<i64>,
    actor_name: &str,
    ip: Option<String>,
    e: Entry<'_>,
) -> Result<()> {
    let row = row(actor_id, actor_name, ip, e);
    audit_log::Entity::insert(row)
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

/// The row [`write_as`] writes, for a caller that writes several in one statement
/// ([`write_rows`]).
pub(crate) fn row(
    actor_id: Option<i64>,
    actor_name: &str,
    ip: Option<String>,
    e: Entry<'_>,
) -> audit_log::ActiveModel {
    let (node_id, node_path) = match e.node {
        Some((id, p)) => (Some(id), p.as_str().to_string()),
        None => (None, TreePath::everything().as_str().to_string()),
    };
    audit_log::ActiveModel {
        at: Set(crate::now_ms()),
        actor_id: Set(actor_id),
        actor_name: Set(actor_name.to_string()),
        ip: Set(ip),
        action: Set(e.action.to_string()),
        record_type: Set(e.record_type.to_string()),
        record_id: Set(e.record_id),
        node_id: Set(node_id),
        node_path: Set(node_path),
        before: Set(e.before.map(|v| v.to_string())),
        after: Set(e.after.map(|v| v.to_string())),
        ..Default::default()
    }
}

/// Writes entries made with [`row`], in their order, a hundred to a statement.
pub(crate) async fn write_rows<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<audit_log::ActiveModel>,
) -> Result<()> {
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(100).collect();
        audit_log::Entity::insert_many(chunk)
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AuditEntry {
    pub id: i64,
    /// Unix milliseconds.
    pub at: i64,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub ip: Option<String>,
    pub action: String,
    pub record_type: String,
    pub record_id: Option<String>,
    pub node_id: Option<i64>,
    #[schema(value_type = Option<Object>)]
    pub before: Option<Value>,
    #[schema(value_type = Option<Object>)]
    pub after: Option<Value>,
}

impl From<audit_log::Model> for AuditEntry {
    fn from(m: audit_log::Model) -> Self {
        let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
        AuditEntry {
            id: m.id,
            at: m.at,
            actor_id: m.actor_id,
            actor_name: m.actor_name,
            ip: m.ip,
            action: m.action,
            record_type: m.record_type,
            record_id: m.record_id,
            node_id: m.node_id,
            before: parse(m.before),
            after: parse(m.after),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub user: Option<i64>,
    pub action: Option<String>,
    pub record_type: Option<String>,
    pub record_id: Option<String>,
    /// Entries of records in this node's subtree.
    pub under: Option<i64>,
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
}

/// How many of the whole log's newest entries [`AuditRepo::recent`] looks among first.
const RECENT_WINDOW: u64 = 2000;

pub struct AuditRepo<'a> {
    pub(crate) s: Scoped<'a>,
}

impl AuditRepo<'_> {
    async fn query(&self, f: &AuditFilter) -> Result<sea_orm::Select<audit_log::Entity>> {
        let scopes = self.s.scopes(Permission::AuditRead)?;
        let mut q =
            audit_log::Entity::find().filter(within_any(audit_log::Column::NodePath, &scopes));
        if let Some(under) = f.under {
            let node = self
                .s
                .orgs()
                .path_of_readable(under, Permission::AuditRead)
                .await?;
            q = q.filter(crate::scope::within(audit_log::Column::NodePath, &node));
        }
        if let Some(u) = f.user {
            q = q.filter(audit_log::Column::ActorId.eq(u));
        }
        if let Some(a) = &f.action {
            q = q.filter(audit_log::Column::Action.eq(a.as_str()));
        }
        if let Some(t) = &f.record_type {
            q = q.filter(audit_log::Column::RecordType.eq(t.as_str()));
        }
        if let Some(r) = &f.record_id {
            q = q.filter(audit_log::Column::RecordId.eq(r.as_str()));
        }
        if let Some(from) = f.from_ms {
            q = q.filter(audit_log::Column::At.gte(from));
        }
        if let Some(to) = f.to_ms {
            q = q.filter(audit_log::Column::At.lt(to));
        }
        Ok(q)
    }

    pub async fn list(&self, f: &AuditFilter, page: PageRequest) -> Result<Page<AuditEntry>> {
        let q = self.query(f).await?;
        let count = crate::count_rows(self.s.db, q.clone());
        // The page's ids are picked first and only those rows are read (`page_of`). With no
        // other filter the pick is answered from the scope index alone, so a subtree whose
        // size the planner underestimates costs one index range scan, not a table read per
        // entry in scope. The total and the page on two connections, side by side (one after
        // the other they would not share a snapshot either).
        let (total, items) = tokio::try_join!(count, self.page_of(q, page))?;
        Ok(Page {
            items,
            total,
            page: page.page,
            per_page: page.per_page,
        })
    }

    /// As [`Self::list`], but the total is counted only up to `bound`: a caller over a large
    /// subtree (a city's million entries) pays for at most `bound` index entries, as one over
    /// a grid does for all of its own. The flag says the total passed `bound` (`total` is then
    /// `bound`); [`Self::list`] gives the exact count on demand.
    pub async fn list_bounded(
        &self,
        f: &AuditFilter,
        page: PageRequest,
        bound: u64,
    ) -> Result<(Page<AuditEntry>, bool)> {
        let q = self.query(f).await?;
        let mut first = q
            .clone()
            .select_only()
            .column(audit_log::Column::Id)
            .limit(bound + 1)
            .into_query();
        sea_orm::sea_query::OrderedStatement::clear_order_by(&mut first);
        let counted = sea_orm::sea_query::Query::select()
            .expr(sea_orm::sea_query::Expr::cust("COUNT(*)"))
            .from_subquery(first, sea_orm::sea_query::Alias::new("bounded"))
            .to_owned();
        let db = self.s.db;
        let count = async move {
            let row = db
                .query_one(db.get_database_backend().build(&counted))
                .await?;
            let n: i64 = match row {
                Some(r) => r.try_get_by_index(0)?,
                None => 0,
            };
            Ok::<u64, sea_orm::DbErr>(n as u64)
        };
        let (n, items) = tokio::try_join!(count, self.page_of(q, page))?;
        let over = n > bound;
        Ok((
            Page {
                items,
                total: n.min(bound),
                page: page.page,
                per_page: page.per_page,
            },
            over,
        ))
    }

    /// The newest `n` entries in the caller's scope, without counting them (the home page's
    /// recent activity). They are looked for first among the newest `RECENT_WINDOW` entries
    /// of the whole log, a short walk back along the primary key whatever the scope's size;
    /// only a caller with fewer than `n` of those in scope (a small subtree) reads its scope
    /// index, which is then short.
    pub async fn recent(&self, n: u64) -> Result<Vec<AuditEntry>> {
        let q = self.query(&AuditFilter::default()).await?;
        let floor: Option<i64> = audit_log::Entity::find()
            .select_only()
            .column(audit_log::Column::Id)
            .order_by_desc(audit_log::Column::Id)
            .offset(RECENT_WINDOW - 1)
            .limit(1)
            .into_tuple()
            .one(self.s.db)
            .await?;
        if let Some(floor) = floor {
            let rows = q
                .clone()
                .filter(audit_log::Column::Id.gte(floor))
                .order_by_desc(audit_log::Column::Id)
                .limit(n)
                .all(self.s.db)
                .await?;
            if rows.len() as u64 == n {
                return Ok(rows.into_iter().map(Into::into).collect());
            }
        }
        let first = PageRequest {
            page: 1,
            per_page: n,
        };
        Ok(self.page_of(q, first).await?)
    }

    /// One page of what `q` matches, newest first.
    async fn page_of(
        &self,
        q: sea_orm::Select<audit_log::Entity>,
        page: PageRequest,
    ) -> std::result::Result<Vec<AuditEntry>, sea_orm::DbErr> {
        let ids = q
            .select_only()
            .column(audit_log::Column::Id)
            .order_by_desc(audit_log::Column::Id)
            .offset(page.offset())
            .limit(page.per_page)
            .into_query();
        let rows = audit_log::Entity::find()
            .filter(audit_log::Column::Id.in_subquery(ids))
            .order_by_desc(audit_log::Column::Id)
            .all(self.s.db)
            .await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// Everything matching, newest first, up to `cap` rows (for export).
    pub async fn all(&self, f: &AuditFilter, cap: u64) -> Result<Vec<AuditEntry>> {
        let q = self.query(f).await?;
        let rows = q
            .order_by_desc(audit_log::Column::Id)
            .limit(cap)
            .all(self.s.db)
            .await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// Records an action on the caller's own records (an export of its tokens), filed at
    /// the caller's home node.
    pub async fn note_own(
        &self,
        action: &str,
        record_type: &str,
        after: Option<Value>,
    ) -> Result<()> {
        self.note_at(action, record_type, self.s.actor.home_ref(), after)
            .await
    }

    /// Records an action that changes nothing in the database (an export), attached to the
    /// node `under` when given, else to the first subtree where the caller holds `perm`, so
    /// that the people responsible for that part of the tree see it.
    pub async fn note(
        &self,
        action: &str,
        record_type: &str,
        perm: Permission,
        under: Option<i64>,
        after: Option<Value>,
    ) -> Result<()> {
        let path = match under {
            Some(id) => Some(self.s.orgs().path_of_readable(id, perm).await?),
            None => self.s.actor.grants.scopes(perm).into_iter().next(),
        };
        let node = path.as_ref().and_then(|p| p.id().map(|id| (id, p)));
        self.note_at(action, record_type, node, after).await
    }

    async fn note_at(
        &self,
        action: &str,
        record_type: &str,
        node: Option<(i64, &TreePath)>,
        after: Option<Value>,
    ) -> Result<()> {
        let e = Entry {
            action,
            record_type,
            record_id: None,
            node,
            before: None,
            after,
        };
        write(self.s.db, self.s.actor, e).await
    }
}

/// The audit log's entry in the list of areas: each entry keeps its record's node path.
pub(crate) const MANIFEST: crate::kit::area::AreaManifest = crate::kit::area::AreaManifest {
    path_tables: &["audit_log"],
    ..crate::kit::area::AreaManifest::named("audit")
};

/// The area's repositories, reached from the caller's scoped handle.
impl<'a> crate::Scoped<'a> {
    pub fn audit(self) -> AuditRepo<'a> {
        AuditRepo { s: self }
    }
}
