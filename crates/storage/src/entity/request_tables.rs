//! Tables of the service requests (诉求工单).

pub mod request_category {
    use sea_orm::entity::prelude::*;

    /// A request category with its default handling unit and time limits.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "request_category")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub code: String,
        pub name_zh: String,
        pub name_en: String,
        pub default_node_id: Option<i64>,
        pub accept_hours: i32,
        pub reply_days: i32,
        pub follow_up_days: i32,
        pub reopen_days: i32,
        pub red_after_hours: Option<i32>,
        pub sort_order: i32,
        pub active: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod service_request {
    use sea_orm::entity::prelude::*;

    /// A service request, filed under its location node, its dispatching unit and (once
    /// dispatched) its handling unit.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "service_request")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub code: String,
        pub channel: String,
        pub category: String,
        pub urgency: String,
        pub node_id: i64,
        pub node_path: String,
        pub dispatcher_node_id: i64,
        pub dispatcher_path: String,
        pub handling_node_id: Option<i64>,
        pub handling_path: Option<String>,
        pub address: Option<String>,
        pub description: String,
        pub contact_name: Option<String>,
        pub contact_phone: Option<String>,
        pub hotline_no: Option<String>,
        pub enterprise_name: Option<String>,
        pub visit_id: Option<i64>,
        pub state: String,
        pub round: i32,
        pub pending_extension_days: Option<i32>,
        pub rated_this_round: bool,
        pub rating: Option<String>,
        pub solved: Option<bool>,
        /// The timed step running now (`accept`, `reply`), if any.
        pub step: Option<String>,
        pub step_started_at: Option<i64>,
        pub step_due_at: Option<i64>,
        pub follow_up_due_at: Option<i64>,
        /// The highest card the request holds now (`yellow`, `red`).
        pub card: Option<String>,
        pub created_by: Option<i64>,
        pub created_at: i64,
        pub received_at: Option<i64>,
        pub dispatched_at: Option<i64>,
        pub accepted_at: Option<i64>,
        pub accepted_in_time: Option<bool>,
        pub replied_at: Option<i64>,
        pub replied_in_time: Option<bool>,
        pub closed_at: Option<i64>,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod request_event {
    use sea_orm::entity::prelude::*;

    /// One action on a request: who, when, what, and whether the complainant sees it.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "request_event")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub request_id: i64,
        pub round: i32,
        pub action: String,
        pub from_state: Option<String>,
        pub to_state: String,
        pub role: String,
        pub user_id: Option<i64>,
        pub actor_name: String,
        pub node_id: Option<i64>,
        pub note: Option<String>,
        /// JSON of what the action carried (days, rating, solved, ...).
        pub detail: Option<String>,
        pub public: bool,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod request_card {
    use sea_orm::entity::prelude::*;

    /// A supervision card (督办) raised on a step that ran over its time.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "request_card")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub request_id: i64,
        pub round: i32,
        pub step: String,
        pub colour: String,
        pub due_at: i64,
        pub raised_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod request_file {
    use sea_orm::entity::prelude::*;

    /// A photo or evidence file of a request.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "request_file")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub request_id: i64,
        pub event_id: Option<i64>,
        pub file_name: String,
        pub content_type: String,
        pub size: i64,
        pub storage_key: String,
        /// Shown on the public tracking page (the complainant's own photos).
        pub public: bool,
        pub user_id: Option<i64>,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod visit {
    use sea_orm::entity::prelude::*;

    /// An enterprise or household visit (走访); each problem found becomes a request.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "visit")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub node_id: i64,
        pub node_path: String,
        /// `enterprise` or `household`.
        pub kind: String,
        pub visited_on: Date,
        pub visitor_name: String,
        pub visitor_person_id: Option<i64>,
        pub household: Option<String>,
        pub notes: Option<String>,
        pub problems: i32,
        pub user_id: Option<i64>,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod request_reach {
    use sea_orm::entity::prelude::*;

    /// One node from which a request is seen (see `touyan_domain::request::reach`), with the
    /// request's creation time and category copied so that a scoped page and its total are
    /// read from one index.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "request_reach")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub request_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub node_id: i64,
        pub created_at: i64,
        pub category: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "super::service_request::Entity",
            from = "Column::RequestId",
            to = "super::service_request::Column::Id"
        )]
        Request,
    }

    impl ActiveModelBehavior for ActiveModel {}
}
