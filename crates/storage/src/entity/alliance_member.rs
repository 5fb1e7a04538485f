use sea_orm::entity::prelude::*;

/// A studio's membership of an alliance; a studio that leaves keeps its row with `left_on`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "alliance_member")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub alliance_id: i64,
    pub studio_id: i64,
    pub joined_on: Date,
    pub left_on: Option<Date>,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
