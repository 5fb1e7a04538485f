//! What waits on a studio's keepers, for the workbench: the questions no one has answered yet,
//! per studio the caller keeps (holds `studio.write` over).

use crate::entity::activity_tables::studio_question;
use crate::entity::studio;
use crate::scope::within_any;
use crate::studio::studio_names;
use crate::{Result, Scoped, StorageError};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use touyan_domain::access::Permission;

/// One studio's open questions.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OpenQuestions {
    pub studio_id: i64,
    pub studio_name: String,
    pub open: u64,
}

/// The studios the caller keeps with questions still open, most first, at most `limit`.
pub async fn open_questions(s: Scoped<'_>, limit: u64) -> Result<Vec<OpenQuestions>> {
    let scopes = match s.scopes(Permission::StudioWrite) {
        Ok(scopes) => scopes,
        Err(StorageError::NotFound) => return Ok(vec![]),
        Err(e) => return Err(e),
    };
    let kept = Query::select()
        .column(studio::Column::Id)
        .from(studio::Entity)
        .cond_where(within_any(studio::Column::NodePath, &scopes))
        .to_owned();
    let rows: Vec<(i64, i64)> = studio_question::Entity::find()
        .select_only()
        .column(studio_question::Column::StudioId)
        .column_as(Expr::col(studio_question::Column::Id).count(), "n")
        .filter(studio_question::Column::Answer.is_null())
        .filter(studio_question::Column::StudioId.in_subquery(kept))
        .group_by(studio_question::Column::StudioId)
        .order_by_desc(Expr::col(studio_question::Column::Id).count())
        .order_by_asc(studio_question::Column::StudioId)
        .limit(limit)
        .into_tuple()
        .all(s.db)
        .await?;
    let names = studio_names(s.db, rows.iter().map(|r| r.0).collect()).await?;
    Ok(rows
        .into_iter()
        .map(|(id, n)| OpenQuestions {
            studio_name: names.get(&id).cloned().unwrap_or_default(),
            studio_id: id,
            open: n as u64,
        })
        .collect())
}
