//! The one place where subtree scope is applied to queries.

use crate::kit::files::FileStore;
use crate::{Result, StorageError};
use sea_orm::sea_query::{Expr, IntoColumnRef, SimpleExpr};
use sea_orm::{Condition, ConnectionTrait, DatabaseConnection, EntityTrait, PrimaryKeyTrait};
use touyan_domain::access::{Grants, Permission};
use touyan_domain::tree::TreePath;

/// Who is acting, with everything they may do. Built by the accounts area (`Auth`) from a
/// session or an API token, or by [`Actor::system`] for the command line.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub username: String,
    pub display_name: String,
    pub grants: Grants,
    pub token_id: Option<i64>,
    pub ip: Option<String>,
    pub locale: String,
    /// The account's home node, where its own events (logins, tokens) are filed.
    pub home: Option<(i64, TreePath)>,
}

impl Actor {
    /// The command line acting on the whole tree (demo data, `touyan admin`).
    pub fn system() -> Actor {
        use touyan_domain::access::Grant;
        Actor {
            user_id: None,
            username: "system".into(),
            display_name: "system".into(),
            grants: Grants::new(vec![Grant {
                permissions: Permission::ALL.into_iter().collect(),
                scope: TreePath::everything(),
            }]),
            token_id: None,
            ip: None,
            locale: "zh-CN".into(),
            home: None,
        }
    }

    pub fn home_ref(&self) -> Option<(i64, &TreePath)> {
        self.home.as_ref().map(|(i, p)| (*i, p))
    }

    pub fn can(&self, perm: Permission, target: &TreePath) -> bool {
        self.grants.allows(perm, target)
    }
}

/// Records as `actor` may see them. Handlers get one of these and nothing else.
#[derive(Clone, Copy)]
pub struct Scoped<'a> {
    pub(crate) db: &'a DatabaseConnection,
    pub(crate) actor: &'a Actor,
    pub(crate) files: &'a FileStore,
    pub(crate) hashing: &'a crate::kit::hashing::Hashing,
}

impl<'a> Scoped<'a> {
    pub(crate) fn new(
        db: &'a DatabaseConnection,
        actor: &'a Actor,
        files: &'a FileStore,
        hashing: &'a crate::kit::hashing::Hashing,
    ) -> Self {
        Scoped {
            db,
            actor,
            files,
            hashing,
        }
    }
    pub fn actor(&self) -> &'a Actor {
        self.actor
    }

    /// The subtrees where `perm` holds, or `NotFound` when there are none: a caller who may not
    /// read a kind of record anywhere is answered as if there were none.
    pub(crate) fn scopes(&self, perm: Permission) -> Result<Vec<TreePath>> {
        let s = self.actor.grants.scopes(perm);
        if s.is_empty() {
            Err(StorageError::NotFound)
        } else {
            Ok(s)
        }
    }

    /// Rows of `col` the caller may see with `perm`, narrowed to the subtree of `under` when
    /// given. A readable node's subtree lies inside the caller's scope (scopes are whole
    /// subtrees), so its one range replaces the scopes' ranges instead of repeating them.
    pub(crate) async fn visible<C: IntoColumnRef + Clone>(
        &self,
        col: C,
        perm: Permission,
        under: Option<i64>,
    ) -> Result<Condition> {
        match under {
            Some(id) => {
                let p = self.orgs().path_of_readable(id, perm).await?;
                Ok(Condition::all().add(within(col, &p)))
            }
            None => Ok(within_any(col, &self.scopes(perm)?)),
        }
    }

    /// `perm` over `target`, answering 404 when the caller cannot even read it (`read`) and
    /// 403 when it can read but not do this.
    pub(crate) fn require(
        &self,
        perm: Permission,
        read: Permission,
        target: &TreePath,
    ) -> Result<()> {
        if self.actor.can(perm, target) {
            Ok(())
        } else if self.actor.can(read, target) {
            Err(StorageError::Forbidden)
        } else {
            Err(StorageError::NotFound)
        }
    }
}

/// A kind of record filed in the tree, declared once in its area: the permission that reads
/// it, the one that changes it, and the path it is filed under. Loading one for reading or
/// for writing and filtering a list of them are [`Scoped::load_for_read`],
/// [`Scoped::load_for_write`] and [`Scoped::list_filter`], which answer alike for every kind:
/// 404 for a record the caller may not read (as for a missing id), 403 for one it reads but
/// may not change.
pub(crate) trait Guarded: EntityTrait {
    const READ: Permission;
    const WRITE: Permission;
    /// The column holding the record's node path.
    fn path_column() -> Self::Column;
    fn path_of(m: &Self::Model) -> &str;
}

