//! What a spreadsheet import answers, whatever it imports: the rows taken, or every problem
//! found, by row and field; and the marked copy of a refused file, kept a day for its
//! uploader.

use crate::{now_ms, Result, Scoped, StorageError};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

/// One problem: spreadsheet row, the field it concerns and a translation key (which may
/// carry `|name=value` arguments).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub row: u32,
    pub field: String,
    pub key: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    Imported(u64),
    Refused(Vec<RowError>),
}

/// Keeps the marked copy of a refused import for its uploader; answers the token that
/// fetches it. Copies older than a day are dropped on the way.
pub async fn keep_report(s: &Scoped<'_>, filename: &str, content: Vec<u8>) -> Result<String> {
    use crate::entity::import_report;
    let now = now_ms();
    import_report::Entity::delete_many()
        .filter(import_report::Column::CreatedAt.lt(now - 24 * 3600 * 1000))
        .exec(s.db)
        .await?;
    let token = hex::encode(rand::random::<[u8; 16]>());
    import_report::ActiveModel {
        token: Set(token.clone()),
        user_id: Set(s.actor.user_id),
        filename: Set(filename.to_string()),
        content: Set(content),
        created_at: Set(now),
    }
    .insert(s.db)
    .await?;
    Ok(token)
}

/// A kept report, only for the account that uploaded the file.
pub async fn fetch_report(s: &Scoped<'_>, token: &str) -> Result<(String, Vec<u8>)> {
    use crate::entity::import_report;
    let m = import_report::Entity::find_by_id(token.to_string())
        .one(s.db)
        .await?
        .filter(|m| m.user_id == s.actor.user_id && m.created_at > now_ms() - 24 * 3600 * 1000)
        .ok_or(StorageError::NotFound)?;
    Ok((m.filename, m.content))
}
