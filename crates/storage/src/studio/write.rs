//! A studio's registry writes: its creation, its changes, its deletion and its photo.

use super::*;

impl StudioRepo<'_> {
    async fn leader_ok<C: ConnectionTrait>(&self, conn: &C, leader: Option<i64>) -> Result<()> {
        if let Some(l) = leader {
            person_in_reach(&self.s, conn, l, "leader_id").await?;
        }
        Ok(())
    }

    async fn slug_free<C: ConnectionTrait>(
        &self,
        conn: &C,
        slug: &Option<String>,
        except: Option<i64>,
    ) -> Result<()> {
        if let Some(sl) = slug {
            let mut q = studio::Entity::find().filter(studio::Column::Slug.eq(sl.clone()));
            if let Some(id) = except {
                q = q.filter(studio::Column::Id.ne(id));
            }
            if q.count(conn).await? > 0 {
                return Err(StorageError::conflict("slug", "err.slug_taken"));
            }
        }
        Ok(())
    }

    /// Checks a registry input against the kind dictionary.
    pub async fn parse(&self, input: &StudioInput) -> Result<Studio> {
        let kinds = kind_codes(self.s.db).await?;
        Ok(input.parse(&kinds, today())?)
    }

    /// Registers a studio (申报): state `applied`, with its first lifecycle record.
    pub async fn create(&self, new: StudioNew) -> Result<StudioView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (node, path) = node_for(
            &self.s,
            txn,
            new.node_id,
            Permission::StudioWrite,
            "node_id",
        )
        .await?;
        self.leader_ok(txn, new.leader_id).await?;
        self.slug_free(txn, &new.studio.slug, None).await?;
        let now = now_ms();
        let st = new.studio;
        let m = studio::ActiveModel {
            name: Set(st.name),
            kind: Set(st.kind),
            level: Set(st.level),
            demonstration: Set(st.demonstration),
            node_id: Set(node.id),
            node_path: Set(node.path.clone()),
            leader_id: Set(new.leader_id),
            field: Set(st.field),
            plaque_on: Set(st.plaque_on),
            description: Set(st.description),
            state: Set(State::Applied.code().into()),
            slug: Set(st.slug),
            public: Set(st.public),
            photo_id: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        studio_move::ActiveModel {
            studio_id: Set(m.id),
            from_state: Set(None),
            to_state: Set(State::Applied.code().into()),
            moved_on: Set(new
                .applied_on
                .filter(|d| *d <= today())
                .unwrap_or_else(today)),
            reason: Set(String::new()),
            document_no: Set(None),
            evaluation_id: Set(None),
            user_id: Set(self.s.actor.user_id),
            user_name: Set(self.s.actor.display_name.clone()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        work.record(Entry {
            action: "create",
            record_type: "studio",
            record_id: Some(m.id.to_string()),
            node: Some((node.id, &path)),
            before: None,
            after: Some(studio_json(&m)),
        })
        .await?;
        work.commit().await?;
        Ok(self.views(vec![m]).await?.remove(0))
    }

    /// Changes the registry fields; moving a studio to another host node needs write rights
    /// at both ends. A delisted studio's record is closed.
    pub async fn update(&self, id: i64, new: StudioNew) -> Result<StudioView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, path) = open_for_records(&self.s, txn, id).await?;
        let (node, _) = if new.node_id == m.node_id {
            (None, ())
        } else {
            let (n, _) = node_for(
                &self.s,
                txn,
                new.node_id,
                Permission::StudioWrite,
                "node_id",
            )
            .await?;
            (Some(n), ())
        };
        if new.leader_id != m.leader_id {
            self.leader_ok(txn, new.leader_id).await?;
        }
        self.slug_free(txn, &new.studio.slug, Some(id)).await?;
        let before = studio_json(&m);
        let st = new.studio;
        let mut am: studio::ActiveModel = m.into();
        am.name = Set(st.name);
        am.kind = Set(st.kind);
        am.level = Set(st.level);
        am.demonstration = Set(st.demonstration);
        if let Some(n) = node {
            am.node_id = Set(n.id);
            am.node_path = Set(n.path);
        }
        am.leader_id = Set(new.leader_id);
        am.field = Set(st.field);
        am.plaque_on = Set(st.plaque_on);
        am.description = Set(st.description);
        am.slug = Set(st.slug);
        am.public = Set(st.public);
        am.updated_at = Set(now_ms());
        let after = am.update(txn).await?;
        work.record(Entry {
            action: "update",
            record_type: "studio",
            record_id: Some(id.to_string()),
            node: Some((after.node_id, &path)),
            before: Some(before),
            after: Some(studio_json(&after)),
        })
        .await?;
        work.commit().await?;
        Ok(self.views(vec![after]).await?.remove(0))
    }

    /// Deletes a studio still at 申报 with nothing recorded in it; anything further along
    /// is delisted instead, so its history stays.
    pub async fn delete(&self, id: i64) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, path) = writable(&self.s, txn, id).await?;
        if m.state != State::Applied.code() {
            return Err(StorageError::Refused("rule.studio_delete_applied_only"));
        }
        studio_move::Entity::delete_many()
            .filter(studio_move::Column::StudioId.eq(id))
            .exec(txn)
            .await?;
        let del = studio::Entity::delete_by_id(id).exec(txn).await;
        match del {
            Ok(_) => {}
            // Members, files or records still point at it.
            Err(e) if crate::is_fk_violation(&e) => {
                return Err(StorageError::Refused("rule.studio_has_records"))
            }
            Err(e) => return Err(e.into()),
        }
        work.record(Entry {
            action: "delete",
            record_type: "studio",
            record_id: Some(id.to_string()),
            node: Some((m.node_id, &path)),
            before: Some(studio_json(&m)),
            after: None,
        })
        .await?;
        work.commit().await?;
        Ok(())
    }

    /// Sets the studio's photo from an image file already attached to it (owner "photo").
    pub async fn set_photo(&self, studio_id: i64, file_id: Option<i64>) -> Result<StudioView> {
        use crate::entity::studio_file;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, path) = open_for_records(&self.s, txn, studio_id).await?;
        if let Some(f) = file_id {
            let ok = studio_file::Entity::find_by_id(f)
                .filter(studio_file::Column::StudioId.eq(studio_id))
                .filter(studio_file::Column::OwnerKind.eq("photo"))
                .count(txn)
                .await?
                > 0;
            if !ok {
                return Err(StorageError::field("photo_id", "err.file_unknown"));
            }
        }
        let before = studio_json(&m);
        let mut am: studio::ActiveModel = m.into();
        am.photo_id = Set(file_id);
        am.updated_at = Set(now_ms());
        let after = am.update(txn).await?;
        work.record(Entry {
            action: "update",
            record_type: "studio",
            record_id: Some(studio_id.to_string()),
            node: Some((after.node_id, &path)),
            before: Some(before),
            after: Some(studio_json(&after)),
        })
        .await?;
        work.commit().await?;
        Ok(self.views(vec![after]).await?.remove(0))
    }
}