impl Scoped<'_> {
    async fn load_guarded<E, C>(&self, conn: &C, id: i64) -> Result<(E::Model, TreePath)>
    where
        E: Guarded,
        E::PrimaryKey: PrimaryKeyTrait<ValueType = i64>,
        C: ConnectionTrait,
    {
        let m = E::find_by_id(id)
            .one(conn)
            .await?
            .ok_or(StorageError::NotFound)?;
        let p = TreePath::parse(E::path_of(&m))?;
        Ok((m, p))
    }

    /// The record `id` of kind `E` with its path, when the caller may read it.
    pub(crate) async fn load_for_read<E, C>(
        &self,
        conn: &C,
        id: i64,
    ) -> Result<(E::Model, TreePath)>
    where
        E: Guarded,
        E::PrimaryKey: PrimaryKeyTrait<ValueType = i64>,
        C: ConnectionTrait,
    {
        let (m, p) = self.load_guarded::<E, C>(conn, id).await?;
        if self.actor.can(E::READ, &p) {
            Ok((m, p))
        } else {
            Err(StorageError::NotFound)
        }
    }

    /// The record `id` of kind `E` with its path, when the caller may change it.
    pub(crate) async fn load_for_write<E, C>(
        &self,
        conn: &C,
        id: i64,
    ) -> Result<(E::Model, TreePath)>
    where
        E: Guarded,
        E::PrimaryKey: PrimaryKeyTrait<ValueType = i64>,
        C: ConnectionTrait,
    {
        let (m, p) = self.load_guarded::<E, C>(conn, id).await?;
        self.require(E::WRITE, E::READ, &p)?;
        Ok((m, p))
    }

    /// The records of kind `E` the caller may read, under the node `under` when given.
    pub(crate) async fn list_filter<E: Listed>(&self, under: Option<i64>) -> Result<Condition> {
        Ok(E::seen_from(&self.list_scopes::<E>(under).await?))
    }
}

/// `col` lies in one of the subtrees: an OR of key ranges, each an index range scan.
pub(crate) fn within_any<C: IntoColumnRef + Clone>(col: C, scopes: &[TreePath]) -> Condition {
    let mut c = Condition::any();
    if scopes.is_empty() {
        return c.add(Expr::val(1).eq(0));
    }
    for s in scopes {
        c = c.add(within(col.clone(), s));
    }
    c
}

pub(crate) fn within<C: IntoColumnRef + Clone>(col: C, s: &TreePath) -> SimpleExpr {
    Expr::col(col.clone())
        .gte(s.as_str())
        .and(Expr::col(col).lt(s.upper_bound()))
}

impl Actor {
    /// Someone acting without an account's session: a sign-in attempt under the name typed
    /// (and the account it names, if any), or the public form. Holds no grants; its writes
    /// are recorded under `name` and `ip`.
    pub(crate) fn unsigned(user_id: Option<i64>, name: &str, ip: Option<String>) -> Actor {
        Actor {
            user_id,
            username: name.to_string(),
            display_name: name.to_string(),
            grants: Grants::new(vec![]),
            token_id: None,
            ip,
            locale: "zh-CN".into(),
            home: None,
        }
    }
}

/// A kind of record listed by subtree: the permission that reads it and which records a set
/// of subtrees sees. [`Scoped::list_filter`] answers with it for every kind. Each [`Guarded`]
/// kind is one, seen where it is filed; a kind seen from more than one place (a service
/// request, through its reach rows) declares its own.
pub(crate) trait Listed: EntityTrait {
    const LIST_READ: Permission;
    /// The records seen from any of `scopes` (whole subtrees the caller reads).
    fn seen_from(scopes: &[TreePath]) -> Condition;
}

impl<E: Guarded> Listed for E {
    const LIST_READ: Permission = E::READ;
    fn seen_from(scopes: &[TreePath]) -> Condition {
        within_any(E::path_column(), scopes)
    }
}

