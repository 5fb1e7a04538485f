//! Incubated projects (项目孵化 [000], "让创意变项目，让项目变成果，让成果变效益" [002]): the
//! project with its team, its stage moves, milestones, yearly benefit and files.

mod progress;
mod write;

use super::nonblank;
use crate::audit::Entry;
use crate::entity::activity_tables::{
    studio_project, studio_project_benefit, studio_project_member, studio_project_milestone,
    studio_project_stage,
};
use crate::kit::files::Upload;
use crate::kit::today;
use crate::kit::work::{StateMove, Work};
use crate::scope::Under;
use crate::studio::files::{attach_in, drop_files_of, files_of, FileView};
use crate::studio::{names_of, person_in_reach, studio_node};
use crate::{fetch_page, now_ms, Page, Result, Scoped, StorageError};
use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;
use serde_json::json;
use std::collections::{HashMap, HashSet};
use touyan_domain::paging::PageRequest;
use touyan_domain::studio::activity::Fen;
use touyan_domain::studio::project::{
    benefit_totals, parse_team_role, BenefitInput, BenefitTotals, MilestoneInput, ProjectInput,
    Stage, StageMoveInput,
};
use touyan_domain::FieldErrors;

/// The owner kind of a project's files (the alliance shares them with the project).
pub const FILE_OWNER: &str = "project";

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProjectView {
    pub id: i64,
    pub studio_id: i64,
    pub title: String,
    pub description: Option<String>,
    /// `idea`, `project`, `result` or `benefit`.
    pub stage: String,
    /// When the project reached its stage.
    pub stage_on: NaiveDate,
    pub started_on: NaiveDate,
    /// 投入, in fen.
    pub investment_fen: i64,
    /// Benefit recorded so far (增收 + 节支), in fen.
    pub total_benefit_fen: i64,
    pub shared: bool,
    pub team: Vec<TeamMemberView>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TeamMemberView {
    pub person_id: i64,
    pub person_name: String,
    pub role: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StageView {
    pub id: i64,
    pub from_stage: Option<String>,
    pub to_stage: String,
    pub moved_on: NaiveDate,
    pub note: Option<String>,
    pub user_name: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MilestoneView {
    pub id: i64,
    pub project_id: i64,
    pub title: String,
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
    /// Past its due date and not done.
    pub overdue: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BenefitView {
    pub id: i64,
    pub project_id: i64,
    pub year: i32,
    /// 增收, in fen.
    pub revenue_fen: i64,
    /// 节支, in fen.
    pub saving_fen: i64,
    pub total_fen: i64,
    pub note: Option<String>,
}

/// A project's benefit against its investment.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TotalsView {
    pub investment_fen: i64,
    pub revenue_fen: i64,
    pub saving_fen: i64,
    pub total_fen: i64,
    /// Total less investment; negative until the project has paid for itself.
    pub net_fen: i64,
    /// Total ÷ investment; absent when nothing was invested.
    pub payback: Option<f64>,
}

impl From<BenefitTotals> for TotalsView {
    fn from(t: BenefitTotals) -> Self {
        TotalsView {
            investment_fen: t.investment.0,
            revenue_fen: t.revenue.0,
            saving_fen: t.saving.0,
            total_fen: t.total.0,
            net_fen: t.net.0,
            payback: t.payback,
        }
    }
}

/// A project with everything recorded about it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProjectDetail {
    pub project: ProjectView,
    /// Oldest first.
    pub stages: Vec<StageView>,
    pub milestones: Vec<MilestoneView>,
    pub benefits: Vec<BenefitView>,
    pub totals: TotalsView,
    pub files: Vec<FileView>,
}

#[derive(Debug, Clone, Default)]
pub struct ProjectFilter {
    pub stage: Option<String>,
    /// Part of the title (ASCII letters in any case).
    pub q: Option<String>,
}

pub use touyan_domain::studio::project::{MilestonePatch, ProjectPatch, TeamInput};

pub struct ProjectRepo<'a> {
    pub(crate) s: Scoped<'a>,
}

fn project_json(m: &studio_project::Model) -> serde_json::Value {
    json!({"studio_id": m.studio_id, "title": m.title, "description": m.description,
           "stage": m.stage, "stage_on": m.stage_on, "started_on": m.started_on,
           "investment_fen": m.investment_fen, "shared": m.shared})
}

fn milestone_json(m: &studio_project_milestone::Model) -> serde_json::Value {
    json!({"project_id": m.project_id, "title": m.title, "due_on": m.due_on,
           "done_on": m.done_on})
}

fn benefit_json(m: &studio_project_benefit::Model) -> serde_json::Value {
    json!({"project_id": m.project_id, "year": m.year, "revenue_fen": m.revenue_fen,
           "saving_fen": m.saving_fen, "note": m.note})
}

fn stage_of(m: &studio_project::Model) -> Result<Stage> {
    Stage::from_code(&m.stage).ok_or(StorageError::NotFound)
}

/// (revenue, saving) of each benefit entry of the projects, by project.
async fn benefits_by_project<C: ConnectionTrait>(
    conn: &C,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<(Fen, Fen)>>> {
    let mut out: HashMap<i64, Vec<(Fen, Fen)>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let rows: Vec<(i64, i64, i64)> = studio_project_benefit::Entity::find()
        .select_only()
        .column(studio_project_benefit::Column::ProjectId)
        .column(studio_project_benefit::Column::RevenueFen)
        .column(studio_project_benefit::Column::SavingFen)
        .filter(studio_project_benefit::Column::ProjectId.is_in(ids.to_vec()))
        .into_tuple()
        .all(conn)
        .await?;
    for (pid, r, s) in rows {
        out.entry(pid).or_default().push((Fen(r), Fen(s)));
    }
    Ok(out)
}

/// Every project of a studio with its benefit entries: (stage, investment, entries).
pub(crate) async fn studio_benefits<C: ConnectionTrait>(
    conn: &C,
    studio_id: i64,
) -> Result<Vec<(String, Fen, Vec<(Fen, Fen)>)>> {
    let rows: Vec<(i64, String, i64)> = studio_project::Entity::find()
        .select_only()
        .column(studio_project::Column::Id)
        .column(studio_project::Column::Stage)
        .column(studio_project::Column::InvestmentFen)
        .filter(studio_project::Column::StudioId.eq(studio_id))
        .into_tuple()
        .all(conn)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let mut by = benefits_by_project(conn, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|(id, stage, inv)| (stage, Fen(inv), by.remove(&id).unwrap_or_default()))
        .collect())
}

impl ProjectRepo<'_> {
    async fn views(&self, rows: Vec<studio_project::Model>) -> Result<Vec<ProjectView>> {
        let db = self.s.db;
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let members = if ids.is_empty() {
            vec![]
        } else {
            studio_project_member::Entity::find()
                .filter(studio_project_member::Column::ProjectId.is_in(ids.clone()))
                .order_by_asc(studio_project_member::Column::Id)
                .all(db)
                .await?
        };
        let names = names_of(db, members.iter().map(|m| m.person_id).collect()).await?;
        let mut teams: HashMap<i64, Vec<TeamMemberView>> = HashMap::new();
        for m in members {
            teams.entry(m.project_id).or_default().push(TeamMemberView {
                person_id: m.person_id,
                person_name: names.get(&m.person_id).cloned().unwrap_or_default(),
                role: m.role,
            });
        }
        let benefits = benefits_by_project(db, &ids).await?;
        let mut out = Vec::with_capacity(rows.len());
        for m in rows {
            let t = benefit_totals(
                Fen(m.investment_fen),
                benefits.get(&m.id).map(Vec::as_slice).unwrap_or(&[]),
            )?;
            out.push(ProjectView {
                id: m.id,
                studio_id: m.studio_id,
                team: teams.remove(&m.id).unwrap_or_default(),
                total_benefit_fen: t.total.0,
                title: m.title,
                description: m.description,
                stage: m.stage,
                stage_on: m.stage_on,
                started_on: m.started_on,
                investment_fen: m.investment_fen,
                shared: m.shared,
                created_at: m.created_at,
                updated_at: m.updated_at,
            });
        }
        Ok(out)
    }

    async fn detail(&self, m: studio_project::Model) -> Result<ProjectDetail> {
        let db = self.s.db;
        let id = m.id;
        let studio_id = m.studio_id;
        let investment = Fen(m.investment_fen);
        let project = self.views(vec![m]).await?.remove(0);
        let stages = studio_project_stage::Entity::find()
            .filter(studio_project_stage::Column::ProjectId.eq(id))
            .order_by_asc(studio_project_stage::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|s| StageView {
                id: s.id,
                from_stage: s.from_stage,
                to_stage: s.to_stage,
                moved_on: s.moved_on,
                note: s.note,
                user_name: s.user_name,
                created_at: s.created_at,
            })
            .collect();
        let today = today();
        let milestones = studio_project_milestone::Entity::find()
            .filter(studio_project_milestone::Column::ProjectId.eq(id))
            .order_by_asc(studio_project_milestone::Column::DueOn)
            .order_by_asc(studio_project_milestone::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|x| milestone_view(x, today))
            .collect();
        let rows = studio_project_benefit::Entity::find()
            .filter(studio_project_benefit::Column::ProjectId.eq(id))
            .order_by_asc(studio_project_benefit::Column::Year)
            .all(db)
            .await?;
        let pairs: Vec<(Fen, Fen)> = rows
            .iter()
            .map(|b| (Fen(b.revenue_fen), Fen(b.saving_fen)))
            .collect();
        let totals = benefit_totals(investment, &pairs)?.into();
        let benefits = rows.into_iter().map(benefit_view).collect();
        let files = files_of(db, studio_id, FILE_OWNER, &[id]).await?;
        Ok(ProjectDetail {
            project,
            stages,
            milestones,
            benefits,
            totals,
            files,
        })
    }

    /// A studio's projects, newest first.
    pub async fn list(
        &self,
        studio_id: i64,
        f: &ProjectFilter,
        page: PageRequest,
    ) -> Result<Page<ProjectView>> {
        let seen = self
            .s
            .filter_under::<studio_project::Entity, _>(self.s.db, studio_id)
            .await?;
        let mut q = studio_project::Entity::find().filter(seen);
        if let Some(st) = nonblank(&f.stage) {
            q = q.filter(studio_project::Column::Stage.eq(st));
        }
        if let Some(t) = nonblank(&f.q) {
            q = q.filter(super::contains_ci(studio_project::Column::Title, &t));
        }
        let mut p = fetch_page(
            self.s.db,
            q,
            |q| {
                q.order_by_desc(studio_project::Column::StartedOn)
                    .order_by_desc(studio_project::Column::Id)
            },
            page,
        )
        .await?;
        let rows = std::mem::take(&mut p.items);
        Ok(p.with_items(self.views(rows).await?))
    }

    /// Projects by stage in a studio.
    pub async fn stage_counts(&self, studio_id: i64) -> Result<Vec<(String, u64)>> {
        self.s
            .parent_for_read::<studio_project::Entity, _>(self.s.db, studio_id)
            .await?;
        stage_counts(self.s.db, studio_id).await
    }

    pub async fn get(&self, studio_id: i64, project_id: i64) -> Result<ProjectDetail> {
        let s = self.s;
        let (m, _, _) = s
            .load_under_for_read::<studio_project::Entity, _>(s.db, studio_id, project_id)
            .await?;
        self.detail(m).await
    }

    /// Moves a project one stage forward, dated no earlier than its last move.
    pub async fn move_stage(
        &self,
        studio_id: i64,
        project_id: i64,
        input: &StageMoveInput,
    ) -> Result<ProjectDetail> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, st, path) = self.for_write(txn, studio_id, project_id).await?;
        let from = stage_of(&m)?;
        let mv = input.parse(from, m.stage_on, today())?;
        let now = now_ms();
        let after = json!({"stage": mv.to.code(), "stage_on": mv.on, "note": mv.note});
        // Made only if nobody moved the project meanwhile.
        let change = StateMove::<studio_project::Entity> {
            id_column: studio_project::Column::Id,
            id: project_id,
            state_column: studio_project::Column::Stage,
            from: Some(from.code().into()),
            set: vec![
                (studio_project::Column::Stage, mv.to.code().into()),
                (studio_project::Column::StageOn, mv.on.into()),
                (studio_project::Column::UpdatedAt, now.into()),
            ],
            unchanged: vec![],
            refused: "rule.proj_moved_meanwhile",
            entry: Entry {
                action: "stage",
                record_type: "studio_project",
                record_id: Some(project_id.to_string()),
                node: Some(studio_node(&st, &path)),
                before: Some(json!({"stage": from.code(), "stage_on": m.stage_on})),
                after: Some(after),
            },
        };
        let history = studio_project_stage::ActiveModel {
            project_id: Set(project_id),
            from_stage: Set(Some(from.code().to_string())),
            to_stage: Set(mv.to.code().to_string()),
            moved_on: Set(mv.on),
            note: Set(mv.note),
            user_id: Set(self.s.actor.user_id),
            user_name: Set(self.s.actor.display_name.clone()),
            created_at: Set(now),
            ..Default::default()
        };
        work.move_state(change, history).await?;
        work.commit().await?;
        let m = studio_project::Entity::find_by_id(project_id)
            .one(self.s.db)
            .await?
            .ok_or(StorageError::NotFound)?;
        self.detail(m).await
    }
}

