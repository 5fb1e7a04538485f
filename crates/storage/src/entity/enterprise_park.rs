//! A park's profile (园区台账), beside the enterprise ledger.

use sea_orm::entity::prelude::*;

/// A park node's profile. Its key is the node's.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "enterprise_park")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub node_id: i64,
    pub node_path: String,
    /// `national`, `provincial`, `municipal` or `district`.
    pub level: String,
    /// One of the area's key parks (重点园区).
    pub key_park: bool,
    pub operator: Option<String>,
    pub address: Option<String>,
    pub area_m2: Option<i64>,
    /// The park's party organization filed elsewhere in the party line.
    pub committee_node_id: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