impl Scoped<'_> {
    /// The subtrees a list of kind `E` starts from: the node `under` when given (which the
    /// caller must read), else every scope the caller reads the kind in.
    pub(crate) async fn list_scopes<E: Listed>(&self, under: Option<i64>) -> Result<Vec<TreePath>> {
        match under {
            Some(id) => Ok(vec![self.orgs().path_of_readable(id, E::LIST_READ).await?]),
            None => self.scopes(E::LIST_READ),
        }
    }
}

/// A kind of record filed under a record of a [`Guarded`] kind (a studio's projects under
/// their studio), declared once in its area: it is read with its parent's read permission
/// and changed with [`FiledUnder::WRITE`], both over the parent's path, and a record of
/// another parent answers as missing. [`Scoped::load_under_for_read`],
/// [`Scoped::load_under_for_write`], [`Scoped::filter_under`] and
/// [`Scoped::list_filter_under`] answer as their [`Guarded`] counterparts do.
pub(crate) trait FiledUnder: EntityTrait {
    type Parent: Guarded;
    /// The permission that changes records of this kind: the parent's own unless declared.
    const WRITE: Permission = <Self::Parent as Guarded>::WRITE;
    /// The column holding the parent's id.
    fn parent_column() -> Self::Column;
    /// Whether the parent takes changes to its records of this kind now (a delisted studio
    /// takes none); asked after the caller's rights, before the record is looked up.
    fn parent_open(_parent: &ParentModel<Self>) -> Result<()> {
        Ok(())
    }
}

/// The model of the parent kind of `E`.
pub(crate) type ParentModel<E> = <<E as FiledUnder>::Parent as EntityTrait>::Model;

/// A record filed under a parent, with that parent and the parent's path.
pub(crate) type Under<E> = (<E as EntityTrait>::Model, ParentModel<E>, TreePath);

impl Scoped<'_> {
    /// The parent `parent_id` of records of kind `E`, when the caller may read it.
    pub(crate) async fn parent_for_read<E, C>(
        &self,
        conn: &C,
        parent_id: i64,
    ) -> Result<(ParentModel<E>, TreePath)>
    where
        E: FiledUnder,
        <E::Parent as EntityTrait>::PrimaryKey: PrimaryKeyTrait<ValueType = i64>,
        C: ConnectionTrait,
    {
        self.load_for_read::<E::Parent, C>(conn, parent_id).await
    }

    /// The parent `parent_id` of records of kind `E`, when the caller may change such
    /// records in it (404 when it cannot read the parent, 403 when it only reads it) and the
    /// parent takes changes to them.
    pub(crate) async fn parent_for_write<E, C>(
        &self,
        conn: &C,
        parent_id: i64,
    ) -> Result<(ParentModel<E>, TreePath)>
    where
        E: FiledUnder,
        <E::Parent as EntityTrait>::PrimaryKey: PrimaryKeyTrait<ValueType = i64>,
        C: ConnectionTrait,
    {
        let (m, p) = self.load_guarded::<E::Parent, C>(conn, parent_id).await?;
        self.require(E::WRITE, <E::Parent as Guarded>::READ, &p)?;
        E::parent_open(&m)?;
        Ok((m, p))
    }

    async fn child_of<E, C>(conn: &C, parent_id: i64, id: i64) -> Result<E::Model>
    where
        E: FiledUnder,
        E::PrimaryKey: PrimaryKeyTrait<ValueType = i64>,
        C: ConnectionTrait,
    {
        use sea_orm::{ColumnTrait, QueryFilter};
        E::find_by_id(id)
            .filter(E::parent_column().eq(parent_id))
            .one(conn)
            .await?
            .ok_or(StorageError::NotFound)
    }

    /// The record `id` of kind `E` filed under `parent_id`, when the caller may read it.
    pub(crate) async fn load_under_for_read<E, C>(
        &self,
        conn: &C,
        parent_id: i64,
        id: i64,
    ) -> Result<Under<E>>
    where
        E: FiledUnder,
        E::PrimaryKey: PrimaryKeyTrait<ValueType = i64>,
        <E::Parent as EntityTrait>::PrimaryKey: PrimaryKeyTrait<ValueType = i64>,
        C: ConnectionTrait,
    {
        let (parent, p) = self.parent_for_read::<E, C>(conn, parent_id).await?;
        let m = Self::child_of::<E, C>(conn, parent_id, id).await?;
        Ok((m, parent, p))
    }

    /// The record `id` of kind `E` filed under `parent_id`, when the caller may change it
    /// (see [`Scoped::parent_for_write`]).
    pub(crate) async fn load_under_for_write<E, C>(
        &self,
        conn: &C,
        parent_id: i64,
        id: i64,
    ) -> Result<Under<E>>
    where
        E: FiledUnder,
        E::PrimaryKey: PrimaryKeyTrait<ValueType = i64>,
        <E::Parent as EntityTrait>::PrimaryKey: PrimaryKeyTrait<ValueType = i64>,
        C: ConnectionTrait,
    {
        let (parent, p) = self.parent_for_write::<E, C>(conn, parent_id).await?;
        let m = Self::child_of::<E, C>(conn, parent_id, id).await?;
        Ok((m, parent, p))
    }

    /// The records of kind `E` filed under `parent_id`, when the caller may read that parent.
    pub(crate) async fn filter_under<E, C>(&self, conn: &C, parent_id: i64) -> Result<Condition>
    where
        E: FiledUnder,
        <E::Parent as EntityTrait>::PrimaryKey: PrimaryKeyTrait<ValueType = i64>,
        C: ConnectionTrait,
    {
        use sea_orm::ColumnTrait;
        self.parent_for_read::<E, C>(conn, parent_id).await?;
        Ok(Condition::all().add(E::parent_column().eq(parent_id)))
    }

    /// The records of kind `E` the caller may read (those of the parents it reads), under
    /// the node `under` when given.
    pub(crate) async fn list_filter_under<E: FiledUnder>(
        &self,
        under: Option<i64>,
    ) -> Result<Condition> {
        use sea_orm::sea_query::Query;
        use sea_orm::{ColumnTrait, Iterable, PrimaryKeyToColumn};
        let seen = self.list_filter::<E::Parent>(under).await?;
        let key = <E::Parent as EntityTrait>::PrimaryKey::iter()
            .next()
            .ok_or(StorageError::NotFound)?
            .into_column();
        let parents = Query::select()
            .column(key)
            .from(E::Parent::default())
            .cond_where(seen)
            .to_owned();
        Ok(Condition::all().add(E::parent_column().in_subquery(parents)))
    }
}

