//! What a project records as it runs: its milestones, its yearly benefit and its files.

use super::*;

impl ProjectRepo<'_> {
    pub async fn add_milestone(
        &self,
        studio_id: i64,
        project_id: i64,
        input: &MilestoneInput,
    ) -> Result<MilestoneView> {
        let ms = input.parse(today())?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (_, st, path) = self.for_write(txn, studio_id, project_id).await?;
        let now = now_ms();
        let m = studio_project_milestone::ActiveModel {
            project_id: Set(project_id),
            title: Set(ms.title),
            due_on: Set(ms.due_on),
            done_on: Set(ms.done_on),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        work.record(Entry {
            action: "create",
            record_type: "studio_project_milestone",
            record_id: Some(m.id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: None,
            after: Some(milestone_json(&m)),
        })
        .await?;
        work.commit().await?;
        Ok(milestone_view(m, today()))
    }

    async fn milestone_in<C: ConnectionTrait>(
        conn: &C,
        project_id: i64,
        milestone_id: i64,
    ) -> Result<studio_project_milestone::Model> {
        studio_project_milestone::Entity::find_by_id(milestone_id)
            .filter(studio_project_milestone::Column::ProjectId.eq(project_id))
            .one(conn)
            .await?
            .ok_or(StorageError::NotFound)
    }

    /// Changes a milestone (marking it done is setting `done_on`).
    pub async fn update_milestone(
        &self,
        studio_id: i64,
        project_id: i64,
        milestone_id: i64,
        patch: &MilestonePatch,
    ) -> Result<MilestoneView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (_, st, path) = self.for_write(txn, studio_id, project_id).await?;
        let m = Self::milestone_in(txn, project_id, milestone_id).await?;
        let ms = MilestoneInput {
            title: patch.title.clone().unwrap_or_else(|| m.title.clone()),
            due_on: patch.due_on.clone().unwrap_or_else(|| m.due_on.to_string()),
            done_on: patch
                .done_on
                .clone()
                .unwrap_or_else(|| m.done_on.map(|d| d.to_string()).unwrap_or_default()),
        }
        .parse(today())?;
        let before = milestone_json(&m);
        let mut am: studio_project_milestone::ActiveModel = m.into();
        am.title = Set(ms.title);
        am.due_on = Set(ms.due_on);
        am.done_on = Set(ms.done_on);
        am.updated_at = Set(now_ms());
        let after = am.update(txn).await?;
        work.record(Entry {
            action: "update",
            record_type: "studio_project_milestone",
            record_id: Some(milestone_id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: Some(before),
            after: Some(milestone_json(&after)),
        })
        .await?;
        work.commit().await?;
        Ok(milestone_view(after, today()))
    }

    pub async fn delete_milestone(
        &self,
        studio_id: i64,
        project_id: i64,
        milestone_id: i64,
    ) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (_, st, path) = self.for_write(txn, studio_id, project_id).await?;
        let m = Self::milestone_in(txn, project_id, milestone_id).await?;
        studio_project_milestone::Entity::delete_by_id(milestone_id)
            .exec(txn)
            .await?;
        work.record(Entry {
            action: "delete",
            record_type: "studio_project_milestone",
            record_id: Some(milestone_id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: Some(milestone_json(&m)),
            after: None,
        })
        .await?;
        work.commit().await?;
        Ok(())
    }

    /// Records one year's benefit of a project that has reached 成果 (result) or later.
    pub async fn add_benefit(
        &self,
        studio_id: i64,
        project_id: i64,
        input: &BenefitInput,
    ) -> Result<BenefitView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (p, st, path) = self.for_write(txn, studio_id, project_id).await?;
        let e = input.parse(stage_of(&p)?, today())?;
        let taken = studio_project_benefit::Entity::find()
            .filter(studio_project_benefit::Column::ProjectId.eq(project_id))
            .filter(studio_project_benefit::Column::Year.eq(e.year))
            .count(txn)
            .await?
            > 0;
        if taken {
            return Err(StorageError::conflict(
                "year",
                "err.proj_benefit_year_taken",
            ));
        }
        // The project's totals must still add up with this entry.
        let mut pairs: Vec<(Fen, Fen)> = benefits_by_project(txn, &[project_id])
            .await?
            .remove(&project_id)
            .unwrap_or_default();
        pairs.push((e.revenue, e.saving));
        benefit_totals(Fen(p.investment_fen), &pairs)?;
        let m = studio_project_benefit::ActiveModel {
            project_id: Set(project_id),
            year: Set(e.year),
            revenue_fen: Set(e.revenue.0),
            saving_fen: Set(e.saving.0),
            note: Set(e.note),
            created_at: Set(now_ms()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        work.record(Entry {
            action: "create",
            record_type: "studio_project_benefit",
            record_id: Some(m.id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: None,
            after: Some(benefit_json(&m)),
        })
        .await?;
        work.commit().await?;
        Ok(benefit_view(m))
    }

    pub async fn delete_benefit(
        &self,
        studio_id: i64,
        project_id: i64,
        benefit_id: i64,
    ) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (_, st, path) = self.for_write(txn, studio_id, project_id).await?;
        let m = studio_project_benefit::Entity::find_by_id(benefit_id)
            .filter(studio_project_benefit::Column::ProjectId.eq(project_id))
            .one(txn)
            .await?
            .ok_or(StorageError::NotFound)?;
        studio_project_benefit::Entity::delete_by_id(benefit_id)
            .exec(txn)
            .await?;
        work.record(Entry {
            action: "delete",
            record_type: "studio_project_benefit",
            record_id: Some(benefit_id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: Some(benefit_json(&m)),
            after: None,
        })
        .await?;
        work.commit().await?;
        Ok(())
    }

    /// Attaches a file (a plan, a report, a photo of the result) to a project.
    pub async fn attach(&self, studio_id: i64, project_id: i64, up: &Upload) -> Result<FileView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (_, st, path) = self.for_write(txn, studio_id, project_id).await?;
        let f = attach_in(&self.s, txn, studio_id, FILE_OWNER, project_id, "file", up).await?;
        work.record(Entry {
            action: "upload",
            record_type: "studio_file",
            record_id: Some(f.id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: None,
            after: Some(json!({"studio_id": studio_id, "owner_kind": FILE_OWNER,
                                   "owner_id": project_id, "file_name": f.file_name,
                                   "size": f.size})),
        })
        .await?;
        work.commit().await?;
        Ok(f)
    }
}
