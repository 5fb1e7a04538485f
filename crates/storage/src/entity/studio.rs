use sea_orm::entity::prelude::*;

/// A studio (工作室), filed under its host node.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "studio")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub level: String,
    pub demonstration: bool,
    pub node_id: i64,
    pub node_path: String,
    pub leader_id: Option<i64>,
    pub field: Option<String>,
    pub plaque_on: Option<Date>,
    pub description: Option<String>,
    pub state: String,
    pub slug: Option<String>,
    pub public: bool,
    pub photo_id: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
