//! Party-building instructors (党建工作指导员) sent to enterprises, each assignment dated, and
//! the guidance teams (指导团) of county- and section-level leaders behind them [004]. An
//! instructor's visits and the problems they solved come from the visits already recorded.

use super::*;
use crate::audit::Entry;
use crate::entity::enterprise_tables::{
    guidance_team, guidance_team_member, instructor_assignment,
};
use crate::kit::area::TallyQuery;
use crate::kit::lookup::{names_of, node_for, person_in_reach};
use crate::kit::today;
use crate::kit::work::Work;
use crate::now_ms;
use crate::scope::{within_any, Guarded};
use sea_orm::{ActiveModelTrait, ActiveValue::Set};
use serde_json::json;
use std::collections::BTreeMap;
use touyan_domain::access::Permission;
use touyan_domain::enterprise::links::{end_day, TeamMember, Tie};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = InstructorAssignmentView)]
pub struct AssignmentView {
    pub id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub enterprise_id: i64,
    pub enterprise_name: String,
    pub from_on: chrono::NaiveDate,
    pub until_on: Option<chrono::NaiveDate>,
}

/// An instructor with the enterprises sent to now and the visits made to them.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct InstructorView {
    pub person_id: i64,
    pub name: String,
    pub enterprises: Vec<String>,
    pub visits: u64,
    pub problems: u64,
    pub solved: u64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = GuidanceTeamMemberView)]
pub struct TeamMemberView {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    /// `county`, `section` or `other`.
    pub rank: String,
    pub duty: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = GuidanceTeamView)]
pub struct TeamView {
    pub id: i64,
    pub node_id: i64,
    pub node_name: String,
    pub name: String,
    pub members: Vec<TeamMemberView>,
    /// Members by rank.
    pub county: u64,
    pub section: u64,
    pub manage: bool,
}

/// A guidance team is read and changed as the ledger is, over the team's node.
impl Guarded for guidance_team::Entity {
    const READ: Permission = Permission::EnterpriseRead;
    const WRITE: Permission = Permission::EnterpriseWrite;
    fn path_column() -> guidance_team::Column {
        guidance_team::Column::NodePath
    }
    fn path_of(m: &guidance_team::Model) -> &str {
        &m.node_path
    }
}

fn assignment_json(m: &instructor_assignment::Model) -> serde_json::Value {
    json!({"person_id": m.person_id, "node_id": m.node_id, "from_on": m.from_on,
           "until_on": m.until_on})
}

async fn assignment_views<C: sea_orm::ConnectionTrait>(
    conn: &C,
    rows: Vec<instructor_assignment::Model>,
) -> Result<Vec<AssignmentView>> {
    let people = names_of(conn, rows.iter().map(|r| r.person_id).collect()).await?;
    let nodes = crate::kit::sql::node_names(conn, rows.iter().map(|r| r.node_id).collect()).await?;
    Ok(rows
        .into_iter()
        .map(|r| AssignmentView {
            id: r.id,
            person_id: r.person_id,
            person_name: people.get(&r.person_id).cloned().unwrap_or_default(),
            enterprise_id: r.node_id,
            enterprise_name: nodes.get(&r.node_id).cloned().unwrap_or_default(),
            from_on: r.from_on,
            until_on: r.until_on,
        })
        .collect())
}

