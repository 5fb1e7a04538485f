use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "org_node")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub parent_id: Option<i64>,
    /// Materialized path `/root/.../self/`; see `touyan_domain::tree::TreePath`.
    pub path: String,
    pub depth: i32,
    pub name: String,
    /// The name's pinyin initials and whole pinyin (`touyan_domain::spell`), for the picker.
    pub spell: String,
    pub kind: String,
    pub code: Option<String>,
    pub sort_order: i32,
    pub status: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
