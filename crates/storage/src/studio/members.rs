//! A studio's members: who belongs to it, in which role, from when to when.

use super::*;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MemberView {
    pub id: i64,
    pub studio_id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub node_name: String,
    /// `core`, `member` or `trainee`.
    pub role: String,
    pub joined_on: NaiveDate,
    pub left_on: Option<NaiveDate>,
}

fn member_json(m: &studio_member::Model) -> serde_json::Value {
    json!({"studio_id": m.studio_id, "person_id": m.person_id, "role": m.role,
           "joined_on": m.joined_on, "left_on": m.left_on})
}

impl StudioRepo<'_> {
    /// Members, current first then by role and join date.
    pub async fn members(&self, id: i64) -> Result<Vec<MemberView>> {
        let seen = self
            .s
            .filter_under::<studio_member::Entity, _>(self.s.db, id)
            .await?;
        let rows = studio_member::Entity::find()
            .filter(seen)
            .order_by_asc(studio_member::Column::JoinedOn)
            .order_by_asc(studio_member::Column::Id)
            .all(self.s.db)
            .await?;
        self.member_views(rows).await
    }

    async fn member_views(&self, rows: Vec<studio_member::Model>) -> Result<Vec<MemberView>> {
        let people = person_names(self.s.db, rows.iter().map(|r| r.person_id).collect()).await?;
        let nodes = node_names(self.s.db, people.values().map(|p| p.1).collect()).await?;
        let role_rank = |r: &str| {
            touyan_domain::studio::MEMBER_ROLES
                .iter()
                .position(|x| *x == r)
                .unwrap_or(9)
        };
        let mut out: Vec<MemberView> = rows
            .into_iter()
            .map(|m| {
                let (name, node) = people.get(&m.person_id).cloned().unwrap_or_default();
                MemberView {
                    id: m.id,
                    studio_id: m.studio_id,
                    person_id: m.person_id,
                    person_name: name,
                    node_name: nodes.get(&node).cloned().unwrap_or_default(),
                    role: m.role,
                    joined_on: m.joined_on,
                    left_on: m.left_on,
                }
            })
            .collect();
        out.sort_by_key(|m| (m.left_on.is_some(), role_rank(&m.role), m.joined_on, m.id));
        Ok(out)
    }

    pub async fn add_member(
        &self,
        studio_id: i64,
        person_id: i64,
        role: &str,
        joined_on: &str,
        left_on: &str,
    ) -> Result<MemberView> {
        let ms = parse_membership(role, joined_on, left_on, today())?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (st, path) = self
            .s
            .parent_for_write::<studio_member::Entity, _>(txn, studio_id)
            .await?;
        person_in_reach(&self.s, txn, person_id, "person_id").await?;
        let taken = studio_member::Entity::find()
            .filter(studio_member::Column::StudioId.eq(studio_id))
            .filter(studio_member::Column::PersonId.eq(person_id))
            .count(txn)
            .await?
            > 0;
        if taken {
            return Err(StorageError::conflict("person_id", "err.member_exists"));
        }
        let m = studio_member::ActiveModel {
            studio_id: Set(studio_id),
            person_id: Set(person_id),
            role: Set(ms.role),
            joined_on: Set(ms.joined_on),
            left_on: Set(ms.left_on),
            created_at: Set(now_ms()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        work.record(Entry {
            action: "create",
            record_type: "studio_member",
            record_id: Some(m.id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: None,
            after: Some(member_json(&m)),
        })
        .await?;
        work.commit().await?;
        Ok(self.member_views(vec![m]).await?.remove(0))
    }

    /// Changes a member's role or term (leaving is setting `left_on`).
    pub async fn update_member(
        &self,
        studio_id: i64,
        member_id: i64,
        role: &str,
        joined_on: &str,
        left_on: &str,
    ) -> Result<MemberView> {
        let ms = parse_membership(role, joined_on, left_on, today())?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, st, path) = self
            .s
            .load_under_for_write::<studio_member::Entity, _>(txn, studio_id, member_id)
            .await?;
        let before = member_json(&m);
        let mut am: studio_member::ActiveModel = m.into();
        am.role = Set(ms.role);
        am.joined_on = Set(ms.joined_on);
        am.left_on = Set(ms.left_on);
        let after = am.update(txn).await?;
        work.record(Entry {
            action: "update",
            record_type: "studio_member",
            record_id: Some(member_id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: Some(before),
            after: Some(member_json(&after)),
        })
        .await?;
        work.commit().await?;
        Ok(self.member_views(vec![after]).await?.remove(0))
    }

    /// Removes a member entered by mistake; someone who left keeps a row with `left_on`.
    pub async fn remove_member(&self, studio_id: i64, member_id: i64) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, st, path) = self
            .s
            .load_under_for_write::<studio_member::Entity, _>(txn, studio_id, member_id)
            .await?;
        studio_member::Entity::delete_by_id(member_id)
            .exec(txn)
            .await?;
        work.record(Entry {
            action: "delete",
            record_type: "studio_member",
            record_id: Some(member_id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: Some(member_json(&m)),
            after: None,
        })
        .await?;
        work.commit().await?;
        Ok(())
    }

    /// Members of the studios `f` finds (for the export), by studio.
    pub async fn all_members(
        &self,
        f: &StudioFilter,
        cap: u64,
    ) -> Result<Vec<(String, MemberView)>> {
        let studios = self.select(f).await?.limit(cap).all(self.s.db).await?;
        let names: HashMap<i64, String> = studios.iter().map(|s| (s.id, s.name.clone())).collect();
        let rows = studio_member::Entity::find()
            .filter(
                studio_member::Column::StudioId.is_in(names.keys().copied().collect::<Vec<_>>()),
            )
            .order_by_asc(studio_member::Column::StudioId)
            .order_by_asc(studio_member::Column::Id)
            .limit(cap)
            .all(self.s.db)
            .await?;
        let mut out: Vec<(String, MemberView)> = self
            .member_views(rows)
            .await?
            .into_iter()
            .map(|m| (names.get(&m.studio_id).cloned().unwrap_or_default(), m))
            .collect();
        out.sort_by_key(|(_, m)| m.studio_id);
        Ok(out)
    }
}
