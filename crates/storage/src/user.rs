//! Accounts and role assignments, scoped by each account's home node.

use crate::audit::Entry;
use crate::entity::{app_user, assignment, org_node, role};
use crate::kit::callers::grants_of;
use crate::kit::sql::{like_expr, node_names};
use crate::kit::work::Work;
use crate::scope::{within, within_any};
use crate::{fetch_page, now_ms, Page, Result, Scoped, StorageError};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use touyan_domain::access::{parse_permissions, Permission};
use touyan_domain::auth::{parse_display_name, NewPassword, NewUser, UserStatus};
use touyan_domain::paging::PageRequest;
use touyan_domain::tree::TreePath;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UserView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    /// Home node; none for whole-tree accounts.
    pub node_id: Option<i64>,
    pub node_name: Option<String>,
    /// `active` or `disabled`.
    pub status: String,
    pub locale: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub last_login_at: Option<i64>,
    /// The person this account is (a studio leader's "my studio").
    pub person_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AssignmentView {
    pub id: i64,
    pub user_id: i64,
    pub username: String,
    pub role_id: i64,
    pub role_name: String,
    /// None: the whole tree.
    pub node_id: Option<i64>,
    pub node_name: Option<String>,
    pub created_at: i64,
}

#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    pub under: Option<i64>,
    pub q: Option<String>,
    pub status: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct AssignmentFilter {
    pub user: Option<i64>,
    pub role: Option<i64>,
    pub under: Option<i64>,
}

pub use touyan_domain::auth::UserPatch;

pub const LOCALES: [&str; 2] = ["zh-CN", "en"];

pub struct UserRepo<'a> {
    pub(crate) s: Scoped<'a>,
}

impl<'a> UserRepo<'a> {
    async fn views(&self, rows: Vec<app_user::Model>) -> Result<Vec<UserView>> {
        let names = node_names(self.s.db, rows.iter().filter_map(|r| r.node_id).collect()).await?;
        Ok(rows
            .into_iter()
            .map(|m| UserView {
                id: m.id,
                node_name: m.node_id.and_then(|n| names.get(&n).cloned()),
                username: m.username,
                display_name: m.display_name,
                node_id: m.node_id,
                status: m.status,
                locale: m.locale,
                created_at: m.created_at,
                updated_at: m.updated_at,
                last_login_at: m.last_login_at,
                person_id: m.person_id,
            })
            .collect())
    }

