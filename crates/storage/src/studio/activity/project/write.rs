//! A project's own writes: its team, its creation, its changes and its deletion.

use super::*;

impl ProjectRepo<'_> {
    /// Checks a team: people the caller reads, each once, roles of up to 50 characters.
    async fn team<C: ConnectionTrait>(
        &self,
        conn: &C,
        team: &[TeamInput],
    ) -> Result<Vec<(i64, Option<String>)>> {
        let mut fe = FieldErrors::new();
        let mut seen = HashSet::new();
        let mut out = Vec::with_capacity(team.len());
        for t in team {
            if !seen.insert(t.person_id) {
                fe.add("team", "err.proj_team_duplicate");
                continue;
            }
            let role = fe
                .check("team", parse_team_role(t.role.as_deref().unwrap_or("")))
                .flatten();
            out.push((t.person_id, role));
        }
        fe.into_result()?;
        for (p, _) in &out {
            person_in_reach(&self.s, conn, *p, "team").await?;
        }
        Ok(out)
    }

    async fn replace_team<C: ConnectionTrait>(
        &self,
        conn: &C,
        project_id: i64,
        team: Vec<(i64, Option<String>)>,
    ) -> Result<()> {
        studio_project_member::Entity::delete_many()
            .filter(studio_project_member::Column::ProjectId.eq(project_id))
            .exec(conn)
            .await?;
        for (person_id, role) in team {
            studio_project_member::ActiveModel {
                project_id: Set(project_id),
                person_id: Set(person_id),
                role: Set(role),
                ..Default::default()
            }
            .insert(conn)
            .await?;
        }
        Ok(())
    }

    /// Starts a project at 创意 (idea) with its team.
    pub async fn create(&self, studio_id: i64, input: &ProjectInput) -> Result<ProjectDetail> {
        let p = input.parse(today())?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (st, path) = self
            .s
            .parent_for_write::<studio_project::Entity, _>(txn, studio_id)
            .await?;
        let team = self.team(txn, &input.team).await?;
        let now = now_ms();
        let m = studio_project::ActiveModel {
            studio_id: Set(studio_id),
            title: Set(p.title),
            description: Set(p.description),
            stage: Set(Stage::Idea.code().to_string()),
            started_on: Set(p.started_on),
            stage_on: Set(p.started_on),
            investment_fen: Set(p.investment.0),
            shared: Set(p.shared),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        let members: Vec<i64> = team.iter().map(|t| t.0).collect();
        self.replace_team(txn, m.id, team).await?;
        let mut after = project_json(&m);
        after["team"] = json!(members);
        work.record(Entry {
            action: "create",
            record_type: "studio_project",
            record_id: Some(m.id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: None,
            after: Some(after),
        })
        .await?;
        work.commit().await?;
        self.detail(m).await
    }

    pub(super) async fn for_write<C: ConnectionTrait>(
        &self,
        conn: &C,
        studio_id: i64,
        project_id: i64,
    ) -> Result<Under<studio_project::Entity>> {
        self.s
            .load_under_for_write::<studio_project::Entity, _>(conn, studio_id, project_id)
            .await
    }

    pub async fn update(
        &self,
        studio_id: i64,
        project_id: i64,
        patch: &ProjectPatch,
    ) -> Result<ProjectDetail> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, st, path) = self.for_write(txn, studio_id, project_id).await?;
        let input = ProjectInput {
            title: patch.title.clone().unwrap_or_else(|| m.title.clone()),
            description: patch
                .description
                .clone()
                .unwrap_or_else(|| m.description.clone().unwrap_or_default()),
            started_on: patch
                .started_on
                .clone()
                .unwrap_or_else(|| m.started_on.to_string()),
            investment: patch
                .investment
                .clone()
                .unwrap_or_else(|| Fen(m.investment_fen).plain()),
            shared: patch.shared.unwrap_or(m.shared),
            team: vec![],
        };
        let p = input.parse(today())?;
        // The start comes before every move.
        let first_move: Option<NaiveDate> = studio_project_stage::Entity::find()
            .select_only()
            .column(studio_project_stage::Column::MovedOn)
            .filter(studio_project_stage::Column::ProjectId.eq(project_id))
            .order_by_asc(studio_project_stage::Column::MovedOn)
            .into_tuple()
            .one(txn)
            .await?;
        if first_move.is_some_and(|d| p.started_on > d) {
            return Err(StorageError::field(
                "started_on",
                "err.proj_started_after_move",
            ));
        }
        let team = match &patch.team {
            Some(t) => Some(self.team(txn, t).await?),
            None => None,
        };
        let before = project_json(&m);
        let moved = first_move.is_some();
        let mut am: studio_project::ActiveModel = m.into();
        am.title = Set(p.title);
        am.description = Set(p.description);
        am.started_on = Set(p.started_on);
        if !moved {
            am.stage_on = Set(p.started_on);
        }
        am.investment_fen = Set(p.investment.0);
        am.shared = Set(p.shared);
        am.updated_at = Set(now_ms());
        let after = am.update(txn).await?;
        let mut after_json = project_json(&after);
        if let Some(t) = team {
            after_json["team"] = json!(t.iter().map(|x| x.0).collect::<Vec<_>>());
            self.replace_team(txn, project_id, t).await?;
        }
        work.record(Entry {
            action: "update",
            record_type: "studio_project",
            record_id: Some(project_id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: Some(before),
            after: Some(after_json),
        })
        .await?;
        work.commit().await?;
        self.detail(after).await
    }

    /// Deletes a project entered by mistake, with everything recorded about it.
    pub async fn delete(&self, studio_id: i64, project_id: i64) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, st, path) = self.for_write(txn, studio_id, project_id).await?;
        studio_project_member::Entity::delete_many()
            .filter(studio_project_member::Column::ProjectId.eq(project_id))
            .exec(txn)
            .await?;
        studio_project_stage::Entity::delete_many()
            .filter(studio_project_stage::Column::ProjectId.eq(project_id))
            .exec(txn)
            .await?;
        studio_project_milestone::Entity::delete_many()
            .filter(studio_project_milestone::Column::ProjectId.eq(project_id))
            .exec(txn)
            .await?;
        studio_project_benefit::Entity::delete_many()
            .filter(studio_project_benefit::Column::ProjectId.eq(project_id))
            .exec(txn)
            .await?;
        drop_files_of(txn, studio_id, FILE_OWNER, project_id).await?;
        studio_project::Entity::delete_by_id(project_id)
            .exec(txn)
            .await?;
        work.record(Entry {
            action: "delete",
            record_type: "studio_project",
            record_id: Some(project_id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: Some(project_json(&m)),
            after: None,
        })
        .await?;
        work.commit().await?;
        Ok(())
    }
}
