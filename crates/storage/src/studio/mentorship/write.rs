//! A mentorship's writes: its creation with its apprentices, its changes and its deletion.

use super::*;

impl MentorshipRepo<'_> {
    /// The mentor and apprentices must be people the caller reaches; `known` are already
    /// recorded and need no new check.
    async fn people_ok<C: ConnectionTrait>(
        &self,
        conn: &C,
        m: &Mentorship,
        known: &HashSet<i64>,
    ) -> Result<()> {
        if !known.contains(&m.mentor_id) {
            person_in_reach(&self.s, conn, m.mentor_id, "mentor_id").await?;
        }
        for (i, a) in m.apprentices.iter().enumerate() {
            if !known.contains(&a.person_id) {
                let field = format!("apprentices.{i}.person_id");
                person_in_reach(&self.s, conn, a.person_id, &field).await?;
            }
        }
        Ok(())
    }

    async fn insert_apprentices<C: ConnectionTrait>(
        conn: &C,
        mentorship_id: i64,
        m: &Mentorship,
    ) -> Result<Vec<(i64, String)>> {
        let mut out = vec![];
        for a in &m.apprentices {
            sma::ActiveModel {
                mentorship_id: Set(mentorship_id),
                person_id: Set(a.person_id),
                tier: Set(a.tier.clone()),
                ..Default::default()
            }
            .insert(conn)
            .await?;
            out.push((a.person_id, a.tier.clone()));
        }
        Ok(out)
    }

    pub async fn create(&self, studio_id: i64, input: &MentorshipInput) -> Result<MentorshipView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (st, path) = self
            .s
            .parent_for_write::<sm::Entity, _>(txn, studio_id)
            .await?;
        let m = input.parse(today(), Recorded::default())?;
        self.people_ok(txn, &m, &HashSet::new()).await?;
        let now = now_ms();
        let row = sm::ActiveModel {
            studio_id: Set(studio_id),
            title: Set(m.title.clone()),
            mentor_id: Set(m.mentor_id),
            shape: Set(m.shape.clone()),
            started_on: Set(m.started_on),
            planned_end_on: Set(m.planned_end_on),
            goals: Set(m.goals.clone()),
            plan: Set(m.plan.clone()),
            closed_on: Set(None),
            grade: Set(None),
            closing_comment: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        let apprentices = Self::insert_apprentices(txn, row.id, &m).await?;
        work.record(Entry {
            action: "create",
            record_type: "studio_mentorship",
            record_id: Some(row.id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: None,
            after: Some(mentorship_json(&row, &apprentices)),
        })
        .await?;
        work.commit().await?;
        Ok(views(self.s.db, vec![row]).await?.remove(0))
    }

    pub async fn update(
        &self,
        studio_id: i64,
        id: i64,
        patch: MentorshipPatch,
    ) -> Result<MentorshipView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (row, st, path) = self
            .s
            .load_under_for_write::<sm::Entity, _>(txn, studio_id, id)
            .await?;
        let current = apprentices_of(txn, &[id]).await?;
        let input = with_patch(&row, &current, patch);
        let m = input.parse(today(), recorded(txn, &row).await?)?;
        let mut known: HashSet<i64> = current.iter().map(|a| a.person_id).collect();
        known.insert(row.mentor_id);
        self.people_ok(txn, &m, &known).await?;
        // An apprentice with recorded outcomes stays: the outcomes are theirs.
        let kept: HashSet<i64> = m.apprentices.iter().map(|a| a.person_id).collect();
        let dropped: Vec<i64> = current
            .iter()
            .map(|a| a.person_id)
            .filter(|p| !kept.contains(p))
            .collect();
        if !dropped.is_empty() {
            let with_outcomes = smo::Entity::find()
                .filter(smo::Column::MentorshipId.eq(id))
                .filter(smo::Column::PersonId.is_in(dropped))
                .count(txn)
                .await?;
            if with_outcomes > 0 {
                return Err(StorageError::field(
                    "apprentices",
                    "err.ment_apprentice_has_outcomes",
                ));
            }
        }
        let before_apprentices: Vec<(i64, String)> = current
            .iter()
            .map(|a| (a.person_id, a.tier.clone()))
            .collect();
        let before = mentorship_json(&row, &before_apprentices);
        sma::Entity::delete_many()
            .filter(sma::Column::MentorshipId.eq(id))
            .exec(txn)
            .await?;
        let apprentices = Self::insert_apprentices(txn, id, &m).await?;
        let mut am: sm::ActiveModel = row.into();
        am.title = Set(m.title);
        am.mentor_id = Set(m.mentor_id);
        am.shape = Set(m.shape);
        am.started_on = Set(m.started_on);
        am.planned_end_on = Set(m.planned_end_on);
        am.goals = Set(m.goals);
        am.plan = Set(m.plan);
        am.updated_at = Set(now_ms());
        let after = am.update(txn).await?;
        work.record(Entry {
            action: "update",
            record_type: "studio_mentorship",
            record_id: Some(id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: Some(before),
            after: Some(mentorship_json(&after, &apprentices)),
        })
        .await?;
        work.commit().await?;
        Ok(views(self.s.db, vec![after]).await?.remove(0))
    }

    /// Deletes a mentorship entered by mistake, with its sessions and outcomes.
    pub async fn delete(&self, studio_id: i64, id: i64) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (row, st, path) = self
            .s
            .load_under_for_write::<sm::Entity, _>(txn, studio_id, id)
            .await?;
        let current = apprentices_of(txn, &[id]).await?;
        let apprentices: Vec<(i64, String)> = current
            .iter()
            .map(|a| (a.person_id, a.tier.clone()))
            .collect();
        let sessions = sms::Entity::delete_many()
            .filter(sms::Column::MentorshipId.eq(id))
            .exec(txn)
            .await?
            .rows_affected;
        let outcomes = smo::Entity::delete_many()
            .filter(smo::Column::MentorshipId.eq(id))
            .exec(txn)
            .await?
            .rows_affected;
        sma::Entity::delete_many()
            .filter(sma::Column::MentorshipId.eq(id))
            .exec(txn)
            .await?;
        sm::Entity::delete_by_id(id).exec(txn).await?;
        let mut before = mentorship_json(&row, &apprentices);
        before["sessions"] = json!(sessions);
        before["outcomes"] = json!(outcomes);
        work.record(Entry {
            action: "delete",
            record_type: "studio_mentorship",
            record_id: Some(id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: Some(before),
            after: None,
        })
        .await?;
        work.commit().await?;
        Ok(())
    }
}
