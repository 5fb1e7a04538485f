use sea_orm::entity::prelude::*;

/// One allowed (parent kind, child kind) pair of the organization tree.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "org_kind_rule")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub parent_kind: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub child_kind: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
