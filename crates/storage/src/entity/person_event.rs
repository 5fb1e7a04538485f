use sea_orm::entity::prelude::*;

/// One dated step of the development pipeline, as recorded.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "person_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub person_id: i64,
    pub step: String,
    pub on_date: Date,
    pub from_status: String,
    pub to_status: String,
    pub months: Option<i32>,
    /// The quota an admission used.
    pub quota_id: Option<i64>,
    pub note: Option<String>,
    /// The person's node path, so counts under a subtree need no join.
    pub node_path: String,
    pub actor_name: String,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
