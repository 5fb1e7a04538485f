use sea_orm::entity::prelude::*;

/// An honour (荣誉称号) awarded to a person.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "honour")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub person_id: i64,
    pub title: String,
    pub level: String,
    pub awarded_on: Date,
    pub awarding_node_id: Option<i64>,
    pub note: Option<String>,
    /// The holder's node path.
    pub node_path: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