impl EnterpriseRepo<'_> {
    /// The enterprise's instructors, current first.
    pub async fn instructors_of(&self, id: i64) -> Result<Vec<AssignmentView>> {
        self.s
            .load_for_read::<enterprise::Entity, _>(self.s.db, id)
            .await?;
        let rows = instructor_assignment::Entity::find()
            .filter(instructor_assignment::Column::NodeId.eq(id))
            .order_by_asc(instructor_assignment::Column::UntilOn.is_not_null())
            .order_by_desc(instructor_assignment::Column::FromOn)
            .all(self.s.db)
            .await?;
        assignment_views(self.s.db, rows).await
    }

    /// Sends a person the caller reads to the enterprise as its instructor.
    pub async fn assign(&self, id: i64, tie: Tie) -> Result<AssignmentView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (profile, path) = self
            .s
            .load_for_write::<enterprise::Entity, _>(txn, id)
            .await?;
        person_in_reach(&self.s, txn, tie.id, "id").await?;
        let already = instructor_assignment::Entity::find()
            .filter(instructor_assignment::Column::NodeId.eq(id))
            .filter(instructor_assignment::Column::PersonId.eq(tie.id))
            .filter(instructor_assignment::Column::UntilOn.is_null())
            .one(txn)
            .await?;
        if already.is_some() {
            return Err(StorageError::conflict("id", "err.instructor_exists"));
        }
        let m = instructor_assignment::ActiveModel {
            person_id: Set(tie.id),
            node_id: Set(id),
            node_path: Set(profile.node_path),
            from_on: Set(tie.from_on),
            until_on: Set(None),
            created_at: Set(now_ms()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        work.record(Entry {
            action: "assign",
            record_type: "instructor",
            record_id: Some(m.id.to_string()),
            node: Some((id, &path)),
            before: None,
            after: Some(assignment_json(&m)),
        })
        .await?;
        work.commit().await?;
        Ok(assignment_views(self.s.db, vec![m]).await?.remove(0))
    }

    /// Ends assignment `aid` of enterprise `id` on `until_on` (today when none).
    pub async fn end_assignment(
        &self,
        id: i64,
        aid: i64,
        until_on: Option<chrono::NaiveDate>,
    ) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (_, path) = self
            .s
            .load_for_write::<enterprise::Entity, _>(txn, id)
            .await?;
        let row = instructor_assignment::Entity::find_by_id(aid)
            .filter(instructor_assignment::Column::NodeId.eq(id))
            .filter(instructor_assignment::Column::UntilOn.is_null())
            .one(txn)
            .await?
            .ok_or(StorageError::NotFound)?;
        let on = end_day(row.from_on, until_on.unwrap_or_else(today), today())?;
        let before = assignment_json(&row);
        let mut am: instructor_assignment::ActiveModel = row.into();
        am.until_on = Set(Some(on));
        let after = am.update(txn).await?;
        work.record(Entry {
            action: "end",
            record_type: "instructor",
            record_id: Some(aid.to_string()),
            node: Some((id, &path)),
            before: Some(before),
            after: Some(assignment_json(&after)),
        })
        .await?;
        work.commit().await
    }

    /// Instructors sent now to enterprises under `under` (or the caller's scope), with the
    /// visits each made to those enterprises since being sent.
    pub async fn instructors(&self, under: Option<i64>) -> Result<Vec<InstructorView>> {
        let scopes = self.s.list_scopes::<enterprise::Entity>(under).await?;
        let rows = instructor_assignment::Entity::find()
            .filter(within_any(instructor_assignment::Column::NodePath, &scopes))
            .filter(instructor_assignment::Column::UntilOn.is_null())
            .all(self.s.db)
            .await?;
        let people = names_of(self.s.db, rows.iter().map(|r| r.person_id).collect()).await?;
        let nodes =
            crate::kit::sql::node_names(self.s.db, rows.iter().map(|r| r.node_id).collect())
                .await?;
        let tally = crate::areas::tally(
            self.s.db,
            "visits",
            &TallyQuery {
                node_ids: rows.iter().map(|r| r.node_id).collect(),
                person_ids: rows.iter().map(|r| r.person_id).collect(),
                ..Default::default()
            },
        )
        .await?;
        let mut out: BTreeMap<i64, InstructorView> = BTreeMap::new();
        for r in &rows {
            let v = out.entry(r.person_id).or_insert_with(|| InstructorView {
                person_id: r.person_id,
                name: people.get(&r.person_id).cloned().unwrap_or_default(),
                enterprises: vec![],
                visits: 0,
                problems: 0,
                solved: 0,
            });
            v.enterprises
                .push(nodes.get(&r.node_id).cloned().unwrap_or_default());
            for t in tally
                .iter()
                .filter(|t| t.node_id == r.node_id && t.person_id == Some(r.person_id))
            {
                v.visits += t.count;
                v.problems += t.items;
                v.solved += t.done;
            }
        }
        let mut out: Vec<InstructorView> = out.into_values().collect();
        out.sort_by(|a, b| (&a.name, a.person_id).cmp(&(&b.name, b.person_id)));
        Ok(out)
    }

    /// Guidance teams under `under` (or the caller's scope), with their members.
    pub async fn teams(&self, under: Option<i64>) -> Result<Vec<TeamView>> {
        let seen = self.s.list_filter::<guidance_team::Entity>(under).await?;
        let teams = guidance_team::Entity::find()
            .filter(seen)
            .order_by_asc(guidance_team::Column::Id)
            .all(self.s.db)
            .await?;
        self.team_views(teams).await
    }

    async fn team_views(&self, teams: Vec<guidance_team::Model>) -> Result<Vec<TeamView>> {
        let ids: Vec<i64> = teams.iter().map(|t| t.id).collect();
        let members: Vec<guidance_team_member::Model> = crate::find_in(
            self.s.db,
            guidance_team_member::Entity::find(),
            guidance_team_member::Column::TeamId,
            &ids,
        )
        .await?;
        let people = names_of(self.s.db, members.iter().map(|m| m.person_id).collect()).await?;
        let nodes =
            crate::kit::sql::node_names(self.s.db, teams.iter().map(|t| t.node_id).collect())
                .await?;
        Ok(teams
            .into_iter()
            .map(|t| {
                let mut ms: Vec<TeamMemberView> = members
                    .iter()
                    .filter(|m| m.team_id == t.id)
                    .map(|m| TeamMemberView {
                        id: m.id,
                        person_id: m.person_id,
                        name: people.get(&m.person_id).cloned().unwrap_or_default(),
                        rank: m.rank.clone(),
                        duty: m.duty.clone(),
                    })
                    .collect();
                ms.sort_by_key(|m| {
                    (
                        touyan_domain::enterprise::links::RANKS
                            .iter()
                            .position(|r| *r == m.rank),
                        m.id,
                    )
                });
                let count = |rank: &str| ms.iter().filter(|m| m.rank == rank).count() as u64;
                let manage = touyan_domain::tree::TreePath::parse(&t.node_path)
                    .map(|p| self.s.actor.can(Permission::EnterpriseWrite, &p))
                    .unwrap_or(false);
                TeamView {
                    county: count("county"),
                    section: count("section"),
                    id: t.id,
                    node_id: t.node_id,
                    node_name: nodes.get(&t.node_id).cloned().unwrap_or_default(),
                    name: t.name,
                    members: ms,
                    manage,
                }
            })
            .collect())
    }

    pub async fn team(&self, team_id: i64) -> Result<TeamView> {
        let (t, _) = self
            .s
            .load_for_read::<guidance_team::Entity, _>(self.s.db, team_id)
            .await?;
        Ok(self.team_views(vec![t]).await?.remove(0))
    }

    /// Forms a guidance team at a node the caller may change the ledger of.
    pub async fn create_team(&self, node_id: i64, name: &str) -> Result<TeamView> {
        let name = touyan_domain::fields::parse_text("name", name, 100, "err.too_long_100")?
            .ok_or_else(|| StorageError::field("name", "err.required"))?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (node, path) = node_for(
            &self.s,
            txn,
            node_id,
            Permission::EnterpriseWrite,
            "node_id",
        )
        .await?;
        let now = now_ms();
        let t = guidance_team::ActiveModel {
            node_id: Set(node.id),
            node_path: Set(node.path),
            name: Set(name),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        work.record(Entry {
            action: "create",
            record_type: "guidance_team",
            record_id: Some(t.id.to_string()),
            node: Some((node_id, &path)),
            before: None,
            after: Some(json!({"name": t.name, "node_id": node_id})),
        })
        .await?;
        work.commit().await?;
        Ok(self.team_views(vec![t]).await?.remove(0))
    }

    /// Deletes a team with its member list.
    pub async fn delete_team(&self, team_id: i64) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (t, path) = self
            .s
            .load_for_write::<guidance_team::Entity, _>(txn, team_id)
            .await?;
        guidance_team_member::Entity::delete_many()
            .filter(guidance_team_member::Column::TeamId.eq(team_id))
            .exec(txn)
            .await?;
        guidance_team::Entity::delete_by_id(team_id)
            .exec(txn)
            .await?;
        work.record(Entry {
            action: "delete",
            record_type: "guidance_team",
            record_id: Some(team_id.to_string()),
            node: Some((t.node_id, &path)),
            before: Some(json!({"name": t.name, "node_id": t.node_id})),
            after: None,
        })
        .await?;
        work.commit().await
    }

    /// Adds a person the caller reads to a team it may change.
    pub async fn add_team_member(&self, team_id: i64, m: TeamMember) -> Result<TeamView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (t, path) = self
            .s
            .load_for_write::<guidance_team::Entity, _>(txn, team_id)
            .await?;
        person_in_reach(&self.s, txn, m.person_id, "person_id").await?;
        let already = guidance_team_member::Entity::find()
            .filter(guidance_team_member::Column::TeamId.eq(team_id))
            .filter(guidance_team_member::Column::PersonId.eq(m.person_id))
            .one(txn)
            .await?;
        if already.is_some() {
            return Err(StorageError::conflict(
                "person_id",
                "err.team_member_exists",
            ));
        }
        guidance_team_member::ActiveModel {
            team_id: Set(team_id),
            person_id: Set(m.person_id),
            rank: Set(m.rank.clone()),
            duty: Set(m.duty.clone()),
            created_at: Set(now_ms()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        work.record(Entry {
            action: "join",
            record_type: "guidance_team",
            record_id: Some(team_id.to_string()),
            node: Some((t.node_id, &path)),
            before: None,
            after: Some(json!({"person_id": m.person_id, "rank": m.rank, "duty": m.duty})),
        })
        .await?;
        work.commit().await?;
        self.team(team_id).await
    }

    pub async fn remove_team_member(&self, team_id: i64, member_id: i64) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (t, path) = self
            .s
            .load_for_write::<guidance_team::Entity, _>(txn, team_id)
            .await?;
        let row = guidance_team_member::Entity::find_by_id(member_id)
            .filter(guidance_team_member::Column::TeamId.eq(team_id))
            .one(txn)
            .await?
            .ok_or(StorageError::NotFound)?;
        guidance_team_member::Entity::delete_by_id(member_id)
            .exec(txn)
            .await?;
        work.record(Entry {
            action: "leave",
            record_type: "guidance_team",
            record_id: Some(team_id.to_string()),
            node: Some((t.node_id, &path)),
            before: Some(json!({"person_id": row.person_id, "rank": row.rank})),
            after: None,
        })
        .await?;
        work.commit().await
    }
}
