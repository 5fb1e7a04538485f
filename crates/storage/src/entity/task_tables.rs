//! Work lists: tasks, their recipients, the kept counts per ancestor node, reminders and
//! files.

pub mod task {
    use sea_orm::entity::prelude::*;

    /// A task a node issued to nodes below it.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "task")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        /// The issuing node.
        pub node_id: i64,
        pub node_path: String,
        pub title: String,
        #[sea_orm(column_type = "Text", nullable)]
        pub body: Option<String>,
        /// Beijing time.
        pub due_at: DateTime,
        /// The feedback form as JSON (a list of label and kind).
        #[sea_orm(column_type = "Text")]
        pub fields: String,
        pub recipients: i64,
        pub issued_by: String,
        /// Beijing time.
        pub issued_at: DateTime,
        pub created_at: i64,
        pub updated_at: i64,
        /// When its issuer withdrew it (Beijing time), by whom and why.
        pub withdrawn_at: Option<DateTime>,
        pub withdrawn_by: Option<String>,
        #[sea_orm(column_type = "Text", nullable)]
        pub withdraw_reason: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod task_recipient {
    use sea_orm::entity::prelude::*;

    /// One node a task was issued to, and where it stands.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "task_recipient")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub task_id: i64,
        pub node_id: i64,
        pub node_path: String,
        /// `issued`, `received`, `submitted`, `returned` or `accepted`.
        pub state: String,
        pub received_at: Option<DateTime>,
        pub submitted_at: Option<DateTime>,
        /// Last submitted after the due moment.
        pub late: bool,
        /// The answers as JSON (label, kind, value).
        #[sea_orm(column_type = "Text", nullable)]
        pub answers: Option<String>,
        #[sea_orm(column_type = "Text", nullable)]
        pub note: Option<String>,
        pub return_reason: Option<String>,
        pub accepted_at: Option<DateTime>,
        pub reminders: i64,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod task_count {
    use sea_orm::entity::prelude::*;

    /// For a task and a node at or below the issuing node: how many recipients at or below
    /// the node, how many received, submitted, accepted, and accepted having submitted on
    /// time. Kept in the transaction of every step.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "task_count")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub task_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub node_id: i64,
        /// The node above on the way to the issuing node (none at the issuing node).
        pub parent_id: Option<i64>,
        pub node_path: String,
        pub total: i64,
        pub received: i64,
        pub submitted: i64,
        pub accepted: i64,
        pub on_time: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod task_reminder {
    use sea_orm::entity::prelude::*;

    /// A reminder (催办) sent to a recipient: when and by whom.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "task_reminder")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub task_id: i64,
        pub recipient_id: i64,
        pub node_path: String,
        pub reminded_by: String,
        pub user_id: Option<i64>,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod task_file {
    use sea_orm::entity::prelude::*;

    /// A file the issuer attached to a task (no recipient) or a recipient to its feedback.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "task_file")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub task_id: i64,
        pub recipient_id: Option<i64>,
        /// The issuing node's path, or the recipient's.
        pub node_path: String,
        pub file_name: String,
        pub content_type: String,
        pub size: i64,
        pub storage_key: String,
        pub user_id: Option<i64>,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
