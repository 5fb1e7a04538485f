//! Dictionaries (字典): the general ones (`post`, `studio_kind`) kept here, and the handle the
//! organization area adds its kinds to (`org::kinds`). Everyone signed in reads them; changing
//! them needs `dict.manage` over the whole tree. An entry in use, or a built-in one, is never
//! deleted: each area says whether it uses an entry (its manifest's `uses_entry`).

use crate::audit::Entry;
use crate::entity::{dict_entry, org_kind};
use crate::kit::work::Work;
use crate::{Result, Scoped, StorageError};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde_json::json;
use touyan_domain::access::Permission;
use touyan_domain::dict::KindDraft;

pub struct DictRepo<'a> {
    pub(crate) s: Scoped<'a>,
}

/// An entry of a general dictionary (`post`, ...), as the API shows it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct DictEntry {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub sort_order: i32,
    pub builtin: bool,
}

impl From<dict_entry::Model> for DictEntry {
    fn from(e: dict_entry::Model) -> Self {
        DictEntry {
            code: e.code,
            name: e.name_zh,
            name_en: e.name_en,
            sort_order: e.sort_order,
            builtin: e.builtin,
        }
    }
}

/// The general dictionaries; `delete_entry` knows how to tell whether an entry is in use.
pub const DICTS: [&str; 3] = ["post", "studio_kind", "activity_type"];

fn entry_json(e: &dict_entry::Model) -> serde_json::Value {
    json!({"dict": e.dict, "code": e.code, "name_zh": e.name_zh, "name_en": e.name_en, "sort_order": e.sort_order})
}

impl DictRepo<'_> {
    pub(crate) fn require_manage(&self) -> Result<()> {
        if self.s.actor.grants.allows_global(Permission::DictManage) {
            Ok(())
        } else {
            Err(StorageError::Forbidden)
        }
    }

    fn known(dict: &str) -> Result<()> {
        if DICTS.contains(&dict) {
            Ok(())
        } else {
            Err(StorageError::NotFound)
        }
    }

    /// The organization kinds' names in dictionary order, for showing a node's kind.
    pub async fn kind_names(&self) -> Result<Vec<DictEntry>> {
        let rows = org_kind::Entity::find()
            .order_by_asc(org_kind::Column::SortOrder)
            .order_by_asc(org_kind::Column::Code)
            .all(self.s.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|k| DictEntry {
                code: k.code,
                name: k.name_zh,
                name_en: k.name_en,
                sort_order: k.sort_order,
                builtin: k.builtin,
            })
            .collect())
    }

    pub async fn entries(&self, dict: &str) -> Result<Vec<DictEntry>> {
        Self::known(dict)?;
        let rows = dict_entry::Entity::find()
            .filter(dict_entry::Column::Dict.eq(dict))
            .order_by_asc(dict_entry::Column::SortOrder)
            .order_by_asc(dict_entry::Column::Code)
            .all(self.s.db)
            .await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    async fn entry<C: sea_orm::ConnectionTrait>(
        conn: &C,
        dict: &str,
        code: &str,
    ) -> Result<dict_entry::Model> {
        dict_entry::Entity::find_by_id((dict.to_string(), code.to_string()))
            .one(conn)
            .await?
            .ok_or(StorageError::NotFound)
    }

    async fn entry_audit(
        &self,
        work: &Work<'_>,
        action: &str,
        before: Option<&dict_entry::Model>,
        after: Option<&dict_entry::Model>,
    ) -> Result<()> {
        let code = after.or(before).map(|e| format!("{}:{}", e.dict, e.code));
        work.record(Entry {
            action,
            record_type: "dict_entry",
            record_id: code,
            node: None,
            before: before.map(entry_json),
            after: after.map(entry_json),
        })
        .await
    }

    pub async fn create_entry(&self, dict: &str, d: KindDraft) -> Result<DictEntry> {
        Self::known(dict)?;
        self.require_manage()?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        if Self::entry(txn, dict, &d.code).await.is_ok() {
            return Err(StorageError::conflict("code", "err.code_taken"));
        }
        let m = dict_entry::ActiveModel {
            dict: Set(dict.to_string()),
            code: Set(d.code),
            name_zh: Set(d.name_zh),
            name_en: Set(d.name_en),
            sort_order: Set(d.sort_order),
            builtin: Set(false),
        }
        .insert(txn)
        .await?;
        self.entry_audit(&work, "create", None, Some(&m)).await?;
        work.commit().await?;
        Ok(m.into())
    }

    pub async fn update_entry(&self, dict: &str, code: &str, d: KindDraft) -> Result<DictEntry> {
        Self::known(dict)?;
        self.require_manage()?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let m = Self::entry(txn, dict, code).await?;
        let mut am: dict_entry::ActiveModel = m.clone().into();
        am.name_zh = Set(d.name_zh);
        am.name_en = Set(d.name_en);
        am.sort_order = Set(d.sort_order);
        let after = am.update(txn).await?;
        self.entry_audit(&work, "update", Some(&m), Some(&after))
            .await?;
        work.commit().await?;
        Ok(after.into())
    }

    pub async fn delete_entry(&self, dict: &str, code: &str) -> Result<()> {
        Self::known(dict)?;
        self.require_manage()?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let m = Self::entry(txn, dict, code).await?;
        if m.builtin {
            return Err(StorageError::Refused("rule.builtin_entry"));
        }
        let mut used = 0;
        for check in crate::areas::AREAS.iter().filter_map(|a| a.uses_entry) {
            used += check(txn, dict, code).await?;
        }
        if used > 0 {
            return Err(StorageError::Refused("rule.entry_in_use"));
        }
        dict_entry::Entity::delete_by_id((dict.to_string(), code.to_string()))
            .exec(txn)
            .await?;
        self.entry_audit(&work, "delete", Some(&m), None).await?;
        work.commit().await?;
        Ok(())
    }
}

/// The area's repositories, reached from the caller's scoped handle.
impl<'a> crate::Scoped<'a> {
    pub fn dict(self) -> DictRepo<'a> {
        DictRepo { s: self }
    }
}
