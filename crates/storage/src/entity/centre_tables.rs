//! Party-mass service centres and stations, and the enterprises each serves.

pub mod centre {
    use sea_orm::entity::prelude::*;

    /// A 党群服务中心 or 共享式党群服务站, filed under its host node's path.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "centre")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        /// The host node.
        pub node_id: i64,
        pub node_path: String,
        pub name: String,
        /// `centre` or `station`.
        pub kind: String,
        pub address: Option<String>,
        /// Facility codes joined by commas.
        pub facilities: String,
        pub hours: Option<String>,
        pub phone: Option<String>,
        pub area_m2: Option<i64>,
        pub opened_on: Option<Date>,
        /// `open` or `closed`.
        pub status: String,
        pub closed_on: Option<Date>,
        pub created_at: i64,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod centre_enterprise {
    use sea_orm::entity::prelude::*;

    /// An enterprise node a centre serves, with that node's path.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "centre_enterprise")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub centre_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub node_id: i64,
        pub node_path: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
