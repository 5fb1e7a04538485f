//! The public page of a centre (`/p/centres/{id}`), readable without signing in: only an open
//! centre is found, and only what a visitor needs leaves — name, kind, host, address,
//! opening hours, facilities, phone and the enterprises it serves.

use crate::entity::centre_tables::{centre, centre_enterprise};
use crate::entity::org_node;
use crate::kit::sql::node_names;
use crate::{Result, StorageError, Store};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use touyan_domain::centre::split_codes;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicCentre {
    pub id: i64,
    pub name: String,
    pub kind: String,
    /// The host node's name.
    pub host: String,
    pub address: Option<String>,
    pub hours: Option<String>,
    pub facilities: Vec<String>,
    pub phone: Option<String>,
    /// The names of the enterprises it serves.
    pub enterprises: Vec<String>,
}

impl Store {
    /// An open centre's public page, or NotFound for a closed or missing one.
    pub async fn public_centre(&self, id: i64) -> Result<PublicCentre> {
        let db = self.raw_connection();
        let m = centre::Entity::find_by_id(id)
            .filter(centre::Column::Status.eq("open"))
            .one(db)
            .await?
            .ok_or(StorageError::NotFound)?;
        let host = org_node::Entity::find_by_id(m.node_id)
            .one(db)
            .await?
            .map(|n| n.name)
            .unwrap_or_default();
        let links = centre_enterprise::Entity::find()
            .filter(centre_enterprise::Column::CentreId.eq(id))
            .order_by_asc(centre_enterprise::Column::NodePath)
            .all(db)
            .await?;
        let ids: Vec<i64> = links.iter().map(|l| l.node_id).collect();
        let names = node_names(db, ids.clone()).await?;
        Ok(PublicCentre {
            id: m.id,
            name: m.name,
            kind: m.kind,
            host,
            address: m.address,
            hours: m.hours,
            facilities: split_codes(&m.facilities),
            phone: m.phone,
            enterprises: ids.iter().filter_map(|i| names.get(i).cloned()).collect(),
        })
    }
}
