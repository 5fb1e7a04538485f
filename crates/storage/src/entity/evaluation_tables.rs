//! Evaluation: rubrics, their versions and indicators, rounds, the organizations they assess,
//! the scores and the evidence. Every row keeps a node path: a rubric's or round's own node,
//! and for targets, scores and evidence the organization assessed.

pub mod rubric {
    use sea_orm::entity::prelude::*;

    /// A rubric (评分细则) owned by a node; its indicators live in its versions.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "rubric")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub node_id: i64,
        pub node_path: String,
        pub name: String,
        #[sea_orm(column_type = "Text", nullable)]
        pub description: Option<String>,
        /// The template it was copied from, if any.
        pub template: Option<String>,
        pub latest_version: i32,
        pub created_by: String,
        pub created_at: i64,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod rubric_version {
    use sea_orm::entity::prelude::*;

    /// A version of a rubric; frozen once a round uses it.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "rubric_version")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub rubric_id: i64,
        pub node_path: String,
        pub version: i32,
        pub frozen: bool,
        pub base_hundredths: i64,
        pub created_by: String,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod rubric_indicator {
    use sea_orm::entity::prelude::*;

    /// An indicator of a rubric version, in its tree (`parent_id`, `position`).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "rubric_indicator")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub version_id: i64,
        pub node_path: String,
        pub parent_id: Option<i64>,
        pub position: i32,
        pub title: String,
        /// `scored`, `bonus`, `deduction`, `veto` or `automatic`.
        pub kind: String,
        pub max_hundredths: i64,
        /// Has children; not scored itself.
        pub section: bool,
        pub department_id: Option<i64>,
        pub figure: Option<String>,
        pub full_at: Option<i64>,
        pub evidence_required: bool,
        /// The guidance per score level, as a JSON list of [hundredths, text].
        #[sea_orm(column_type = "Text", nullable)]
        pub guidance: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod round {
    use sea_orm::entity::prelude::*;

    /// An evaluation round a node runs against one rubric version for a period.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "round")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub node_id: i64,
        pub node_path: String,
        pub rubric_id: i64,
        pub version_id: i64,
        pub title: String,
        /// `2026`, `2026H1`, `2026Q3`.
        pub period: String,
        /// See `touyan_domain::evaluation::RoundState`.
        pub state: String,
        pub reopen_reason: Option<String>,
        pub published_at: Option<i64>,
        /// `organizations` or `studios` (see `touyan_domain::evaluation::Subject`).
        pub subject: String,
        /// Every organization of `selector_kinds` (codes separated by commas) under this
        /// node, when the targets were chosen so.
        pub selector_node_id: Option<i64>,
        pub selector_kinds: Option<String>,
        /// A studio round's rules, in hundredths (see
        /// `touyan_domain::evaluation::StudioRules`).
        pub demonstration_at: Option<i64>,
        pub warned_below: Option<i64>,
        pub delisted_below: Option<i64>,
        pub created_by: String,
        pub created_at: i64,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod round_target {
    use sea_orm::entity::prelude::*;

    /// An organization a round assesses, with its totals in hundredths (kept after each
    /// score; `final_total` set on publication).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "round_target")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub round_id: i64,
        pub node_id: i64,
        pub node_path: String,
        pub self_total: Option<i64>,
        pub review_total: Option<i64>,
        pub vetoed: bool,
        pub final_total: Option<i64>,
        /// In a studio round, the studio assessed (hosted at the node) and its name then.
        pub studio_id: Option<i64>,
        pub studio_name: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod round_score {
    use sea_orm::entity::prelude::*;

    /// The scores of one organization on one indicator: its own and the department's, and
    /// for an automatic indicator the figure read (key, query, value, moment).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "round_score")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub round_id: i64,
        pub target_id: i64,
        pub indicator_id: i64,
        pub node_path: String,
        pub self_score: Option<i64>,
        pub self_note: Option<String>,
        pub reviewer_score: Option<i64>,
        pub reviewer_note: Option<String>,
        pub reviewer_id: Option<i64>,
        pub reviewer_name: Option<String>,
        pub figure_key: Option<String>,
        pub figure_params: Option<String>,
        pub figure_numerator: Option<i64>,
        pub figure_denominator: Option<i64>,
        pub figure_read_at: Option<i64>,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod round_evidence {
    use sea_orm::entity::prelude::*;

    /// Evidence for a score: a link to an existing record (kind and id) or a URL.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "round_evidence")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub round_id: i64,
        pub target_id: i64,
        pub indicator_id: i64,
        pub node_path: String,
        pub kind: String,
        pub record_id: Option<i64>,
        pub label: String,
        pub url: Option<String>,
        pub created_by: String,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod round_file {
    use sea_orm::entity::prelude::*;

    /// A file uploaded as evidence on an item of an organization's sheet, by the
    /// organization (`side` self) or a department (`review`); the bytes are in the file
    /// store under `storage_key`.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "round_file")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub round_id: i64,
        pub target_id: i64,
        pub indicator_id: i64,
        pub node_path: String,
        pub side: String,
        pub file_name: String,
        pub content_type: String,
        pub size: i64,
        pub storage_key: String,
        pub user_id: Option<i64>,
        pub created_by: String,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
