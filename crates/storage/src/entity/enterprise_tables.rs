//! The enterprise ledger: one profile per enterprise node, and its revenue by year.

pub mod enterprise {
    use sea_orm::entity::prelude::*;

    /// An enterprise node's profile (台账). Its key is the node's.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "enterprise")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub node_id: i64,
        pub node_path: String,
        pub credit_code: String,
        pub legal_rep: Option<String>,
        pub industry: Option<String>,
        pub size: Option<String>,
        pub employees: Option<i64>,
        pub founded_on: Option<Date>,
        pub address: Option<String>,
        /// `operating`, `moved_out` or `closed`.
        pub status: String,
        pub status_on: Option<Date>,
        /// `joint` or `incubation` when such a branch covers it.
        pub cover: Option<String>,
        pub created_at: i64,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod enterprise_revenue {
    use sea_orm::entity::prelude::*;

    /// One year's 营业收入 of an enterprise, in fen.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "enterprise_revenue")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub node_id: i64,
        pub year: i32,
        pub amount_fen: i64,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
