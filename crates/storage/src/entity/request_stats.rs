//! Maintained aggregates of service requests (migration `m0009_request_stats`). The counter
//! tables `request_stat` and `request_stat_handler` are read and written with plain SQL (an
//! upsert that adds to the counters); see `request::stats`.

/// What one request adds to the counters now.
pub mod mark {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "request_stat_mark")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub request_id: i64,
        pub day: i32,
        pub category: String,
        pub channel: String,
        pub node_path: String,
        pub handling_node_id: Option<i64>,
        pub handling_path: Option<String>,
        /// The request's outcomes as bits (see `request::stats`).
        pub flags: i32,
        /// The earliest due time running (step or follow-up); none when no clock runs.
        pub due_at: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
