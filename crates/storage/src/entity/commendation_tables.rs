//! Commendations: the notice a node issues, the organizations and the people it commends.

pub mod commendation {
    use sea_orm::entity::prelude::*;

    /// A commendation (通报表扬) issued by a node.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "commendation")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub node_id: i64,
        pub node_path: String,
        /// The published evaluation round it follows.
        pub round_id: Option<i64>,
        pub title: String,
        /// The document number (文号).
        pub doc_number: String,
        pub issued_on: Date,
        /// The level of the honours recorded.
        pub level: String,
        /// `draft`, `issued` or `revoked`.
        pub state: String,
        pub revoke_reason: Option<String>,
        pub revoked_on: Option<Date>,
        pub created_by: String,
        pub created_at: i64,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod commendation_org {
    use sea_orm::entity::prelude::*;

    /// An organization a commendation names, with its honour; filed under the
    /// organization's path, so that its page lists what it received.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "commendation_org")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub commendation_id: i64,
        pub node_id: i64,
        pub node_path: String,
        pub honour: String,
        /// The order in the notice.
        pub position: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod commendation_person {
    use sea_orm::entity::prelude::*;

    /// A person a commendation names, with the honour, the name and node as written in the
    /// notice, and the honour recorded in the ledger once issued.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "commendation_person")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub commendation_id: i64,
        pub person_id: i64,
        pub person_name: String,
        pub person_node_id: i64,
        pub honour: String,
        pub position: i32,
        /// The honour of the honours ledger recorded on issue.
        pub honour_id: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
