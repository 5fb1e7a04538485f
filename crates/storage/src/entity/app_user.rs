use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "app_user")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    /// Home node; NULL for accounts that belong to the whole tree.
    pub node_id: Option<i64>,
    /// Copy of the home node's path (`/` when none), kept in step by moves.
    pub node_path: String,
    pub status: String,
    pub locale: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub last_login_at: Option<i64>,
    /// The person this account is, when linked (a studio leader's "my studio").
    pub person_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