    async fn select(&self, f: &UserFilter) -> Result<sea_orm::Select<app_user::Entity>> {
        let scopes = self.s.scopes(Permission::UserRead)?;
        let mut q =
            app_user::Entity::find().filter(within_any(app_user::Column::NodePath, &scopes));
        if let Some(under) = f.under {
            let p = self
                .s
                .orgs()
                .path_of_readable(under, Permission::UserRead)
                .await?;
            q = q.filter(within(app_user::Column::NodePath, &p));
        }
        if let Some(st) = f.status.as_deref().filter(|s| !s.is_empty()) {
            UserStatus::parse(st)?;
            q = q.filter(app_user::Column::Status.eq(st));
        }
        if let Some(text) = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            q = q.filter(
                sea_orm::Condition::any()
                    .add(like_expr(app_user::Column::Username, text))
                    .add(like_expr(app_user::Column::DisplayName, text)),
            );
        }
        Ok(q.order_by_asc(app_user::Column::NodePath)
            .order_by_asc(app_user::Column::Id))
    }

    pub async fn list(&self, f: &UserFilter, page: PageRequest) -> Result<Page<UserView>> {
        let q = self.select(f).await?;
        let mut p = fetch_page(self.s.db, q, |q| q, page).await?;
        let rows = std::mem::take(&mut p.items);
        Ok(p.with_items(self.views(rows).await?))
    }

    pub async fn all(&self, f: &UserFilter, cap: u64) -> Result<Vec<UserView>> {
        let rows = self.select(f).await?.limit(cap).all(self.s.db).await?;
        self.views(rows).await
    }

    pub async fn count(&self, under: Option<i64>) -> Result<u64> {
        Ok(self
            .select(&UserFilter {
                under,
                ..Default::default()
            })
            .await?
            .count(self.s.db)
            .await?)
    }

    async fn load<C: ConnectionTrait>(conn: &C, id: i64) -> Result<app_user::Model> {
        app_user::Entity::find_by_id(id)
            .one(conn)
            .await?
            .ok_or(StorageError::NotFound)
    }

    pub async fn get(&self, id: i64) -> Result<UserView> {
        let m = self.readable(id).await?;
        Ok(self.views(vec![m]).await?.remove(0))
    }

    /// Whether the caller may see account `id` (not found otherwise), from one read: asked
    /// before a change's input is read.
    pub async fn check_visible(&self, id: i64) -> Result<()> {
        self.readable(id).await.map(drop)
    }

    async fn readable(&self, id: i64) -> Result<app_user::Model> {
        Ok(self
            .s
            .load_for_read::<app_user::Entity, _>(self.s.db, id)
            .await?
            .0)
    }

    /// An account the caller may change: `user.write` over its home node and at least every
    /// right the account holds, so nobody can take over an account that holds more.
    async fn manageable<C: ConnectionTrait>(&self, conn: &C, id: i64) -> Result<app_user::Model> {
        let m = Self::load(conn, id).await?;
        let p = TreePath::parse(&m.node_path)?;
        self.s
            .require(Permission::UserWrite, Permission::UserRead, &p)?;
        if !self.s.actor.grants.covers(&grants_of(conn, id).await?) {
            return Err(StorageError::Forbidden);
        }
        Ok(m)
    }

    /// Whether the caller may change this account (see `manageable`).
    pub async fn can_manage(&self, id: i64) -> Result<bool> {
        match self.manageable(self.s.db, id).await {
            Ok(_) => Ok(true),
            Err(StorageError::Forbidden) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Resolves a home node the caller may place accounts at; `None` needs whole-tree rights.
    async fn home<C: ConnectionTrait>(&self, conn: &C, node_id: Option<i64>) -> Result<TreePath> {
        let path = match node_id {
            Some(id) => {
                let n = org_node::Entity::find_by_id(id).one(conn).await?;
                let n = n.ok_or_else(|| StorageError::field("node_id", "err.node_missing"))?;
                TreePath::parse(&n.path)?
            }
            None => TreePath::everything(),
        };
        if !self.s.actor.can(Permission::UserWrite, &path) {
            return Err(StorageError::field(
                "node_id",
                if node_id.is_some() {
                    "err.node_missing"
                } else {
                    "err.node_required"
                },
            ));
        }
        Ok(path)
    }

    pub async fn create(&self, new: NewUser, node_id: Option<i64>) -> Result<UserView> {
        let hash = self.s.hashing.hash(new.password.expose()).await?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let path = self.home(txn, node_id).await?;
        if app_user::Entity::find()
            .filter(app_user::Column::Username.eq(new.username.as_str()))
            .count(txn)
            .await?
            > 0
        {
            return Err(StorageError::conflict("username", "err.username_taken"));
        }
        let now = now_ms();
        let m = app_user::ActiveModel {
            username: Set(new.username.as_str().to_string()),
            display_name: Set(new.display_name),
            password_hash: Set(hash),
            node_id: Set(node_id),
            node_path: Set(path.as_str().to_string()),
            status: Set(UserStatus::Active.code().into()),
            locale: Set("zh-CN".into()),
            created_at: Set(now),
            updated_at: Set(now),
            last_login_at: Set(None),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        work.record(Entry {
            action: "create",
            record_type: "user",
            record_id: Some(m.id.to_string()),
            node: node_id.map(|n| (n, &path)),
            before: None,
            after: Some(user_json(&m)),
        })
        .await?;
        work.commit().await?;
        Ok(self.views(vec![m]).await?.remove(0))
    }

    pub async fn update(&self, id: i64, patch: UserPatch) -> Result<UserView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let m = self.manageable(txn, id).await?;
        let mut fe = touyan_domain::FieldErrors::new();
        let display = patch
            .display_name
            .as_deref()
            .and_then(|d| fe.check("display_name", parse_display_name(d)));
        let status = patch
            .status
            .as_deref()
            .and_then(|s| fe.check("status", UserStatus::parse(s)));
        if let Some(l) = &patch.locale {
            if !LOCALES.contains(&l.as_str()) {
                fe.add("locale", "err.locale_invalid");
            }
        }
        fe.into_result()?;
        if status == Some(UserStatus::Disabled) && Some(id) == self.s.actor.user_id {
            return Err(StorageError::Refused("rule.cannot_disable_self"));
        }
        let before = user_json(&m);
        let mut am: app_user::ActiveModel = m.clone().into();
        if let Some(d) = display {
            am.display_name = Set(d);
        }
        if let Some(s) = status {
            am.status = Set(s.code().into());
        }
        if let Some(l) = patch.locale {
            am.locale = Set(l);
        }
        if let Some(person) = patch.person_id {
            if let Some(pid) = person {
                crate::kit::lookup::person_in_reach(&self.s, txn, pid, "person_id").await?;
            }
            am.person_id = Set(person);
        }
        let mut path = TreePath::parse(&m.node_path)?;
        if let Some(node) = patch.node_id {
            path = self.home(txn, node).await?;
            am.node_id = Set(node);
            am.node_path = Set(path.as_str().to_string());
        }
        am.updated_at = Set(now_ms());
        let after = am.update(txn).await?;
        if after.status == UserStatus::Disabled.code() {
            crate::auth::end_sessions(txn, id).await?;
        }
        work.record(Entry {
            action: "update",
            record_type: "user",
            record_id: Some(id.to_string()),
            node: after.node_id.map(|n| (n, &path)),
            before: Some(before),
            after: Some(user_json(&after)),
        })
        .await?;
        work.commit().await?;
        Ok(self.views(vec![after]).await?.remove(0))
    }

    pub async fn reset_password(&self, id: i64, password: NewPassword) -> Result<()> {
        let hash = self.s.hashing.hash(password.expose()).await?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let m = self.manageable(txn, id).await?;
        let path = TreePath::parse(&m.node_path)?;
        let mut am: app_user::ActiveModel = m.clone().into();
        am.password_hash = Set(hash);
        am.updated_at = Set(now_ms());
        am.update(txn).await?;
        // A reset means the account may be in other hands: every way in it had ends with it.
        crate::auth::end_sessions(txn, id).await?;
        let revoked = crate::auth::revoke_tokens(txn, id).await?;
        work.record(Entry {
            action: "reset_password",
            record_type: "user",
            record_id: Some(id.to_string()),
            node: m.node_id.map(|n| (n, &path)),
            before: None,
            after: Some(json!({"sessions_ended": true, "tokens_revoked": revoked})),
        })
        .await?;
        work.commit().await?;
        Ok(())
    }

    pub async fn delete(&self, id: i64) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let m = self.manageable(txn, id).await?;
        if Some(id) == self.s.actor.user_id {
            return Err(StorageError::Refused("rule.cannot_delete_self"));
        }
        let path = TreePath::parse(&m.node_path)?;
        app_user::Entity::delete_by_id(id).exec(txn).await?;
        work.record(Entry {
            action: "delete",
            record_type: "user",
            record_id: Some(id.to_string()),
            node: m.node_id.map(|n| (n, &path)),
            before: Some(user_json(&m)),
            after: None,
        })
        .await?;
        work.commit().await?;
        Ok(())
    }

    // ---- assignments ----

    async fn assignment_views(&self, rows: Vec<assignment::Model>) -> Result<Vec<AssignmentView>> {
        let nodes = node_names(self.s.db, rows.iter().filter_map(|r| r.node_id).collect()).await?;
        let user_ids: Vec<i64> = rows.iter().map(|r| r.user_id).collect();
        let role_ids: Vec<i64> = rows.iter().map(|r| r.role_id).collect();
        let users: HashMap<i64, String> = if user_ids.is_empty() {
            HashMap::new()
        } else {
            app_user::Entity::find()
                .select_only()
                .column(app_user::Column::Id)
                .column(app_user::Column::Username)
                .filter(app_user::Column::Id.is_in(user_ids))
                .into_tuple::<(i64, String)>()
                .all(self.s.db)
                .await?
                .into_iter()
                .collect()
        };
        let roles: HashMap<i64, String> = if role_ids.is_empty() {
            HashMap::new()
        } else {
            role::Entity::find()
                .filter(role::Column::Id.is_in(role_ids))
                .all(self.s.db)
                .await?
                .into_iter()
                .map(|r| (r.id, r.name))
                .collect()
        };
        Ok(rows
            .into_iter()
            .map(|a| AssignmentView {
                id: a.id,
                user_id: a.user_id,
                username: users.get(&a.user_id).cloned().unwrap_or_default(),
                role_id: a.role_id,
                role_name: roles.get(&a.role_id).cloned().unwrap_or_default(),
                node_id: a.node_id,
                node_name: a.node_id.and_then(|n| nodes.get(&n).cloned()),
                created_at: a.created_at,
            })
            .collect())
    }

    /// Assignments whose subtree lies in the caller's `user.read` scope.
    pub async fn assignments(
        &self,
        f: &AssignmentFilter,
        page: PageRequest,
    ) -> Result<Page<AssignmentView>> {
        let scopes = self.s.scopes(Permission::UserRead)?;
        let mut q =
            assignment::Entity::find().filter(within_any(assignment::Column::NodePath, &scopes));
        if let Some(u) = f.user {
            self.get(u).await?;
            q = q.filter(assignment::Column::UserId.eq(u));
        }
        if let Some(r) = f.role {
            q = q.filter(assignment::Column::RoleId.eq(r));
        }
        if let Some(under) = f.under {
            let p = self
                .s
                .orgs()
                .path_of_readable(under, Permission::UserRead)
                .await?;
            q = q.filter(within(assignment::Column::NodePath, &p));
        }
        let order = |q: sea_orm::Select<assignment::Entity>| {
            q.order_by_asc(assignment::Column::NodePath)
                .order_by_asc(assignment::Column::Id)
        };
        let mut p = fetch_page(self.s.db, q, order, page).await?;
        let rows = std::mem::take(&mut p.items);
        Ok(p.with_items(self.assignment_views(rows).await?))
    }

    /// Gives `user` the role over `node`'s subtree (whole tree when `None`); the caller must
    /// hold `user.write` and every permission of the role there.
    pub async fn assign(
        &self,
        user_id: i64,
        role_id: i64,
        node_id: Option<i64>,
    ) -> Result<AssignmentView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let target = Self::load(txn, user_id).await?;
        self.s.require(
            Permission::UserWrite,
            Permission::UserRead,
            &TreePath::parse(&target.node_path)?,
        )?;
        let role = role::Entity::find_by_id(role_id)
            .one(txn)
            .await?
            .ok_or_else(|| StorageError::field("role_id", "err.role_missing"))?;
        let perms = parse_permissions(&role.permissions.split(',').collect::<Vec<_>>())?;
        let path = match node_id {
            Some(n) => {
                let node = org_node::Entity::find_by_id(n).one(txn).await?;
                let node =
                    node.ok_or_else(|| StorageError::field("node_id", "err.node_missing"))?;
                let p = TreePath::parse(&node.path)?;
                if !self.s.actor.can(Permission::UserRead, &p)
                    && !self.s.actor.can(Permission::OrgRead, &p)
                {
                    return Err(StorageError::field("node_id", "err.node_missing"));
                }
                p
            }
            None => TreePath::everything(),
        };
        if !self.s.actor.grants.can_grant(&perms, &path) {
            return Err(StorageError::Refused("rule.grant_exceeds_own"));
        }
        let dup = assignment::Entity::find()
            .filter(assignment::Column::UserId.eq(user_id))
            .filter(assignment::Column::RoleId.eq(role_id))
            .filter(assignment::Column::NodePath.eq(path.as_str()))
            .count(txn)
            .await?;
        if dup > 0 {
            return Err(StorageError::conflict("role_id", "err.assignment_exists"));
        }
        let a = assignment::ActiveModel {
            user_id: Set(user_id),
            role_id: Set(role_id),
            node_id: Set(node_id),
            node_path: Set(path.as_str().to_string()),
            created_at: Set(now_ms()),
            created_by: Set(self.s.actor.user_id),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        work.record(Entry {
            action: "grant",
            record_type: "assignment",
            record_id: Some(a.id.to_string()),
            node: node_id.map(|n| (n, &path)),
            before: None,
            after: Some(json!({"user": target.username, "role": role.name, "node_id": node_id})),
        })
        .await?;
        work.commit().await?;
        Ok(self.assignment_views(vec![a]).await?.remove(0))
    }

    /// Takes an assignment back; the caller must be able to have granted it.
    pub async fn unassign(&self, assignment_id: i64) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let a = assignment::Entity::find_by_id(assignment_id)
            .one(txn)
            .await?
            .ok_or(StorageError::NotFound)?;
        let path = TreePath::parse(&a.node_path)?;
        self.s
            .require(Permission::UserWrite, Permission::UserRead, &path)?;
        let role = role::Entity::find_by_id(a.role_id)
            .one(txn)
            .await?
            .ok_or(StorageError::NotFound)?;
        let perms = parse_permissions(&role.permissions.split(',').collect::<Vec<_>>())?;
        if !self.s.actor.grants.can_grant(&perms, &path) {
            return Err(StorageError::Forbidden);
        }
        assignment::Entity::delete_by_id(assignment_id)
            .exec(txn)
            .await?;
        work.record(Entry {
            action: "revoke",
            record_type: "assignment",
            record_id: Some(assignment_id.to_string()),
            node: a.node_id.map(|n| (n, &path)),
            before: Some(json!({"user_id": a.user_id, "role": role.name, "node_id": a.node_id})),
            after: None,
        })
        .await?;
        work.commit().await?;
        Ok(())
    }
}

fn user_json(m: &app_user::Model) -> serde_json::Value {
    json!({
        "username": m.username, "display_name": m.display_name, "node_id": m.node_id,
        "status": m.status, "locale": m.locale, "person_id": m.person_id,
    })
}

/// The area's repositories, reached from the caller's scoped handle.
impl<'a> crate::Scoped<'a> {
    pub fn users(self) -> UserRepo<'a> {
        UserRepo { s: self }
    }
}
