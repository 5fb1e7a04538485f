//! Tables of mentorship (名师帮带) and training sessions (学习培训) inside studios.

/// A mentorship: a pair or a "1+5+N" group led by one mentor.
pub mod studio_mentorship {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "studio_mentorship")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub studio_id: i64,
        pub title: String,
        pub mentor_id: i64,
        /// `pair` or `group`.
        pub shape: String,
        pub started_on: Date,
        pub planned_end_on: Option<Date>,
        pub goals: String,
        pub plan: Option<String>,
        pub closed_on: Option<Date>,
        /// `excellent`, `good`, `pass` or `fail`, once closed.
        pub grade: Option<String>,
        pub closing_comment: Option<String>,
        pub created_at: i64,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// One apprentice of a mentorship, with their tier (`core` or `other`).
pub mod studio_mentorship_apprentice {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "studio_mentorship_apprentice")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub mentorship_id: i64,
        pub person_id: i64,
        pub tier: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A session record of a mentorship.
pub mod studio_mentorship_session {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "studio_mentorship_session")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub mentorship_id: i64,
        pub held_on: Date,
        pub content: String,
        /// Hours in tenths (15 is 1.5 hours).
        pub hours_tenths: i32,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Something an apprentice achieved through a mentorship.
pub mod studio_mentorship_outcome {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "studio_mentorship_outcome")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub mentorship_id: i64,
        pub person_id: i64,
        /// `promoted`, `certified`, `subproject` or `award`.
        pub kind: String,
        pub achieved_on: Date,
        pub description: String,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A training session of a studio; `shared` ones are methods its alliances see.
pub mod studio_training {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "studio_training")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub studio_id: i64,
        pub topic: String,
        pub held_on: Date,
        pub expected: i32,
        pub attended: i32,
        pub place: Option<String>,
        pub summary: Option<String>,
        pub shared: bool,
        pub created_at: i64,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