/// Projects by stage in a studio, in pipeline order (stages without projects left out).
pub(crate) async fn stage_counts<C: ConnectionTrait>(
    conn: &C,
    studio_id: i64,
) -> Result<Vec<(String, u64)>> {
    let rows: Vec<(String, i64)> = studio_project::Entity::find()
        .select_only()
        .column(studio_project::Column::Stage)
        .column_as(studio_project::Column::Id.count(), "n")
        .filter(studio_project::Column::StudioId.eq(studio_id))
        .group_by(studio_project::Column::Stage)
        .into_tuple()
        .all(conn)
        .await?;
    let by: HashMap<String, i64> = rows.into_iter().collect();
    Ok(Stage::ALL
        .iter()
        .filter_map(|s| by.get(s.code()).map(|n| (s.code().to_string(), *n as u64)))
        .collect())
}

fn milestone_view(m: studio_project_milestone::Model, today: NaiveDate) -> MilestoneView {
    MilestoneView {
        id: m.id,
        project_id: m.project_id,
        overdue: m.done_on.is_none() && m.due_on < today,
        title: m.title,
        due_on: m.due_on,
        done_on: m.done_on,
    }
}

fn benefit_view(m: studio_project_benefit::Model) -> BenefitView {
    BenefitView {
        id: m.id,
        project_id: m.project_id,
        year: m.year,
        revenue_fen: m.revenue_fen,
        saving_fen: m.saving_fen,
        total_fen: m.revenue_fen.saturating_add(m.saving_fen),
        note: m.note,
    }
}
