//! Tables of the studio activity records: office hours, questions, projects (with team,
//! stage history, milestones and benefit), evaluations and support.

pub mod studio_office_hour {
    use sea_orm::entity::prelude::*;

    /// A weekly time when someone of the studio is in to answer questions (驻室答疑).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "studio_office_hour")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub studio_id: i64,
        /// 1 (Monday) to 7 (Sunday).
        pub weekday: i32,
        /// `HH:MM`.
        pub starts: String,
        pub ends: String,
        pub place: String,
        pub host_id: Option<i64>,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod studio_question {
    use sea_orm::entity::prelude::*;

    /// A question put to a studio, and its answer once given.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "studio_question")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub studio_id: i64,
        pub asker_user_id: Option<i64>,
        pub asker_name: String,
        pub title: String,
        pub body: Option<String>,
        pub asked_at: i64,
        pub answer: Option<String>,
        /// The person (a member or the leader) who answered.
        pub answerer_id: Option<i64>,
        /// The account that recorded the answer.
        pub answered_by_user: Option<i64>,
        pub answered_at: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod studio_project {
    use sea_orm::entity::prelude::*;

    /// An incubated project (项目孵化).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "studio_project")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub studio_id: i64,
        pub title: String,
        pub description: Option<String>,
        /// `idea`, `project`, `result` or `benefit`.
        pub stage: String,
        pub started_on: Date,
        /// When the project reached its stage.
        pub stage_on: Date,
        pub investment_fen: i64,
        /// Shared with the studio's alliances.
        pub shared: bool,
        pub created_at: i64,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod studio_project_member {
    use sea_orm::entity::prelude::*;

    /// A person on a project's team.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "studio_project_member")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub project_id: i64,
        pub person_id: i64,
        pub role: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod studio_project_stage {
    use sea_orm::entity::prelude::*;

    /// One stage move of a project.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "studio_project_stage")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub project_id: i64,
        pub from_stage: Option<String>,
        pub to_stage: String,
        pub moved_on: Date,
        pub note: Option<String>,
        pub user_id: Option<i64>,
        pub user_name: String,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod studio_project_milestone {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "studio_project_milestone")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub project_id: i64,
        pub title: String,
        pub due_on: Date,
        pub done_on: Option<Date>,
        pub created_at: i64,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod studio_project_benefit {
    use sea_orm::entity::prelude::*;

    /// One year's economic benefit of a project: 增收 and 节支, in fen.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "studio_project_benefit")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub project_id: i64,
        pub year: i32,
        pub revenue_fen: i64,
        pub saving_fen: i64,
        pub note: Option<String>,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod studio_evaluation {
    use sea_orm::entity::prelude::*;

    /// A studio's assessment result for one period (考核评价).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "studio_evaluation")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub studio_id: i64,
        pub period: String,
        pub evaluated_on: Date,
        pub score_tenths: i32,
        pub grade: String,
        pub override_reason: Option<String>,
        pub document_no: Option<String>,
        pub comment: Option<String>,
        pub user_id: Option<i64>,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod studio_support {
    use sea_orm::entity::prelude::*;

    /// Funding, a reward or material a studio received (激励保障).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "studio_support")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub studio_id: i64,
        /// `funding`, `reward` or `material`.
        pub kind: String,
        pub amount_fen: Option<i64>,
        pub received_on: Date,
        pub source: String,
        pub note: Option<String>,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
