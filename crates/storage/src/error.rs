use touyan_domain::{DomainError, FieldErrors};

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// Missing, or outside the caller's scope: the two are never told apart.
    #[error("not found")]
    NotFound,
    /// The record is visible but the caller may not do this to it.
    #[error("forbidden")]
    Forbidden,
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// A rule refused the change; the key names the rule for the user.
    #[error("refused by {0}")]
    Refused(&'static str),
    /// A value that must be unique is taken; (field, message key).
    #[error("conflict on {0}")]
    Conflict(String, String),
    #[error("the database URL must start with sqlite:// or postgres://")]
    BadUrl,
    #[error("database error")]
    Db(#[from] sea_orm::DbErr),
    #[error("file store: {0}")]
    Files(#[from] std::io::Error),
    /// The rows of an import stopped coming before the end of their file.
    #[error("the rows of an import stopped before the end of the file")]
    InputCut,
    #[error("password hashing failed: {0}")]
    Hash(String),
    /// Too many attempts, or too many password checks under way; retry after so many seconds.
    #[error("too many attempts; retry after {0} s")]
    Throttled(i64),
    /// A write recorded no change for the audit log and did not say why (a fault of the code).
    #[error("a write recorded no change for the audit log")]
    Unaudited,
}

impl From<DomainError> for StorageError {
    fn from(e: DomainError) -> Self {
        match e {
            DomainError::Invalid(fe) => StorageError::Invalid(fe),
            DomainError::Refused(k) => StorageError::Refused(k),
        }
    }
}

impl StorageError {
    pub fn field(field: &str, key: &str) -> Self {
        let mut fe = FieldErrors::new();
        fe.add(field, key);
        StorageError::Invalid(fe)
    }
    pub fn conflict(field: &str, key: &str) -> Self {
        StorageError::Conflict(field.to_string(), key.to_string())
    }
}
