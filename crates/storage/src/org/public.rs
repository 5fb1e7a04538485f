//! The public page of an organization (`/p/orgs/{id}`), readable without signing in: only an
//! active organization of a kind some area shows anything for is found (a party branch that
//! is given stars, say), and only its name, kind, superior's name and what the areas make
//! public leave.

use crate::entity::{org_kind, org_node};
use crate::kit::area::PublicSection;
use crate::{Result, StorageError, Store};
use sea_orm::EntityTrait;

/// An organization as its public page shows it.
#[derive(Debug, Clone)]
pub struct PublicOrg {
    pub id: i64,
    pub name: String,
    pub kind: String,
    /// The kind's name in Chinese and in English.
    pub kind_name: String,
    pub kind_name_en: String,
    /// The superior's name (none at a root).
    pub superior: Option<String>,
    /// What the areas show, in the list's order.
    pub sections: Vec<PublicSection>,
}

impl Store {
    /// An organization's public page, or NotFound for a missing, disabled or other-kind one.
    pub async fn public_org(&self, id: i64) -> Result<PublicOrg> {
        let db = self.raw_connection();
        let n = org_node::Entity::find_by_id(id)
            .one(db)
            .await?
            .filter(|n| n.status == "active" && crate::areas::public_kind(&n.kind))
            .ok_or(StorageError::NotFound)?;
        let superior = match n.parent_id {
            Some(p) => org_node::Entity::find_by_id(p)
                .one(db)
                .await?
                .map(|p| p.name),
            None => None,
        };
        let kind = org_kind::Entity::find_by_id(n.kind.clone()).one(db).await?;
        let sections = crate::areas::public_facts(db, n.id, &n.kind).await?;
        Ok(PublicOrg {
            id: n.id,
            kind_name: kind.as_ref().map(|k| k.name_zh.clone()).unwrap_or_default(),
            kind_name_en: kind.map(|k| k.name_en).unwrap_or_default(),
            name: n.name,
            kind: n.kind,
            superior,
            sections,
        })
    }
}

/// Whether organizations of kind `kind` have a public page (some area shows something there).
pub fn has_public_page(kind: &str) -> bool {
    crate::areas::public_kind(kind)
}
