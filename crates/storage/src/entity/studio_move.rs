use sea_orm::entity::prelude::*;

/// One lifecycle move of a studio: who, when, why.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "studio_move")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub studio_id: i64,
    /// None for the application that created the studio.
    pub from_state: Option<String>,
    pub to_state: String,
    pub moved_on: Date,
    pub reason: String,
    pub document_no: Option<String>,
    pub evaluation_id: Option<i64>,
    pub user_id: Option<i64>,
    pub user_name: String,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
