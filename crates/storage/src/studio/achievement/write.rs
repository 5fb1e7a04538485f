//! An achievement's writes: its creation with its contributors, its changes, its deletion
//! and its evidence files.

use super::*;

impl AchievementRepo<'_> {
    /// Every contributor must be someone the caller reads, named once.
    async fn check_contributors<C: ConnectionTrait>(&self, conn: &C, people: &[i64]) -> Result<()> {
        if people.len() > MAX_CONTRIBUTORS {
            return Err(StorageError::field(
                "contributors",
                "err.ach_contributors_many",
            ));
        }
        let mut seen = HashSet::new();
        for p in people {
            if !seen.insert(*p) {
                return Err(StorageError::field(
                    "contributors",
                    "err.ach_contributor_repeated",
                ));
            }
            person_in_reach(&self.s, conn, *p, "contributors").await?;
        }
        Ok(())
    }

    /// Records an achievement with its contributors and evidence, all or nothing.
    pub async fn create(
        &self,
        studio_id: i64,
        a: Achievement,
        contributors: Vec<i64>,
        evidence: Vec<Upload>,
    ) -> Result<AchievementView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (st, path) = self
            .s
            .parent_for_write::<ach::Entity, _>(txn, studio_id)
            .await?;
        self.check_contributors(txn, &contributors).await?;
        number_free(txn, &a, None).await?;
        let now = now_ms();
        let mut am = ach::ActiveModel {
            studio_id: Set(studio_id),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        apply(&mut am, &a);
        let m = am.insert(txn).await.map_err(unique_violation)?;
        write_contributors(txn, m.id, &contributors).await?;
        let mut files = vec![];
        for up in &evidence {
            files.push(attach_in(&self.s, txn, studio_id, OWNER, m.id, "evidence", up).await?);
        }
        let mut after = ach_json(&m, &contributors);
        after["evidence"] = files.iter().map(file_json).collect();
        work.record(Entry {
            action: "create",
            record_type: "studio_achievement",
            record_id: Some(m.id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: None,
            after: Some(after),
        })
        .await?;
        work.commit().await?;
        self.view(m).await
    }

    /// Changes the record; `contributors`, when given, replaces the list; `evidence` adds
    /// files. All or nothing.
    pub async fn update(
        &self,
        studio_id: i64,
        id: i64,
        a: Achievement,
        contributors: Option<Vec<i64>>,
        evidence: Vec<Upload>,
    ) -> Result<AchievementView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, st, path) = self
            .s
            .load_under_for_write::<ach::Entity, _>(txn, studio_id, id)
            .await?;
        let old = contributors_of(txn, &[id])
            .await?
            .remove(&id)
            .unwrap_or_default();
        if let Some(c) = &contributors {
            self.check_contributors(txn, c).await?;
        }
        number_free(txn, &a, Some(id)).await?;
        let before = ach_json(&m, &old);
        let mut am: ach::ActiveModel = m.into();
        apply(&mut am, &a);
        am.updated_at = Set(now_ms());
        let after = am.update(txn).await.map_err(unique_violation)?;
        let now_contributors = match contributors {
            Some(c) => {
                write_contributors(txn, id, &c).await?;
                c
            }
            None => old,
        };
        let mut after_json = ach_json(&after, &now_contributors);
        if !evidence.is_empty() {
            let mut files = vec![];
            for up in &evidence {
                files.push(attach_in(&self.s, txn, studio_id, OWNER, id, "evidence", up).await?);
            }
            after_json["evidence_added"] = files.iter().map(file_json).collect();
        }
        work.record(Entry {
            action: "update",
            record_type: "studio_achievement",
            record_id: Some(id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: Some(before),
            after: Some(after_json),
        })
        .await?;
        work.commit().await?;
        self.view(after).await
    }

    /// Deletes a record entered by mistake, with its contributors and evidence rows.
    pub async fn delete(&self, studio_id: i64, id: i64) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, st, path) = self
            .s
            .load_under_for_write::<ach::Entity, _>(txn, studio_id, id)
            .await?;
        let old = contributors_of(txn, &[id])
            .await?
            .remove(&id)
            .unwrap_or_default();
        write_contributors(txn, id, &[]).await?;
        drop_files_of(txn, studio_id, OWNER, id).await?;
        ach::Entity::delete_by_id(id).exec(txn).await?;
        work.record(Entry {
            action: "delete",
            record_type: "studio_achievement",
            record_id: Some(id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: Some(ach_json(&m, &old)),
            after: None,
        })
        .await?;
        work.commit().await?;
        Ok(())
    }

    /// Attaches one more evidence file.
    pub async fn add_evidence(&self, studio_id: i64, id: i64, up: &Upload) -> Result<FileView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (_, st, path) = self
            .s
            .load_under_for_write::<ach::Entity, _>(txn, studio_id, id)
            .await?;
        let f = attach_in(&self.s, txn, studio_id, OWNER, id, "file", up).await?;
        work.record(Entry {
            action: "upload",
            record_type: "studio_file",
            record_id: Some(f.id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: None,
            after: Some(file_json(&f)),
        })
        .await?;
        work.commit().await?;
        Ok(f)
    }

    /// Removes one evidence file of the achievement.
    pub async fn remove_evidence(&self, studio_id: i64, id: i64, file_id: i64) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (_, st, path) = self
            .s
            .load_under_for_write::<ach::Entity, _>(txn, studio_id, id)
            .await?;
        let f = studio_file::Entity::find_by_id(file_id)
            .filter(studio_file::Column::StudioId.eq(studio_id))
            .filter(studio_file::Column::OwnerKind.eq(OWNER))
            .filter(studio_file::Column::OwnerId.eq(id))
            .one(txn)
            .await?
            .ok_or(StorageError::NotFound)?;
        studio_file::Entity::delete_by_id(file_id).exec(txn).await?;
        let f: FileView = f.into();
        work.record(Entry {
            action: "delete",
            record_type: "studio_file",
            record_id: Some(file_id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: Some(file_json(&f)),
            after: None,
        })
        .await?;
        work.commit().await?;
        Ok(())
    }
}
