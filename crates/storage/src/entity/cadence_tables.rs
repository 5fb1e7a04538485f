//! The work cadence: obligations, activity records, their attendance and the kept counts.

pub mod cadence_obligation {
    use sea_orm::entity::prelude::*;

    /// Organizations of some kinds hold an activity type at least so often, everywhere
    /// (`node_id` none, path `/`) or in a node's subtree.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "cadence_obligation")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub node_id: Option<i64>,
        pub node_path: String,
        /// Organization-kind codes joined by commas.
        pub kinds: String,
        pub activity_type: String,
        /// `month`, `quarter`, `half_year` or `year`.
        pub cycle: String,
        pub min_count: i32,
        /// `MM-DD`.
        pub due: Option<String>,
        pub builtin: bool,
        pub created_at: i64,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod cadence_activity {
    use sea_orm::entity::prelude::*;

    /// A meeting, lecture or other activity an organization held, with its attendance
    /// counts against the roster of that day.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "cadence_activity")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub node_id: i64,
        pub node_path: String,
        /// Activity-type codes joined by commas.
        pub types: String,
        /// Beijing time.
        pub held_at: DateTime,
        pub held_on: Date,
        pub place: Option<String>,
        /// The service centre it was held at.
        pub centre_id: Option<i64>,
        pub host: Option<String>,
        pub recorder: Option<String>,
        pub lecturer: Option<String>,
        pub topic: String,
        #[sea_orm(column_type = "Text", nullable)]
        pub minutes: Option<String>,
        pub expected: i64,
        pub present: i64,
        pub on_leave: i64,
        pub absent: i64,
        /// Entered after the month it was held in had ended.
        pub late: bool,
        pub recorded_on: Date,
        pub recorded_by: String,
        pub created_at: i64,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod cadence_attendance {
    use sea_orm::entity::prelude::*;

    /// One person of the roster of an activity's day: present, on leave (with the reason)
    /// or absent.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "cadence_attendance")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub activity_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub person_id: i64,
        pub person_name: String,
        pub status: String,
        pub reason: Option<String>,
        pub node_path: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod cadence_count {
    use sea_orm::entity::prelude::*;

    /// How many activities of a type an organization held on a day (`n`), and how many of
    /// them were entered late.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "cadence_count")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub node_id: i64,
        pub node_path: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub activity_type: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub held_on: Date,
        pub n: i64,
        pub late: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod cadence_signin {
    use sea_orm::entity::prelude::*;

    /// The open sign-in code of an activity and until when it holds (ms since the epoch).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "cadence_signin")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub activity_id: i64,
        pub code: String,
        pub expires_at: i64,
        pub opened_by: String,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod cadence_file {
    use sea_orm::entity::prelude::*;

    /// A photo or file of an activity record, its bytes in the file store.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "cadence_file")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub activity_id: i64,
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

pub mod cadence_change {
    use sea_orm::entity::prelude::*;

    /// A request to change a locked activity record: the values proposed (the update's input
    /// as JSON), why, and a superior's decision.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "cadence_change")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub activity_id: i64,
        /// The path of the organization that held the activity.
        pub node_path: String,
        #[sea_orm(column_type = "Text")]
        pub proposed: String,
        pub reason: String,
        /// `pending`, `approved`, `rejected` or `withdrawn`.
        pub state: String,
        /// The account that asked.
        pub asked_by: Option<i64>,
        pub asked_by_name: String,
        /// Milliseconds since the epoch (UTC).
        pub asked_at: i64,
        pub decided_by: Option<String>,
        pub decided_at: Option<i64>,
        pub decision_note: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
