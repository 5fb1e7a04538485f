//! A person written: created, edited, deleted, moved along the pipeline, given a note.

use super::*;

impl PeopleRepo<'_> {
    /// Refuses a number another record holds, naming that record only to those who may
    /// read it.
    async fn unique_number<C: ConnectionTrait>(
        &self,
        conn: &C,
        number: &str,
        except: Option<i64>,
    ) -> Result<()> {
        let mut q = person::Entity::find().filter(person::Column::IdNumber.eq(number));
        if let Some(id) = except {
            q = q.filter(person::Column::Id.ne(id));
        }
        if let Some(other) = q.one(conn).await? {
            return Err(StorageError::Conflict(
                "id_number".into(),
                self.taken_key(&other),
            ));
        }
        Ok(())
    }

    /// The message for a number `other` holds: naming them only to those who may read them.
    pub(super) fn taken_key(&self, other: &person::Model) -> String {
        let visible = TreePath::parse(&other.node_path)
            .is_ok_and(|p| self.s.actor.can(Permission::PersonRead, &p));
        if visible {
            format!(
                "err.id_number_taken_by|name={}&id={}",
                urlencode(&other.name),
                other.id
            )
        } else {
            "err.id_number_taken".to_string()
        }
    }

    pub async fn create(&self, input: &PersonInput, node_id: i64) -> Result<PersonView> {
        let p = input.parse(today())?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (node, path) =
            node_for(&self.s, txn, node_id, Permission::PersonWrite, "node_id").await?;
        self.unique_number(txn, p.id_number.as_str(), None).await?;
        let now = now_ms();
        let mut am = person::ActiveModel {
            node_id: Set(node.id),
            node_path: Set(path.as_str().to_string()),
            probation_extended_months: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        apply(&mut am, &p);
        let m = am.insert(txn).await?;
        crate::areas::records_changed(txn, std::slice::from_ref(&path)).await?;
        work.record(Entry {
            action: "create",
            record_type: "person",
            record_id: Some(m.id.to_string()),
            node: Some((node.id, &path)),
            before: None,
            after: Some(person_json(&m)),
        })
        .await?;
        work.commit().await?;
        Ok(self.views(vec![m], false).await?.remove(0))
    }

    /// Changes the fields `patch` gives; the others keep their stored values. The status is
    /// not taken here (it changes through transitions); a given node moves the person.
    pub async fn update(&self, id: i64, patch: PersonInput) -> Result<PersonView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, _) = self.writable(txn, id).await?;
        let moved_to = patch.node_id;
        let input = PersonInput {
            status: None,
            ..patch
        }
        .over(input_of(&m));
        let p = input.parse(today())?;
        self.unique_number(txn, p.id_number.as_str(), Some(id))
            .await?;
        let before = person_json(&m);
        let old_path = m.node_path.clone();
        let mut am: person::ActiveModel = m.into();
        let (node_id, path) = match moved_to {
            Some(n) => {
                let (node, path) =
                    node_for(&self.s, txn, n, Permission::PersonWrite, "node_id").await?;
                am.node_id = Set(node.id);
                am.node_path = Set(path.as_str().to_string());
                (node.id, path)
            }
            None => (*am.node_id.as_ref(), TreePath::parse(&old_path)?),
        };
        apply(&mut am, &p);
        am.updated_at = Set(now_ms());
        let after = am.update(txn).await?;
        crate::areas::records_changed(txn, &[TreePath::parse(&old_path)?, path.clone()]).await?;
        if after.node_path != old_path {
            // The person's own records follow them to the new node.
            let p = after.node_path.clone();
            person_event::Entity::update_many()
                .col_expr(person_event::Column::NodePath, Expr::value(p.clone()))
                .filter(person_event::Column::PersonId.eq(id))
                .exec(txn)
                .await?;
            person_note::Entity::update_many()
                .col_expr(person_note::Column::NodePath, Expr::value(p.clone()))
                .filter(person_note::Column::PersonId.eq(id))
                .exec(txn)
                .await?;
            honour_e::Entity::update_many()
                .col_expr(honour_e::Column::NodePath, Expr::value(p))
                .filter(honour_e::Column::PersonId.eq(id))
                .exec(txn)
                .await?;
        }
        work.record(Entry {
            action: "update",
            record_type: "person",
            record_id: Some(id.to_string()),
            node: Some((node_id, &path)),
            before: Some(before),
            after: Some(person_json(&after)),
        })
        .await?;
        work.commit().await?;
        Ok(self.views(vec![after], false).await?.remove(0))
    }

    /// Deletes a person with their posts, pipeline steps, honours and notes. Quota an
    /// admission used stays used: the admission happened.
    pub async fn delete(&self, id: i64) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, path) = self.writable(txn, id).await?;
        person_post::Entity::delete_many()
            .filter(person_post::Column::PersonId.eq(id))
            .exec(txn)
            .await?;
        person_event::Entity::delete_many()
            .filter(person_event::Column::PersonId.eq(id))
            .exec(txn)
            .await?;
        person_note::Entity::delete_many()
            .filter(person_note::Column::PersonId.eq(id))
            .exec(txn)
            .await?;
        honour_e::Entity::delete_many()
            .filter(honour_e::Column::PersonId.eq(id))
            .exec(txn)
            .await?;
        match person::Entity::delete_by_id(id).exec(txn).await {
            Ok(_) => crate::areas::records_changed(txn, std::slice::from_ref(&path)).await?,
            // Studio records, visits or accounts still name the person: they keep their history,
            // so the person stays.
            Err(e) if crate::is_fk_violation(&e) => {
                return Err(StorageError::Refused("rule.person_referenced"));
            }
            Err(e) => return Err(e.into()),
        }
        work.record(Entry {
            action: "delete",
            record_type: "person",
            record_id: Some(id.to_string()),
            node: Some((m.node_id, &path)),
            before: Some(person_json(&m)),
            after: None,
        })
        .await?;
        work.commit().await?;
        Ok(())
    }

    /// Records one pipeline step, checked by the domain's rules; admitting a probationary
    /// member uses one of the nearest quota above the person for the admission's year.
    pub async fn transition(&self, id: i64, t: TransitionInput) -> Result<PersonView> {
        let note = parse_note(t.note.as_deref().unwrap_or(""))?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, path) = self.writable(txn, id).await?;
        let before = pipeline_of(&m);
        let next = before.step(t.step, t.on, m.birth_date, today())?;
        let quota_id = if t.step == Step::Admit {
            Some(quota::use_one(txn, &path, t.on.year()).await?)
        } else {
            None
        };
        let after = person::Model {
            status: next.status().code().to_string(),
            applied_on: next.applied_on,
            activist_on: next.activist_on,
            development_object_on: next.development_object_on,
            probation_on: next.probation_on,
            probation_extended_months: next.probation_extended_months.map(|n| n as i32),
            full_on: next.full_on,
            updated_at: now_ms(),
            ..m.clone()
        };
        let event = person_event::ActiveModel {
            person_id: Set(id),
            step: Set(t.step.code().to_string()),
            on_date: Set(t.on),
            from_status: Set(before.status().code().to_string()),
            to_status: Set(next.status().code().to_string()),
            months: Set(match t.step {
                Step::ExtendProbation { months } => Some(months as i32),
                _ => None,
            }),
            quota_id: Set(quota_id),
            note: Set(note),
            node_path: Set(m.node_path.clone()),
            actor_name: Set(self.s.actor.display_name.clone()),
            created_at: Set(now_ms()),
            ..Default::default()
        };
        let entry = Entry {
            action: "transition",
            record_type: "person",
            record_id: Some(id.to_string()),
            node: Some((m.node_id, &path)),
            before: Some(person_json(&m)),
            after: Some(json!({"step": t.step.code(), "on": t.on, "person": person_json(&after)})),
        };
        work.move_state(pipeline_move(&m, &after, entry), event)
            .await?;
        crate::areas::records_changed(txn, std::slice::from_ref(&path)).await?;
        work.commit().await?;
        Ok(self.views(vec![after], false).await?.remove(0))
    }

    /// Adds a free note to the growth ledger.
    pub async fn add_note(&self, id: i64, on: NaiveDate, body: &str) -> Result<()> {
        let body = body.trim();
        if body.is_empty() {
            return Err(StorageError::field("body", "err.required"));
        }
        if body.chars().count() > 2000 {
            return Err(StorageError::field("body", "err.too_long_2000"));
        }
        if on > today() {
            return Err(StorageError::field("on_date", "err.date_future"));
        }
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, path) = self.writable(txn, id).await?;
        let n = person_note::ActiveModel {
            person_id: Set(id),
            on_date: Set(on),
            body: Set(body.to_string()),
            node_path: Set(m.node_path.clone()),
            actor_name: Set(self.s.actor.display_name.clone()),
            created_at: Set(now_ms()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        work.record(Entry {
            action: "create",
            record_type: "person_note",
            record_id: Some(n.id.to_string()),
            node: Some((m.node_id, &path)),
            before: None,
            after: Some(json!({"person_id": id, "on_date": on, "body": n.body})),
        })
        .await?;
        work.commit().await?;
        Ok(())
    }
}

/// The pipeline step taking `m` to `after`, made only if the person's status is still the
/// one read: two steps taken at once from the same status cannot both land.
fn pipeline_move<'e>(
    m: &person::Model,
    after: &person::Model,
    entry: Entry<'e>,
) -> StateMove<'e, person::Entity> {
    use person::Column as C;
    StateMove {
        id_column: C::Id,
        id: m.id,
        state_column: C::Status,
        from: Some(m.status.clone().into()),
        set: vec![
            (C::Status, after.status.clone().into()),
            (C::AppliedOn, after.applied_on.into()),
            (C::ActivistOn, after.activist_on.into()),
            (C::DevelopmentObjectOn, after.development_object_on.into()),
            (C::ProbationOn, after.probation_on.into()),
            (
                C::ProbationExtendedMonths,
                after.probation_extended_months.into(),
            ),
            (C::FullOn, after.full_on.into()),
            (C::UpdatedAt, after.updated_at.into()),
        ],
        unchanged: vec![],
        refused: "rule.person_moved_meanwhile",
        entry,
    }
}
