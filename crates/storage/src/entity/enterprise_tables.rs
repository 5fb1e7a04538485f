//! The enterprise ledger: one profile per enterprise node, and its revenue by year.

pub mod enterprise {
    use sea_orm::entity::prelude::*;

    /// An enterprise node's profile (台账). Its key is the node's.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "enterprise")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub node_id: i64,
        pub node_path: String,
        pub credit_code: String,
        pub legal_rep: Option<String>,
        pub industry: Option<String>,
        pub size: Option<String>,
        pub employees: Option<i64>,
        pub founded_on: Option<Date>,
        pub address: Option<String>,
        /// `operating`, `moved_out` or `closed`.
        pub status: String,
        pub status_on: Option<Date>,
        /// `joint` or `incubation` when such a branch covers it.
        pub cover: Option<String>,
        pub created_at: i64,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod enterprise_revenue {
    use sea_orm::entity::prelude::*;

    /// One year's 营业收入 of an enterprise, in fen.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "enterprise_revenue")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub node_id: i64,
        pub year: i32,
        pub amount_fen: i64,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod enterprise_link {
    use sea_orm::entity::prelude::*;

    /// A party organization that is an enterprise's own (filed elsewhere in the tree) or
    /// covers it, from a day until a day; `outcome` says how it ended (`graduated`, `ended`).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "enterprise_link")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub node_id: i64,
        pub node_path: String,
        /// `own`, `joint` or `incubation`.
        pub kind: String,
        pub org_node_id: i64,
        pub org_path: String,
        pub from_on: Date,
        pub until_on: Option<Date>,
        pub outcome: Option<String>,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod chain_member {
    use sea_orm::entity::prelude::*;

    /// An enterprise's membership of an industrial-chain party committee (一链一党委).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "chain_member")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub chain_node_id: i64,
        pub chain_path: String,
        pub node_id: i64,
        pub node_path: String,
        pub joined_on: Date,
        pub left_on: Option<Date>,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod instructor_assignment {
    use sea_orm::entity::prelude::*;

    /// A party-building instructor (党建工作指导员, a person) sent to an enterprise.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "instructor_assignment")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub person_id: i64,
        pub node_id: i64,
        pub node_path: String,
        pub from_on: Date,
        pub until_on: Option<Date>,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod guidance_team {
    use sea_orm::entity::prelude::*;

    /// A guidance team (指导团) formed at a node.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "guidance_team")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub node_id: i64,
        pub node_path: String,
        pub name: String,
        pub created_at: i64,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod guidance_team_member {
    use sea_orm::entity::prelude::*;

    /// A member of a guidance team with the rank (`county`, `section`, `other`).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "guidance_team_member")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub team_id: i64,
        pub person_id: i64,
        pub rank: String,
        pub duty: Option<String>,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod enterprise_census {
    use sea_orm::entity::prelude::*;

    /// One enterprise's figures in one year's census (起底).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "enterprise_census")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub node_id: i64,
        pub node_path: String,
        pub year: i32,
        /// Operating status on the day the census was taken.
        pub status: String,
        /// Party status on that day.
        pub party: String,
        pub employees: Option<i64>,
        pub members: i64,
        pub revenue_fen: Option<i64>,
        /// The park corrected the figures taken.
        pub filled: bool,
        pub taken_at: i64,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod enterprise_mark {
    use sea_orm::entity::prelude::*;

    /// An enterprise's party-building figures as the records give them, kept up to date by
    /// every change of those records; coverage is summed from these rows.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "enterprise_mark")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub node_id: i64,
        pub node_path: String,
        pub operating: bool,
        /// The derived party status code.
        pub party: String,
        pub members: i64,
        pub full_members: i64,
        /// Three or more full members and no organization of its own.
        pub breaking: bool,
        pub industry: Option<String>,
        pub size: Option<String>,
        /// Party organizations of its own (under it, or filed elsewhere and linked).
        pub own_organizations: i64,
        /// The chain committees it was counted under as a current member (their node ids,
        /// sorted, separated by commas; `touyan_domain::enterprise::tally::chains_text`).
        pub chains: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod enterprise_count {
    use sea_orm::entity::prelude::*;

    /// The operating enterprises under a node (node 0: the whole forest) of one party
    /// status, in all or of one industry section or size, with their members and how many
    /// break the rule of three; kept by every change of the marks.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "enterprise_count")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub node_id: i64,
        /// `""` for all, `industry:<section>`, `size:<code>`, `chain:<chain node id>` or
        /// `chain:*` (`touyan_domain::enterprise::tally`).
        #[sea_orm(primary_key, auto_increment = false)]
        pub dim: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub party: String,
        pub n: i64,
        pub members: i64,
        pub breaking: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
