//! Training sessions (学习培训) kept inside a studio, with their materials.

use super::*;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TrainingView {
    pub id: i64,
    pub studio_id: i64,
    pub topic: String,
    pub held_on: NaiveDate,
    pub expected: i32,
    pub attended: i32,
    /// Attended over expected, in percent with one decimal.
    pub attendance_rate: f64,
    pub place: Option<String>,
    pub summary: Option<String>,
    /// Shared with the studio's alliances as one of its methods.
    pub shared: bool,
    /// Files with owner kind `training`, downloaded at `/studios/files/{id}`.
    pub materials: Vec<FileView>,
    pub created_at: i64,
    pub updated_at: i64,
}

fn training_json(m: &stt::Model) -> serde_json::Value {
    json!({"studio_id": m.studio_id, "topic": m.topic, "held_on": m.held_on,
           "expected": m.expected, "attended": m.attended, "place": m.place,
           "summary": m.summary, "shared": m.shared})
}

pub struct TrainingRepo<'a> {
    pub(crate) s: Scoped<'a>,
}

async fn training_views<C: ConnectionTrait>(
    conn: &C,
    studio_id: i64,
    rows: Vec<stt::Model>,
) -> Result<Vec<TrainingView>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut files: HashMap<i64, Vec<FileView>> = HashMap::new();
    for c in ids.chunks(CHUNK) {
        for f in files_of(conn, studio_id, MATERIAL_KIND, c).await? {
            files.entry(f.owner_id).or_default().push(f);
        }
    }
    Ok(rows
        .into_iter()
        .map(|m| TrainingView {
            id: m.id,
            studio_id: m.studio_id,
            attendance_rate: attendance_rate(i64::from(m.attended), i64::from(m.expected)),
            topic: m.topic,
            held_on: m.held_on,
            expected: m.expected,
            attended: m.attended,
            place: m.place,
            summary: m.summary,
            shared: m.shared,
            materials: files.remove(&m.id).unwrap_or_default(),
            created_at: m.created_at,
            updated_at: m.updated_at,
        })
        .collect())
}

impl TrainingRepo<'_> {
    /// Training sessions of a studio, newest first.
    pub async fn list(&self, studio_id: i64, page: PageRequest) -> Result<Page<TrainingView>> {
        let seen = self
            .s
            .filter_under::<stt::Entity, _>(self.s.db, studio_id)
            .await?;
        let q = stt::Entity::find().filter(seen);
        let mut p = fetch_page(
            self.s.db,
            q,
            |q| {
                q.order_by_desc(stt::Column::HeldOn)
                    .order_by_desc(stt::Column::Id)
            },
            page,
        )
        .await?;
        let rows = std::mem::take(&mut p.items);
        Ok(p.with_items(training_views(self.s.db, studio_id, rows).await?))
    }

    pub async fn get(&self, studio_id: i64, id: i64) -> Result<TrainingView> {
        let s = self.s;
        let (m, _, _) = s
            .load_under_for_read::<stt::Entity, _>(s.db, studio_id, id)
            .await?;
        Ok(training_views(self.s.db, studio_id, vec![m])
            .await?
            .remove(0))
    }

    async fn attach(
        &self,
        work: &Work<'_>,
        st: &studio::Model,
        path: &TreePath,
        training_id: i64,
        up: &Upload,
    ) -> Result<FileView> {
        let f = attach_in(
            &self.s,
            work.txn(),
            st.id,
            MATERIAL_KIND,
            training_id,
            "file",
            up,
        )
        .await?;
        work.record(Entry {
            action: "upload",
            record_type: "studio_file",
            record_id: Some(f.id.to_string()),
            node: Some(studio_node(st, path)),
            before: None,
            after: Some(file_json(&f)),
        })
        .await?;
        Ok(f)
    }

    /// Records a training session, with its materials if any, in one transaction.
    pub async fn create(
        &self,
        studio_id: i64,
        input: &TrainingInput,
        materials: &[Upload],
    ) -> Result<TrainingView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (st, path) = self
            .s
            .parent_for_write::<stt::Entity, _>(txn, studio_id)
            .await?;
        let t: Training = input.parse(today())?;
        let now = now_ms();
        let m = stt::ActiveModel {
            studio_id: Set(studio_id),
            topic: Set(t.topic),
            held_on: Set(t.held_on),
            expected: Set(t.expected),
            attended: Set(t.attended),
            place: Set(t.place),
            summary: Set(t.summary),
            shared: Set(t.shared),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        work.record(Entry {
            action: "create",
            record_type: "studio_training",
            record_id: Some(m.id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: None,
            after: Some(training_json(&m)),
        })
        .await?;
        for up in materials {
            self.attach(&work, &st, &path, m.id, up).await?;
        }
        work.commit().await?;
        Ok(training_views(self.s.db, studio_id, vec![m])
            .await?
            .remove(0))
    }

    pub async fn update(&self, studio_id: i64, id: i64, p: TrainingPatch) -> Result<TrainingView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (row, st, path) = self
            .s
            .load_under_for_write::<stt::Entity, _>(txn, studio_id, id)
            .await?;
        let input = TrainingInput {
            topic: p.topic.unwrap_or_else(|| row.topic.clone()),
            held_on: p.held_on.unwrap_or_else(|| row.held_on.to_string()),
            expected: p.expected.unwrap_or_else(|| row.expected.to_string()),
            attended: p.attended.unwrap_or_else(|| row.attended.to_string()),
            place: p
                .place
                .unwrap_or_else(|| row.place.clone().unwrap_or_default()),
            summary: p
                .summary
                .unwrap_or_else(|| row.summary.clone().unwrap_or_default()),
            shared: p.shared.unwrap_or(row.shared),
        };
        let t = input.parse(today())?;
        let before = training_json(&row);
        let mut am: stt::ActiveModel = row.into();
        am.topic = Set(t.topic);
        am.held_on = Set(t.held_on);
        am.expected = Set(t.expected);
        am.attended = Set(t.attended);
        am.place = Set(t.place);
        am.summary = Set(t.summary);
        am.shared = Set(t.shared);
        am.updated_at = Set(now_ms());
        let after = am.update(txn).await?;
        work.record(Entry {
            action: "update",
            record_type: "studio_training",
            record_id: Some(id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: Some(before),
            after: Some(training_json(&after)),
        })
        .await?;
        work.commit().await?;
        Ok(training_views(self.s.db, studio_id, vec![after])
            .await?
            .remove(0))
    }

    /// Deletes a training session and its materials' rows.
    pub async fn delete(&self, studio_id: i64, id: i64) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (row, st, path) = self
            .s
            .load_under_for_write::<stt::Entity, _>(txn, studio_id, id)
            .await?;
        drop_files_of(txn, studio_id, MATERIAL_KIND, id).await?;
        stt::Entity::delete_by_id(id).exec(txn).await?;
        work.record(Entry {
            action: "delete",
            record_type: "studio_training",
            record_id: Some(id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: Some(training_json(&row)),
            after: None,
        })
        .await?;
        work.commit().await?;
        Ok(())
    }

    /// Adds a material (slides, handouts, photos) to a training session.
    pub async fn add_material(&self, studio_id: i64, id: i64, up: &Upload) -> Result<FileView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (_, st, path) = self
            .s
            .load_under_for_write::<stt::Entity, _>(txn, studio_id, id)
            .await?;
        let f = self.attach(&work, &st, &path, id, up).await?;
        work.commit().await?;
        Ok(f)
    }
}
