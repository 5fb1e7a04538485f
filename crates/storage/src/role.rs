//! Roles: named sets of permissions, shared by the whole tree. Anyone who may read users
//! somewhere may read the role list; changing it needs `role.manage` over the whole tree.

use crate::audit::Entry;
use crate::entity::{assignment, role};
use crate::kit::work::Work;
use crate::{fetch_page, now_ms, Page, Result, Scoped, StorageError};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use serde::Serialize;
use serde_json::json;
use touyan_domain::access::{parse_permissions, Permission, PermissionSet};
use touyan_domain::paging::PageRequest;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RoleView {
    pub id: i64,
    pub code: Option<String>,
    pub name: String,
    pub description: String,
    pub permissions: Vec<String>,
    pub builtin: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

impl From<role::Model> for RoleView {
    fn from(m: role::Model) -> Self {
        RoleView {
            id: m.id,
            code: m.code,
            name: m.name,
            description: m.description,
            permissions: m
                .permissions
                .split(',')
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
            builtin: m.builtin,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

/// The validated content of a role form.
pub struct RoleDraft {
    pub name: String,
    pub description: String,
    pub permissions: PermissionSet,
}

impl RoleDraft {
    pub fn parse(name: &str, description: &str, permissions: &[String]) -> Result<RoleDraft> {
        let mut fe = touyan_domain::FieldErrors::new();
        let name = name.trim();
        if name.is_empty() {
            fe.add("name", "err.required");
        } else if name.chars().count() > 50 {
            fe.add("name", "err.too_long_50");
        }
        if description.chars().count() > 500 {
            fe.add("description", "err.too_long_500");
        }
        let perms = fe.check("permissions", parse_permissions(permissions));
        fe.into_result()?;
        Ok(RoleDraft {
            name: name.into(),
            description: description.trim().into(),
            permissions: perms.unwrap(),
        })
    }
}

pub struct RoleRepo<'a> {
    pub(crate) s: Scoped<'a>,
}

fn perm_string(p: &PermissionSet) -> String {
    p.iter().map(|p| p.code()).collect::<Vec<_>>().join(",")
}

impl RoleRepo<'_> {
    fn can_read(&self) -> bool {
        !self.s.actor.grants.scopes(Permission::UserRead).is_empty()
            || self.s.actor.grants.allows_global(Permission::RoleManage)
    }

    fn require_manage(&self) -> Result<()> {
        if self.s.actor.grants.allows_global(Permission::RoleManage) {
            Ok(())
        } else if self.can_read() {
            Err(StorageError::Forbidden)
        } else {
            Err(StorageError::NotFound)
        }
    }

    pub async fn list(&self, q: Option<&str>, page: PageRequest) -> Result<Page<RoleView>> {
        if !self.can_read() {
            return Err(StorageError::NotFound);
        }
        let mut sel = role::Entity::find();
        if let Some(t) = q.map(str::trim).filter(|t| !t.is_empty()) {
            sel = sel.filter(crate::kit::sql::like_expr(role::Column::Name, t));
        }
        let order = |q: sea_orm::Select<role::Entity>| {
            q.order_by_desc(role::Column::Builtin)
                .order_by_asc(role::Column::Id)
        };
        Ok(fetch_page(self.s.db, sel, order, page)
            .await?
            .map(Into::into))
    }

    /// Every role (for choosing one in a form).
    pub async fn all(&self) -> Result<Vec<RoleView>> {
        if !self.can_read() {
            return Ok(vec![]);
        }
        let rows = role::Entity::find()
            .order_by_desc(role::Column::Builtin)
            .order_by_asc(role::Column::Id)
            .all(self.s.db)
            .await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    pub async fn get(&self, id: i64) -> Result<RoleView> {
        if !self.can_read() {
            return Err(StorageError::NotFound);
        }
        Ok(role::Entity::find_by_id(id)
            .one(self.s.db)
            .await?
            .ok_or(StorageError::NotFound)?
            .into())
    }

    async fn name_taken<C: sea_orm::ConnectionTrait>(
        conn: &C,
        name: &str,
        except: Option<i64>,
    ) -> Result<bool> {
        let mut q = role::Entity::find().filter(role::Column::Name.eq(name));
        if let Some(id) = except {
            q = q.filter(role::Column::Id.ne(id));
        }
        Ok(q.count(conn).await? > 0)
    }

    pub async fn create(&self, d: RoleDraft) -> Result<RoleView> {
        self.require_manage()?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        if Self::name_taken(txn, &d.name, None).await? {
            return Err(StorageError::conflict("name", "err.name_taken"));
        }
        let now = now_ms();
        let m = role::ActiveModel {
            code: Set(None),
            name: Set(d.name),
            description: Set(d.description),
            permissions: Set(perm_string(&d.permissions)),
            builtin: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        let v: RoleView = m.into();
        work.record(Entry {
            action: "create",
            record_type: "role",
            record_id: Some(v.id.to_string()),
            node: None,
            before: None,
            after: Some(json!({"name": v.name, "permissions": v.permissions})),
        })
        .await?;
        work.commit().await?;
        Ok(v)
    }

    pub async fn update(&self, id: i64, d: RoleDraft) -> Result<RoleView> {
        self.require_manage()?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let m = role::Entity::find_by_id(id)
            .one(txn)
            .await?
            .ok_or(StorageError::NotFound)?;
        if m.builtin {
            return Err(StorageError::Refused("rule.builtin_role"));
        }
        if Self::name_taken(txn, &d.name, Some(id)).await? {
            return Err(StorageError::conflict("name", "err.name_taken"));
        }
        let before: RoleView = m.clone().into();
        let mut am: role::ActiveModel = m.into();
        am.name = Set(d.name);
        am.description = Set(d.description);
        am.permissions = Set(perm_string(&d.permissions));
        am.updated_at = Set(now_ms());
        let after: RoleView = am.update(txn).await?.into();
        work.record(Entry {
            action: "update",
            record_type: "role",
            record_id: Some(id.to_string()),
            node: None,
            before: Some(json!({"name": before.name, "permissions": before.permissions})),
            after: Some(json!({"name": after.name, "permissions": after.permissions})),
        })
        .await?;
        work.commit().await?;
        Ok(after)
    }

    pub async fn delete(&self, id: i64) -> Result<()> {
        self.require_manage()?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let m = role::Entity::find_by_id(id)
            .one(txn)
            .await?
            .ok_or(StorageError::NotFound)?;
        if m.builtin {
            return Err(StorageError::Refused("rule.builtin_role"));
        }
        if assignment::Entity::find()
            .filter(assignment::Column::RoleId.eq(id))
            .count(txn)
            .await?
            > 0
        {
            return Err(StorageError::Refused("rule.role_in_use"));
        }
        role::Entity::delete_by_id(id).exec(txn).await?;
        work.record(Entry {
            action: "delete",
            record_type: "role",
            record_id: Some(id.to_string()),
            node: None,
            before: Some(json!({"name": m.name, "permissions": m.permissions})),
            after: None,
        })
        .await?;
        work.commit().await?;
        Ok(())
    }

    /// Looks a role up by its built-in code (for the command line and demo data).
    pub async fn by_code(&self, code: &str) -> Result<RoleView> {
        Ok(role::Entity::find()
            .filter(role::Column::Code.eq(code))
            .one(self.s.db)
            .await?
            .ok_or(StorageError::NotFound)?
            .into())
    }
}

/// Brings the built-in roles up to this version's permission list, creating missing ones: run
/// at every start-up after the migrations, so that no migration depends on the list a later
/// version has. A custom role that took a built-in role's name keeps it (the built-in one is
/// then not created).
pub(crate) async fn sync_builtin<C: sea_orm::ConnectionTrait>(db: &C) -> Result<()> {
    use sea_orm::{ActiveModelTrait, EntityTrait, Set};
    let now = now_ms();
    let stored = role::Entity::find().all(db).await?;
    for r in touyan_domain::access::BUILTIN_ROLES.iter() {
        let perms: Vec<&str> = r.permissions.iter().map(|p| p.code()).collect();
        let perms = perms.join(",");
        let taken = stored
            .iter()
            .any(|m| m.code.as_deref() == Some(r.code) || m.name == r.name);
        if !taken {
            role::ActiveModel {
                code: Set(Some(r.code.to_string())),
                name: Set(r.name.to_string()),
                description: Set(String::new()),
                permissions: Set(perms),
                builtin: Set(true),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?;
            continue;
        }
        let outdated = stored
            .iter()
            .filter(|m| m.builtin && m.code.as_deref() == Some(r.code) && m.permissions != perms);
        for m in outdated {
            let mut am: role::ActiveModel = m.clone().into();
            am.permissions = Set(perms.clone());
            am.update(db).await?;
        }
    }
    Ok(())
}

/// The area's repositories, reached from the caller's scoped handle.
impl<'a> crate::Scoped<'a> {
    pub fn roles(self) -> RoleRepo<'a> {
        RoleRepo { s: self }
    }
}
