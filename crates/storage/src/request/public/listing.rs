//! The public listing of requests submitted by the public.

use super::*;

/// Which public requests a listing answers.
#[derive(Debug, Clone, Default)]
pub struct PublicListFilter {
    /// Tracking codes; when given, the other conditions are ignored.
    pub codes: Option<Vec<String>>,
    /// Category codes; all when empty.
    pub categories: Vec<String>,
    /// Created at or after (Unix ms).
    pub from: Option<i64>,
    /// Created at or before (Unix ms).
    pub to: Option<i64>,
    /// `open`, `closed`; all when empty.
    pub status: Vec<String>,
    pub limit: u64,
}

/// A request in a public listing.
#[derive(Debug, Clone, Serialize)]
pub struct PublicListed {
    pub code: String,
    pub category: String,
    pub category_name_zh: String,
    pub category_name_en: String,
    pub reply_days: i32,
    pub description: String,
    pub is_open: bool,
    /// The unit's latest public words: its reply or its closing note.
    pub status_note: Option<String>,
    pub agency: Option<String>,
    pub address: Option<String>,
    pub node_id: i64,
    /// Names from the top of the tree down to the request's node.
    pub location: Vec<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub closed_at: Option<i64>,
    pub reply_due_at: Option<i64>,
    /// The first photo, if any.
    pub photo_id: Option<i64>,
}

impl Store {
    /// Requests submitted by the public (the public form, public APIs), never those entered
    /// by staff: the newest first, at most `f.limit` (and [`MAX_LISTED`]).
    pub async fn public_listing(&self, f: &PublicListFilter) -> Result<Vec<PublicListed>> {
        let db = self.raw_connection();
        let mut q = sr::Entity::find().filter(sr::Column::Channel.eq(Channel::PublicForm.code()));
        if let Some(codes) = &f.codes {
            let codes: Vec<String> = codes
                .iter()
                .filter_map(|c| normalize_tracking_code(c))
                .collect();
            if codes.is_empty() {
                return Ok(vec![]);
            }
            q = q.filter(sr::Column::Code.is_in(codes));
        } else {
            if !f.categories.is_empty() {
                q = q.filter(sr::Column::Category.is_in(f.categories.clone()));
            }
            if let Some(a) = f.from {
                q = q.filter(sr::Column::CreatedAt.gte(a));
            }
            if let Some(b) = f.to {
                q = q.filter(sr::Column::CreatedAt.lte(b));
            }
            let open = f.status.iter().any(|s| s == "open");
            let closed = f.status.iter().any(|s| s == "closed");
            if open && !closed {
                q = q.filter(sr::Column::State.is_in(open_states()));
            } else if closed && !open {
                q = q.filter(sr::Column::State.is_not_in(open_states()));
            }
        }
        let rows = q
            .order_by_desc(sr::Column::CreatedAt)
            .order_by_desc(sr::Column::Id)
            .limit(f.limit.clamp(1, MAX_LISTED))
            .all(db)
            .await?;
        if rows.is_empty() {
            return Ok(vec![]);
        }
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let cats: HashMap<String, request_category::Model> = request_category::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.code.clone(), c))
            .collect();
        let paths: Vec<&str> = rows.iter().map(|r| r.node_path.as_str()).collect();
        let locations = name_paths(db, &paths).await?;
        let agencies = crate::kit::sql::node_names(
            db,
            rows.iter().filter_map(|r| r.handling_node_id).collect(),
        )
        .await?;
        let note_of = unit_notes(db, ids.clone()).await?;
        let photo_of = first_photos(db, ids).await?;
        Ok(rows
            .into_iter()
            .map(|m| {
                let cat = cats.get(&m.category);
                PublicListed {
                    category_name_zh: cat.map(|c| c.name_zh.clone()).unwrap_or_default(),
                    category_name_en: cat.map(|c| c.name_en.clone()).unwrap_or_default(),
                    reply_days: cat.map(|c| c.reply_days).unwrap_or_default(),
                    is_open: state_category(&m.state) == "open",
                    status_note: note_of
                        .get(&m.id)
                        .filter(|(round, _)| *round == m.round)
                        .map(|(_, n)| n.clone()),
                    agency: m.handling_node_id.and_then(|h| agencies.get(&h).cloned()),
                    location: locations.get(&m.node_id).cloned().unwrap_or_default(),
                    reply_due_at: m.step_due_at.filter(|_| m.step.as_deref() == Some("reply")),
                    photo_id: photo_of.get(&m.id).copied(),
                    code: m.code,
                    category: m.category,
                    description: m.description,
                    address: m.address,
                    node_id: m.node_id,
                    created_at: m.created_at,
                    updated_at: m.updated_at,
                    closed_at: m.closed_at,
                }
            })
            .collect())
    }
}

/// The unit's latest public words per request: (round, words).
async fn unit_notes(
    db: &sea_orm::DatabaseConnection,
    ids: Vec<i64>,
) -> Result<HashMap<i64, (i32, String)>> {
    let notes: Vec<(i64, i32, Option<String>)> = request_event::Entity::find()
        .select_only()
        .column(request_event::Column::RequestId)
        .column(request_event::Column::Round)
        .column(request_event::Column::Note)
        .filter(request_event::Column::RequestId.is_in(ids))
        .filter(request_event::Column::Public.eq(true))
        .filter(request_event::Column::Action.is_in(UNIT_NOTES))
        .order_by_asc(request_event::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let mut note_of: HashMap<i64, (i32, String)> = HashMap::new();
    for (rid, round, note) in notes {
        if let Some(n) = note {
            note_of.insert(rid, (round, n));
        }
    }
    Ok(note_of)
}

/// The first public photo of each request.
async fn first_photos(
    db: &sea_orm::DatabaseConnection,
    ids: Vec<i64>,
) -> Result<HashMap<i64, i64>> {
    let photos: Vec<(i64, i64)> = request_file::Entity::find()
        .select_only()
        .column(request_file::Column::RequestId)
        .column(request_file::Column::Id)
        .filter(request_file::Column::RequestId.is_in(ids))
        .filter(request_file::Column::Public.eq(true))
        .order_by_desc(request_file::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let mut photo_of: HashMap<i64, i64> = HashMap::new();
    for (rid, fid) in photos {
        photo_of.insert(rid, fid);
    }
    Ok(photo_of)
}
