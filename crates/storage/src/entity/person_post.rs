use sea_orm::entity::prelude::*;

/// A post (职务) held by a person at a node, which need not be the person's own.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "person_post")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub person_id: i64,
    /// Code in the `post` dictionary.
    pub post_code: String,
    pub node_id: i64,
    pub node_path: String,
    pub start_on: Date,
    pub end_on: Option<Date>,
    pub note: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
