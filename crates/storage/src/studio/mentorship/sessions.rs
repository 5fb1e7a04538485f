//! What is recorded under a mentorship as it runs: its sessions, its closing and the
//! outcomes of its apprentices.

use super::*;

impl MentorshipRepo<'_> {
    /// Records a session of an open mentorship.
    pub async fn add_session(
        &self,
        studio_id: i64,
        id: i64,
        input: &SessionInput,
    ) -> Result<SessionView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (row, st, path) = self
            .s
            .load_under_for_write::<sm::Entity, _>(txn, studio_id, id)
            .await?;
        if !lock_open(txn, id).await? {
            return Err(StorageError::Refused("rule.ment_closed_no_sessions"));
        }
        let rec = parse_session(
            &input.held_on,
            &input.content,
            &input.hours,
            row.started_on,
            None,
            today(),
        )?;
        let m = sms::ActiveModel {
            mentorship_id: Set(id),
            held_on: Set(rec.held_on),
            content: Set(rec.content),
            hours_tenths: Set(rec.hours_tenths),
            created_at: Set(now_ms()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        work.record(Entry {
            action: "create",
            record_type: "studio_mentorship_session",
            record_id: Some(m.id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: None,
            after: Some(session_json(&m)),
        })
        .await?;
        work.commit().await?;
        Ok(SessionView {
            id: m.id,
            mentorship_id: id,
            held_on: m.held_on,
            content: m.content,
            hours: hours_of(i64::from(m.hours_tenths)),
            created_at: m.created_at,
        })
    }

    /// Removes a session record entered by mistake (of an open mentorship: a closed one's
    /// record is final).
    pub async fn delete_session(&self, studio_id: i64, id: i64, session_id: i64) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (_, st, path) = self
            .s
            .load_under_for_write::<sm::Entity, _>(txn, studio_id, id)
            .await?;
        let m = sms::Entity::find_by_id(session_id)
            .filter(sms::Column::MentorshipId.eq(id))
            .one(txn)
            .await?
            .ok_or(StorageError::NotFound)?;
        if !lock_open(txn, id).await? {
            return Err(StorageError::Refused("rule.ment_closed_record_final"));
        }
        sms::Entity::delete_by_id(session_id).exec(txn).await?;
        work.record(Entry {
            action: "delete",
            record_type: "studio_mentorship_session",
            record_id: Some(session_id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: Some(session_json(&m)),
            after: None,
        })
        .await?;
        work.commit().await?;
        Ok(())
    }

    /// Closes a mentorship with its evaluation (结业考核).
    pub async fn close(
        &self,
        studio_id: i64,
        id: i64,
        input: &CloseInput,
    ) -> Result<MentorshipView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (row, st, path) = self
            .s
            .load_under_for_write::<sm::Entity, _>(txn, studio_id, id)
            .await?;
        let open = lock_open(txn, id).await?;
        let last = last_session(txn, id).await?;
        let c = parse_closing(
            &input.closed_on,
            &input.grade,
            &input.comment,
            row.started_on,
            last,
            !open,
            today(),
        )?;
        let before = json!({"closed_on": row.closed_on, "grade": row.grade,
                            "closing_comment": row.closing_comment});
        let mut after = row;
        after.closed_on = Some(c.closed_on);
        after.grade = Some(c.grade);
        after.closing_comment = Some(c.comment);
        after.updated_at = now_ms();
        // Open is `closed_on` still empty; the row is held by `lock_open` meanwhile.
        let change = StateMove::<sm::Entity> {
            id_column: sm::Column::Id,
            id,
            state_column: sm::Column::ClosedOn,
            from: None,
            set: vec![
                (sm::Column::ClosedOn, after.closed_on.into()),
                (sm::Column::Grade, after.grade.clone().into()),
                (
                    sm::Column::ClosingComment,
                    after.closing_comment.clone().into(),
                ),
                (sm::Column::UpdatedAt, after.updated_at.into()),
            ],
            unchanged: vec![],
            refused: "rule.ment_already_closed",
            entry: Entry {
                action: "close",
                record_type: "studio_mentorship",
                record_id: Some(id.to_string()),
                node: Some(studio_node(&st, &path)),
                before: Some(before),
                after: Some(json!({"closed_on": after.closed_on, "grade": after.grade,
                                   "closing_comment": after.closing_comment})),
            },
        };
        work.move_state_unlogged(change).await?;
        work.commit().await?;
        Ok(views(self.s.db, vec![after]).await?.remove(0))
    }

    /// Records what an apprentice achieved; also after the mentorship closed.
    pub async fn add_outcome(
        &self,
        studio_id: i64,
        id: i64,
        input: &OutcomeInput,
    ) -> Result<OutcomeView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (row, st, path) = self
            .s
            .load_under_for_write::<sm::Entity, _>(txn, studio_id, id)
            .await?;
        let apprentices: Vec<i64> = apprentices_of(txn, &[id])
            .await?
            .into_iter()
            .map(|a| a.person_id)
            .collect();
        let o = parse_outcome(
            input.person_id,
            &input.kind,
            &input.achieved_on,
            &input.description,
            &apprentices,
            row.started_on,
            today(),
        )?;
        let person_name = person_in_reach(&self.s, txn, o.person_id, "person_id").await?;
        let m = smo::ActiveModel {
            mentorship_id: Set(id),
            person_id: Set(o.person_id),
            kind: Set(o.kind),
            achieved_on: Set(o.achieved_on),
            description: Set(o.description),
            created_at: Set(now_ms()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        work.record(Entry {
            action: "create",
            record_type: "studio_mentorship_outcome",
            record_id: Some(m.id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: None,
            after: Some(outcome_json(&m)),
        })
        .await?;
        work.commit().await?;
        Ok(OutcomeView {
            id: m.id,
            mentorship_id: id,
            person_id: m.person_id,
            person_name,
            kind: m.kind,
            achieved_on: m.achieved_on,
            description: m.description,
            created_at: m.created_at,
        })
    }

    pub async fn delete_outcome(&self, studio_id: i64, id: i64, outcome_id: i64) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (_, st, path) = self
            .s
            .load_under_for_write::<sm::Entity, _>(txn, studio_id, id)
            .await?;
        let m = smo::Entity::find_by_id(outcome_id)
            .filter(smo::Column::MentorshipId.eq(id))
            .one(txn)
            .await?
            .ok_or(StorageError::NotFound)?;
        smo::Entity::delete_by_id(outcome_id).exec(txn).await?;
        work.record(Entry {
            action: "delete",
            record_type: "studio_mentorship_outcome",
            record_id: Some(outcome_id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: Some(outcome_json(&m)),
            after: None,
        })
        .await?;
        work.commit().await?;
        Ok(())
    }
}