#[cfg(test)]
mod listed_tests {
    use super::*;
    use crate::entity::person;
    use crate::entity::request_tables::service_request as sr;
    use sea_orm::{DbBackend, QueryFilter, QueryTrait};

    fn sql<E: Listed>(scopes: &[TreePath]) -> String {
        E::find()
            .filter(E::seen_from(scopes))
            .build(DbBackend::Sqlite)
            .to_string()
    }

    #[test]
    fn a_filed_kind_is_seen_in_its_subtrees_and_a_request_from_its_reach_rows() {
        let a = TreePath::parse("/1/5/").unwrap();
        let b = TreePath::parse("/2/").unwrap();
        let people = sql::<person::Entity>(&[a.clone(), b.clone()]);
        assert!(people.contains("\"node_path\" >= '/1/5/'"), "{people}");
        assert!(people.contains("\"node_path\" >= '/2/'"), "{people}");

        let requests = sql::<sr::Entity>(&[a.clone(), b]);
        assert!(requests.contains("FROM \"request_reach\""), "{requests}");
        assert!(requests.contains("\"node_id\" IN (5, 2)"), "{requests}");

        // A scope over the whole forest sees every request: nothing is filtered.
        let all = sql::<sr::Entity>(&[a, TreePath::everything()]);
        assert!(
            all.ends_with("FROM \"service_request\" WHERE TRUE"),
            "{all}"
        );
    }
}

#[cfg(test)]
mod filed_under_tests {
    use super::*;
    use crate::entity::activity_tables::{studio_evaluation, studio_project};
    use crate::entity::{org_node, studio};
    use crate::Store;
    use chrono::NaiveDate;
    use sea_orm::{ActiveModelTrait, QueryFilter, Set};
    use touyan_domain::access::Grant;

    fn actor(perms: &[Permission], scope: TreePath) -> Actor {
        Actor {
            grants: Grants::new(vec![Grant {
                permissions: perms.iter().copied().collect(),
                scope,
            }]),
            ..Actor::system()
        }
    }

