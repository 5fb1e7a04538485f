use sea_orm::entity::prelude::*;

/// One entry of a general dictionary (`dict` names it: `post`, ...).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "dict_entry")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub dict: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub sort_order: i32,
    pub builtin: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
