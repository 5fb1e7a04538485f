//! Tables of the studio achievement records.

pub mod studio_achievement {
    use sea_orm::entity::prelude::*;

    /// An achievement (成果) of a studio.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "studio_achievement")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub studio_id: i64,
        /// An achievement kind code (`invention_patent`, `award`, ...).
        pub kind: String,
        pub title: String,
        /// Patent application number, normalized (`200310102344.5`).
        pub application_no: Option<String>,
        /// Grant or publication number (`CN 1234567 B`).
        pub grant_no: Option<String>,
        /// Software copyright registration number (`2019SR0123456`).
        pub registration_no: Option<String>,
        pub level: Option<String>,
        pub rank: Option<String>,
        pub achieved_on: Date,
        /// The year of `achieved_on`, kept for grouping.
        pub year: i32,
        pub note: Option<String>,
        /// Shared with the studio's alliances.
        pub shared: bool,
        /// Listed on the studio's public page.
        pub public: bool,
        pub created_at: i64,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod studio_achievement_contributor {
    use sea_orm::entity::prelude::*;

    /// A person named on an achievement, in the order of the record.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "studio_achievement_contributor")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub achievement_id: i64,
        pub person_id: i64,
        pub position: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