    async fn node(db: &DatabaseConnection, id: i64) -> TreePath {
        let path = TreePath::for_root(id);
        org_node::ActiveModel {
            id: Set(id),
            parent_id: Set(None),
            path: Set(path.as_str().to_string()),
            depth: Set(1),
            name: Set(format!("n{id}")),
            spell: Set(format!("n{id}")),
            kind: Set("district".into()),
            code: Set(None),
            sort_order: Set(0),
            status: Set("active".into()),
            created_at: Set(0),
            updated_at: Set(0),
        }
        .insert(db)
        .await
        .unwrap();
        path
    }

    async fn studio_at(db: &DatabaseConnection, id: i64, at: &TreePath, state: &str) {
        studio::ActiveModel {
            id: Set(id),
            name: Set(format!("s{id}")),
            kind: Set("skill".into()),
            level: Set("district".into()),
            demonstration: Set(false),
            node_id: Set(at.id().unwrap()),
            node_path: Set(at.as_str().to_string()),
            leader_id: Set(None),
            field: Set(None),
            plaque_on: Set(None),
            description: Set(None),
            state: Set(state.into()),
            slug: Set(None),
            public: Set(false),
            photo_id: Set(None),
            created_at: Set(0),
            updated_at: Set(0),
        }
        .insert(db)
        .await
        .unwrap();
    }

    async fn project_in(db: &DatabaseConnection, id: i64, studio_id: i64) {
        let day = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
        studio_project::ActiveModel {
            id: Set(id),
            studio_id: Set(studio_id),
            title: Set(format!("p{id}")),
            description: Set(None),
            stage: Set("idea".into()),
            started_on: Set(day),
            stage_on: Set(day),
            investment_fen: Set(0),
            shared: Set(false),
            created_at: Set(0),
            updated_at: Set(0),
        }
        .insert(db)
        .await
        .unwrap();
    }

    #[tokio::test]
    async fn a_record_filed_under_a_studio_answers_with_the_studio_scope() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::connect(&format!("sqlite://{}/f.db", dir.path().display()))
            .await
            .unwrap();
        store.migrate().await.unwrap();
        let db = store.raw_connection();
        let (a, b) = (node(db, 900_101).await, node(db, 900_102).await);
        studio_at(db, 1, &a, "listed").await;
        studio_at(db, 2, &b, "listed").await;
        studio_at(db, 3, &a, "delisted").await;
        project_in(db, 11, 1).await;
        project_in(db, 12, 2).await;
        let reader = actor(&[Permission::StudioRead], a.clone());
        let writer = actor(&[Permission::StudioRead, Permission::StudioWrite], a);
        let (r, w) = (store.scoped(&reader), store.scoped(&writer));
        type P = studio_project::Entity;

        let (m, st, _) = r.load_under_for_read::<P, _>(db, 1, 11).await.unwrap();
        assert_eq!((m.id, st.id), (11, 1));
        let missing = |e: StorageError| matches!(e, StorageError::NotFound);
        // Another tree's studio, and a project of another studio, answer as missing.
        assert!(missing(
            r.load_under_for_read::<P, _>(db, 2, 12).await.unwrap_err()
        ));
        assert!(missing(
            r.load_under_for_read::<P, _>(db, 1, 12).await.unwrap_err()
        ));

        let e = r.load_under_for_write::<P, _>(db, 1, 11).await.unwrap_err();
        assert!(matches!(e, StorageError::Forbidden));
        assert_eq!(
            w.load_under_for_write::<P, _>(db, 1, 11)
                .await
                .unwrap()
                .0
                .id,
            11
        );
        assert!(missing(
            w.load_under_for_write::<P, _>(db, 2, 12).await.unwrap_err()
        ));
        let e = w.parent_for_write::<P, _>(db, 3).await.unwrap_err();
        assert!(matches!(
            e,
            StorageError::Refused("rule.studio_delisted_no_records")
        ));
        // Evaluations are changed with `studio.manage`.
        let e = w
            .parent_for_write::<studio_evaluation::Entity, _>(db, 1)
            .await
            .unwrap_err();
        assert!(matches!(e, StorageError::Forbidden));

        let seen = r.list_filter_under::<P>(None).await.unwrap();
        let ids: Vec<i64> = P::find()
            .filter(seen)
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.id)
            .collect();
        assert_eq!(ids, vec![11]);
        let one = r.filter_under::<P, _>(db, 1).await.unwrap();
        assert_eq!(P::find().filter(one).all(db).await.unwrap().len(), 1);
        assert!(missing(r.filter_under::<P, _>(db, 2).await.unwrap_err()));
    }
}
