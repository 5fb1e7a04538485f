//! What crosses subtree scope between an alliance's members: the records a studio shares,
//! their files, and the audit entry each such read leaves.

use super::*;

/// The records a studio can share with its alliances: (file owner kind, table, title column,
/// detail column, date column). Each table has `id`, `studio_id` and `shared`.
const SHAREABLE: [(&str, &str, &str, &str, &str); 3] = [
    (
        "achievement",
        "studio_achievement",
        "title",
        "kind",
        "achieved_on",
    ),
    ("training", "studio_training", "topic", "topic", "held_on"),
    ("project", "studio_project", "title", "stage", "started_on"),
];

/// Whether a shared record exists: the `shared` flag of row `id` in the record's table.
async fn is_shared<C: ConnectionTrait>(conn: &C, owner_kind: &str, id: i64) -> Result<bool> {
    let Some((_, table, ..)) = SHAREABLE.iter().find(|x| x.0 == owner_kind) else {
        return Ok(false);
    };
    let q = Query::select()
        .expr(Expr::col(Alias::new("shared")))
        .from(Alias::new(*table))
        .and_where(Expr::col(Alias::new("id")).eq(id))
        .to_owned();
    let row = conn
        .query_one(conn.get_database_backend().build(&q))
        .await?;
    Ok(match row {
        Some(r) => r.try_get_by_index::<bool>(0).unwrap_or(false),
        None => false,
    })
}

/// Audits a read that crossed from the caller's studios into another tree's, in its own write.
async fn audit_crossing(
    s: &Scoped<'_>,
    what: &str,
    alliance_id: i64,
    studio_ids: &[i64],
) -> Result<()> {
    let work = Work::begin(s.db, s.actor).await?;
    work.record(Entry {
        action: "alliance_view",
        record_type: what,
        record_id: Some(alliance_id.to_string()),
        node: s.actor.home_ref(),
        before: None,
        after: Some(json!({"alliance_id": alliance_id, "studios": studio_ids})),
    })
    .await?;
    work.commit().await
}

/// A file of another studio, reachable when its record is shared and the two studios are in
/// one alliance now; NotFound otherwise. The read is audited.
pub(crate) async fn shared_file_reachable(s: &Scoped<'_>, f: &studio_file::Model) -> Result<()> {
    let db = s.db;
    if !is_shared(db, &f.owner_kind, f.owner_id).await? {
        return Err(StorageError::NotFound);
    }
    let mine = alliances_of(db, &own_member_studios(s, db).await?).await?;
    let theirs = alliances_of(db, &[f.studio_id]).await?;
    let Some(a) = mine.intersection(&theirs).next() else {
        return Err(StorageError::NotFound);
    };
    audit_crossing(s, "studio_file", *a, &[f.studio_id]).await
}

impl AllianceRepo<'_> {
    /// What the alliance's member studios share, newest first. Reading records of studios
    /// outside the caller's own scope is audited.
    pub async fn shared(&self, id: i64) -> Result<Vec<SharedItem>> {
        let db = self.s.db;
        self.visible(db, id).await?;
        let studios: Vec<studio::Model> = {
            let active = Query::select()
                .column(alliance_member::Column::StudioId)
                .from(alliance_member::Entity)
                .and_where(alliance_member::Column::AllianceId.eq(id))
                .and_where(alliance_member::Column::LeftOn.is_null())
                .to_owned();
            studio::Entity::find()
                .filter(studio::Column::Id.in_subquery(active))
                .all(db)
                .await?
        };
        let ids: Vec<i64> = studios.iter().map(|s| s.id).collect();
        if ids.is_empty() {
            return Ok(vec![]);
        }
        let names: HashMap<i64, String> = studios.iter().map(|s| (s.id, s.name.clone())).collect();
        let mut items = Vec::new();
        for (kind, table, title, detail, date) in SHAREABLE {
            let q = Query::select()
                .expr(Expr::col(Alias::new("id")))
                .expr(Expr::col(Alias::new("studio_id")))
                .expr(Expr::col(Alias::new(title)))
                .expr(Expr::col(Alias::new(detail)))
                .expr(Expr::col(Alias::new(date)))
                .from(Alias::new(table))
                .and_where(Expr::col(Alias::new("studio_id")).is_in(ids.clone()))
                .and_where(Expr::col(Alias::new("shared")).eq(true))
                .to_owned();
            let rows = db.query_all(db.get_database_backend().build(&q)).await?;
            let mut by_studio: HashMap<i64, Vec<i64>> = HashMap::new();
            let mut these = Vec::new();
            for r in rows {
                let rid: i64 = r.try_get_by_index(0)?;
                let sid: i64 = r.try_get_by_index(1)?;
                by_studio.entry(sid).or_default().push(rid);
                these.push(SharedItem {
                    kind: kind.to_string(),
                    id: rid,
                    studio_id: sid,
                    studio_name: names.get(&sid).cloned().unwrap_or_default(),
                    title: r.try_get_by_index(2)?,
                    detail: r.try_get_by_index::<Option<String>>(3)?.unwrap_or_default(),
                    on: r.try_get_by_index::<Option<NaiveDate>>(4)?,
                    files: vec![],
                });
            }
            for (sid, rids) in by_studio {
                for f in files_of(db, sid, kind, &rids).await? {
                    if let Some(it) = these.iter_mut().find(|i| i.id == f.owner_id) {
                        it.files.push(f);
                    }
                }
            }
            items.extend(these);
        }
        items.sort_by(|a, b| b.on.cmp(&a.on).then(b.id.cmp(&a.id)));
        let outside: Vec<i64> = studios
            .iter()
            .filter(|s| {
                TreePath::parse(&s.node_path)
                    .map(|p| !self.s.actor.can(Permission::StudioRead, &p))
                    .unwrap_or(true)
            })
            .map(|s| s.id)
            .collect();
        if !outside.is_empty() {
            audit_crossing(&self.s, "alliance_shared", id, &outside).await?;
        }
        Ok(items)
    }
}
