//! Campaigns: the campaign, its targets, the values kept by hand, the daily history of each
//! target, and its milestones. Every row keeps its campaign's node path.

pub mod campaign {
    use sea_orm::entity::prelude::*;

    /// A campaign (专项行动) a node runs.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "campaign")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub node_id: i64,
        pub node_path: String,
        pub name: String,
        #[sea_orm(column_type = "Text", nullable)]
        pub description: Option<String>,
        pub start_on: Date,
        pub end_on: Date,
        /// `draft`, `active` or `closed`.
        pub status: String,
        pub created_by: String,
        pub created_at: i64,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod campaign_target {
    use sea_orm::entity::prelude::*;

    /// A measurable target of a campaign: a count or a rate, from a baseline to a goal, read
    /// from a live figure (`figure`) or kept by hand.
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "campaign_target")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub campaign_id: i64,
        pub node_path: String,
        pub name: String,
        /// `count` or `rate`.
        pub kind: String,
        pub baseline: f64,
        pub goal: f64,
        pub due_on: Date,
        pub figure: Option<String>,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod campaign_value {
    use sea_orm::entity::prelude::*;

    /// A value of a target kept by hand, as of a day.
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "campaign_value")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub target_id: i64,
        pub campaign_id: i64,
        pub node_path: String,
        pub on_day: Date,
        pub value: f64,
        pub note: Option<String>,
        pub recorded_by: String,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod campaign_snapshot {
    use sea_orm::entity::prelude::*;

    /// A target's value on a day: its progress history.
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "campaign_snapshot")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub target_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub day: Date,
        pub campaign_id: i64,
        pub node_path: String,
        pub value: f64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod campaign_milestone {
    use sea_orm::entity::prelude::*;

    /// A milestone of a campaign, and once reached, when and its evidence.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "campaign_milestone")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub campaign_id: i64,
        pub node_path: String,
        pub name: String,
        pub due_on: Date,
        pub done_on: Option<Date>,
        pub evidence_note: Option<String>,
        pub evidence_link: Option<String>,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod campaign_task {
    use sea_orm::entity::prelude::*;

    /// A work-list task (工作清单) issued for a campaign, linked to it; the task itself is
    /// read through the list of areas.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "campaign_task")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub campaign_id: i64,
        pub node_path: String,
        pub task_id: i64,
        pub linked_by: String,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod campaign_file {
    use sea_orm::entity::prelude::*;

    /// A file given as evidence of a milestone, its bytes in the file store.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "campaign_file")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub milestone_id: i64,
        pub campaign_id: i64,
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
