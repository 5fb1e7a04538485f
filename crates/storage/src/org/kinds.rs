//! Organization kinds (组织类型) and the rules of which kind may sit under which, kept on the
//! dictionary handle. Everyone signed in reads them; changing them needs `dict.manage` over
//! the whole tree. A kind in use, or a built-in one, is never deleted.

use super::OrgKind;
use crate::audit::Entry;
use crate::dict::DictRepo;
use crate::entity::{org_kind, org_kind_rule, org_node};
use crate::kit::work::Work;
use crate::{Result, StorageError};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder,
};
use serde_json::json;
use touyan_domain::dict::KindDraft;
use touyan_domain::org::{parse_kind_list, KindRules};

impl From<org_kind::Model> for OrgKind {
    fn from(k: org_kind::Model) -> Self {
        OrgKind {
            code: k.code,
            name: k.name_zh,
            name_en: k.name_en,
            sort_order: k.sort_order,
            builtin: k.builtin,
            children: vec![],
        }
    }
}

fn kind_json(k: &org_kind::Model) -> serde_json::Value {
    json!({"code": k.code, "name_zh": k.name_zh, "name_en": k.name_en, "sort_order": k.sort_order})
}

impl DictRepo<'_> {
    /// The kinds in dictionary order, each with the kinds allowed directly under it.
    pub async fn kinds(&self) -> Result<Vec<OrgKind>> {
        let rows = org_kind::Entity::find()
            .order_by_asc(org_kind::Column::SortOrder)
            .order_by_asc(org_kind::Column::Code)
            .all(self.s.db)
            .await?;
        let rules = kind_rules(self.s.db).await?;
        Ok(rows
            .into_iter()
            .map(|k| {
                let children = rules.children_of(&k.code);
                OrgKind {
                    children,
                    ..k.into()
                }
            })
            .collect())
    }

    pub async fn create_kind(&self, d: KindDraft, links: KindLinks) -> Result<OrgKind> {
        self.require_manage()?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        if org_kind::Entity::find_by_id(d.code.clone())
            .one(txn)
            .await?
            .is_some()
        {
            return Err(StorageError::conflict("code", "err.code_taken"));
        }
        let m = org_kind::ActiveModel {
            code: Set(d.code),
            name_zh: Set(d.name_zh),
            name_en: Set(d.name_en),
            sort_order: Set(d.sort_order),
            builtin: Set(false),
        }
        .insert(txn)
        .await?;
        self.relink(&work, &m.code, links).await?;
        work.record(Entry {
            action: "create",
            record_type: "org_kind",
            record_id: Some(m.code.clone()),
            node: None,
            before: None,
            after: Some(kind_json(&m)),
        })
        .await?;
        let children = kind_rules(txn).await?.children_of(&m.code);
        work.commit().await?;
        Ok(OrgKind {
            children,
            ..m.into()
        })
    }

    /// Renames or re-orders a kind; its code never changes (records refer to it).
    pub async fn update_kind(&self, code: &str, d: KindDraft, links: KindLinks) -> Result<OrgKind> {
        self.require_manage()?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let m = org_kind::Entity::find_by_id(code.to_string())
            .one(txn)
            .await?
            .ok_or(StorageError::NotFound)?;
        let before = kind_json(&m);
        let mut am: org_kind::ActiveModel = m.into();
        am.name_zh = Set(d.name_zh);
        am.name_en = Set(d.name_en);
        am.sort_order = Set(d.sort_order);
        let after = am.update(txn).await?;
        self.relink(&work, code, links).await?;
        work.record(Entry {
            action: "update",
            record_type: "org_kind",
            record_id: Some(code.to_string()),
            node: None,
            before: Some(before),
            after: Some(kind_json(&after)),
        })
        .await?;
        let children = kind_rules(txn).await?.children_of(code);
        work.commit().await?;
        Ok(OrgKind {
            children,
            ..after.into()
        })
    }

    pub async fn delete_kind(&self, code: &str) -> Result<()> {
        self.require_manage()?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let m = org_kind::Entity::find_by_id(code.to_string())
            .one(txn)
            .await?
            .ok_or(StorageError::NotFound)?;
        if m.builtin {
            return Err(StorageError::Refused("rule.builtin_kind"));
        }
        if org_node::Entity::find()
            .filter(org_node::Column::Kind.eq(code))
            .count(txn)
            .await?
            > 0
        {
            return Err(StorageError::Refused("rule.kind_in_use"));
        }
        // Its rules go with it (the foreign keys cascade too, where they are enforced).
        org_kind_rule::Entity::delete_many()
            .filter(
                sea_orm::Condition::any()
                    .add(org_kind_rule::Column::ParentKind.eq(code))
                    .add(org_kind_rule::Column::ChildKind.eq(code)),
            )
            .exec(txn)
            .await?;
        org_kind::Entity::delete_by_id(code.to_string())
            .exec(txn)
            .await?;
        work.record(Entry {
            action: "delete",
            record_type: "org_kind",
            record_id: Some(code.to_string()),
            node: None,
            before: Some(kind_json(&m)),
            after: None,
        })
        .await?;
        work.commit().await?;
        Ok(())
    }
}

