//! What the public page of an organization shows of its stars: the current final star with
//! its period, and the final stars of earlier periods. Ratings under notice (or with
//! objections unanswered) are not shown, nor anything else about a rating.

use super::read::state_now;
use super::star_of;
use crate::entity::rating_tables::{rating, rating_objection as obj};
use crate::kit::area::{Answer, PublicLine, PublicSection, PublicText};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

/// A star as shown to the public: ★★★, or the word for unrated.
fn star_text(star: Option<i32>) -> PublicText {
    match star_of(star) {
        Some(n) if n > 0 => PublicText::Plain("★".repeat(usize::from(n))),
        _ => PublicText::Key("rating.unrated"),
    }
}

/// The sections of organization `node_id`'s public page: its current star and its history,
/// final ratings only, latest first.
pub(crate) fn facts(db: &DatabaseConnection, node_id: i64) -> Answer<'_, Vec<PublicSection>> {
    Box::pin(async move {
        let rows = rating::Entity::find()
            .filter(rating::Column::NodeId.eq(node_id))
            .order_by_desc(rating::Column::Period)
            .all(db)
            .await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let open: Vec<i64> = obj::Entity::find()
            .select_only()
            .column(obj::Column::RatingId)
            .filter(obj::Column::RatingId.is_in(ids))
            .filter(obj::Column::Answer.is_null())
            .into_tuple()
            .all(db)
            .await?;
        let mut open_by: HashMap<i64, i64> = HashMap::new();
        for id in open {
            *open_by.entry(id).or_default() += 1;
        }
        let lines: Vec<PublicLine> = rows
            .iter()
            .filter(|r| state_now(r, open_by.get(&r.id).copied().unwrap_or(0)) == "final")
            .map(|r| PublicLine {
                label: PublicText::Plain(r.period.clone()),
                value: star_text(r.star),
            })
            .collect();
        Ok(vec![
            PublicSection {
                heading: "rating.public_current",
                lines: lines.first().cloned().into_iter().collect(),
            },
            PublicSection {
                heading: "rating.public_history",
                lines,
            },
        ])
    })
}
