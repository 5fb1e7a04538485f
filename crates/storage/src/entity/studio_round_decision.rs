use sea_orm::entity::prelude::*;

/// What was done with the move a published studio round proposed for a studio: `accepted`
/// (the lifecycle move `move_id` made) or `rejected` with a reason.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "studio_round_decision")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub studio_id: i64,
    pub round_id: i64,
    pub round_title: String,
    /// The state proposed: `demonstration`, `warned` or `delisted`.
    pub proposal: String,
    /// `accepted` or `rejected`.
    pub decision: String,
    pub document_no: Option<String>,
    pub reason: Option<String>,
    pub move_id: Option<i64>,
    pub user_id: Option<i64>,
    pub user_name: String,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
