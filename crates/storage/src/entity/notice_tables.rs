//! Notifications and the calendar feeds' tokens, each a user's own.

pub mod notice {
    use sea_orm::entity::prelude::*;

    /// Something that happened for a user to see: its text is the translation of `kind`
    /// with `args` (a JSON object of strings) filled in, in the reader's language.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "notice")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub user_id: i64,
        /// A translation key, e.g. `task.notice_issued`.
        pub kind: String,
        /// A path of the site: the record the notification is about.
        pub link: String,
        #[sea_orm(column_type = "Text")]
        pub args: String,
        pub created_at: i64,
        pub read_at: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod notice_feed {
    use sea_orm::entity::prelude::*;

    /// A user's calendar feed: the SHA-256 of the secret in its address. At most one live
    /// per user; issuing again revokes the one before.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "notice_feed")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub user_id: i64,
        pub token_hash: String,
        /// The first characters of the secret, to tell feeds apart.
        pub prefix: String,
        pub created_at: i64,
        pub last_used_at: Option<i64>,
        pub revoked_at: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
