//! Star ratings and the 红星津贴: rule sets per issuing node, ratings with their history and
//! objections, counts kept per node, period and star, amount tables, payout batches and
//! their lines. Every row keeps the path of the node it is filed under.

pub mod rating_rule {
    use sea_orm::entity::prelude::*;

    /// A node's rules for the stars of the organizations under it. Thresholds in hundredths
    /// of a point and caps in percent, per star (`_1` for 1★ … `_5` for 5★; none: not set).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "rating_rule")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub node_id: i64,
        pub node_path: String,
        pub threshold_1: Option<i64>,
        pub threshold_2: Option<i64>,
        pub threshold_3: Option<i64>,
        pub threshold_4: Option<i64>,
        pub threshold_5: Option<i64>,
        pub cap_1: Option<i32>,
        pub cap_2: Option<i32>,
        pub cap_3: Option<i32>,
        pub cap_4: Option<i32>,
        pub cap_5: Option<i32>,
        /// `at_most_one` or `unrated`.
        pub veto_policy: String,
        pub step_limit: bool,
        pub notice_days: i32,
        pub updated_by: String,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod rating {
    use sea_orm::entity::prelude::*;

    /// An organization's star for a period, from a published round's score or rated
    /// directly with a reason, under public notice until final.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "rating")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub node_id: i64,
        pub node_path: String,
        /// `2026`, `2026H1` or `2026Q3`.
        pub period: String,
        /// 1–5; none: unrated.
        pub star: Option<i32>,
        /// The round's score in hundredths (none for a direct rating).
        pub score: Option<i64>,
        pub vetoed: bool,
        /// The round it comes from; none for a direct rating.
        pub round_id: Option<i64>,
        /// The reason of a direct rating (直接定级).
        pub direct_reason: Option<String>,
        /// The step that gave the star: `score`, `step_limit`, `veto`, `cap`, `direct`.
        pub basis: String,
        /// `notice` or `final`.
        pub state: String,
        pub issued_on: Date,
        pub notice_ends_on: Date,
        /// The day since which the organization holds this star without a break.
        pub star_since: Date,
        pub issued_by_node_id: i64,
        pub created_by: String,
        pub created_at: i64,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod rating_move {
    use sea_orm::entity::prelude::*;

    /// A change of an organization's star (动态调整): from the star it held before to the
    /// one given for a period.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "rating_move")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub rating_id: i64,
        pub node_id: i64,
        pub node_path: String,
        pub period: String,
        pub from_star: Option<i32>,
        pub to_star: Option<i32>,
        pub basis: String,
        pub moved_on: Date,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod rating_objection {
    use sea_orm::entity::prelude::*;

    /// An objection raised against a rating during its notice, and its answer.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "rating_objection")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub rating_id: i64,
        pub node_path: String,
        #[sea_orm(column_type = "Text")]
        pub body: String,
        pub raised_by: String,
        pub raised_on: Date,
        #[sea_orm(column_type = "Text", nullable)]
        pub answer: Option<String>,
        pub answered_by: Option<String>,
        pub answered_on: Option<Date>,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod rating_count {
    use sea_orm::entity::prelude::*;

    /// How many organizations at or under a node hold a star (0: unrated) in a period, kept
    /// on every change so that a subtree's distribution is one read.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "rating_count")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub node_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub period: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub star: i32,
        pub node_path: String,
        pub count: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod allowance_amount {
    use sea_orm::entity::prelude::*;

    /// The 红星津贴 a node pays per worker for a star in a period, in fen.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "allowance_amount")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub node_id: i64,
        pub node_path: String,
        pub period: String,
        pub star: i32,
        pub amount_fen: i64,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod allowance_batch {
    use sea_orm::entity::prelude::*;

    /// A node's payout of a period: draft, approved, paid (then locked); a reversing batch
    /// names the batch it negates.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "allowance_batch")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub node_id: i64,
        pub node_path: String,
        pub period: String,
        /// `draft`, `approved` or `paid`.
        pub state: String,
        pub reverses_id: Option<i64>,
        pub total_fen: i64,
        pub lines: i64,
        pub created_by: String,
        pub approved_by: Option<String>,
        pub paid_on: Option<Date>,
        pub created_at: i64,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod allowance_line {
    use sea_orm::entity::prelude::*;

    /// A worker's payment in a batch: the organization, its star, the days in post and the
    /// amount in fen (negative in a reversing batch). The path is the batch's node's.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "allowance_line")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub batch_id: i64,
        pub node_path: String,
        pub person_id: i64,
        pub person_name: String,
        pub org_node_id: i64,
        pub star: Option<i32>,
        pub days: i64,
        pub amount_fen: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod allowance_payee {
    use sea_orm::entity::prelude::*;

    /// A party-affairs worker's bank account for the allowance, one per person. It is read and
    /// changed at the organizations where the person holds a party-affairs post, so it keeps
    /// no path of its own. The number is digits only and leaves masked except in the
    /// bank-transfer sheet.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "allowance_payee")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub person_id: i64,
        pub bank_name: String,
        pub holder: String,
        pub account_number: String,
        pub updated_by: String,
        pub created_at: i64,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