pub use touyan_domain::org::KindLinks;

/// Every allowed (parent kind, child kind) pair.
pub(crate) async fn kind_rules<C: ConnectionTrait>(conn: &C) -> Result<KindRules> {
    let rows = org_kind_rule::Entity::find().all(conn).await?;
    Ok(KindRules::new(
        rows.into_iter().map(|r| (r.parent_kind, r.child_kind)),
    ))
}

/// How many nodes sit under a parent of kind `parent` with kind `child`.
async fn pair_in_use<C: ConnectionTrait>(conn: &C, parent: &str, child: &str) -> Result<bool> {
    let st = crate::kit::sql::stmt(
        conn.get_database_backend(),
        "SELECT COUNT(*) AS n FROM org_node c JOIN org_node p ON p.id = c.parent_id \
         WHERE p.kind = ? AND c.kind = ?",
        vec![parent.into(), child.into()],
    );
    let n: i64 = match conn.query_one(st).await? {
        Some(row) => row.try_get("", "n")?,
        None => 0,
    };
    Ok(n > 0)
}

impl DictRepo<'_> {
    /// The allowed (parent kind, child kind) pairs; everyone signed in reads them.
    pub async fn kind_rules(&self) -> Result<KindRules> {
        kind_rules(self.s.db).await
    }

    /// Replaces the kinds allowed under `code` and/or above it, inside the caller's write.
    /// A pair that nodes in the tree still use is not removed (the tree would break its own
    /// rules); the change is audited as one entry for the kind.
    async fn relink(&self, work: &Work<'_>, code: &str, links: KindLinks) -> Result<()> {
        let txn = work.txn();
        if links.parents.is_none() && links.children.is_none() {
            return Ok(());
        }
        let known: Vec<String> = org_kind::Entity::find()
            .all(txn)
            .await?
            .into_iter()
            .map(|k| k.code)
            .collect();
        let rules = kind_rules(txn).await?;
        let old_children = rules.children_of(code);
        let old_parents: Vec<String> = known
            .iter()
            .filter(|k| rules.allows(k, code))
            .cloned()
            .collect();
        // Each side: (field, old list, new list, makes a pair from the kind on the other end).
        let mut sides: Vec<(&str, Vec<String>, Vec<String>, bool)> = vec![];
        if let Some(p) = &links.parents {
            let new = parse_kind_list("parents", p, &known)?;
            sides.push(("parents", old_parents.clone(), new, true));
        }
        if let Some(c) = &links.children {
            let new = parse_kind_list("children", c, &known)?;
            sides.push(("children", old_children.clone(), new, false));
        }
        let pair = |other: &str, is_parent: bool| {
            if is_parent {
                (other.to_string(), code.to_string())
            } else {
                (code.to_string(), other.to_string())
            }
        };
        for (field, old, new, is_parent) in &sides {
            for gone in old.iter().filter(|o| !new.contains(o)) {
                let (p, c) = pair(gone, *is_parent);
                if pair_in_use(txn, &p, &c).await? {
                    return Err(StorageError::conflict(field, "orgrule.rule_in_use"));
                }
                org_kind_rule::Entity::delete_by_id((p, c))
                    .exec(txn)
                    .await?;
            }
            for added in new.iter().filter(|n| !old.contains(n)) {
                let (p, c) = pair(added, *is_parent);
                if org_kind_rule::Entity::find_by_id((p.clone(), c.clone()))
                    .one(txn)
                    .await?
                    .is_none()
                {
                    org_kind_rule::ActiveModel {
                        parent_kind: Set(p),
                        child_kind: Set(c),
                    }
                    .insert(txn)
                    .await?;
                }
            }
        }
        let after = kind_rules(txn).await?;
        let new_children = after.children_of(code);
        let new_parents: Vec<String> = known
            .iter()
            .filter(|k| after.allows(k, code))
            .cloned()
            .collect();
        if new_children == old_children && new_parents == old_parents {
            return Ok(());
        }
        work.record(Entry {
            action: "update",
            record_type: "org_kind_rule",
            record_id: Some(code.to_string()),
            node: None,
            before: Some(json!({"parents": old_parents, "children": old_children})),
            after: Some(json!({"parents": new_parents, "children": new_children})),
        })
        .await
    }
}
