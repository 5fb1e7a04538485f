//! Mentorship (名师帮带) and training sessions (学习培训) kept inside a studio. Every read goes
//! through the studio's scope (both kinds are filed under their studio, see
//! `crate::scope::FiledUnder`); every write checks it inside its transaction, and is audited. People a record names are checked with
//! [`person_in_reach`].

mod figures;
mod sessions;
mod training;
mod write;

pub(crate) use figures::{ledger, studio_counts};
pub use touyan_domain::studio::mentorship::TrainingPatch;
pub use training::{TrainingRepo, TrainingView};

use super::files::{attach_in, drop_files_of, files_of, FileView};
use super::studio_names;
use super::{names_of, person_in_reach, studio_node};
use crate::audit::Entry;
use crate::entity::mentorship_tables::{
    studio_mentorship as sm, studio_mentorship_apprentice as sma, studio_mentorship_outcome as smo,
    studio_mentorship_session as sms, studio_training as stt,
};
use crate::entity::{person, studio};
use crate::find_in;
use crate::kit::files::Upload;
use crate::kit::ledger::LedgerEvent;
use crate::kit::today;
use crate::kit::work::{StateMove, Work};
use crate::{fetch_page, now_ms, Page, Result, Scoped, StorageError};
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;
use serde_json::json;
use std::collections::{BTreeMap, HashMap, HashSet};
use touyan_domain::paging::PageRequest;
use touyan_domain::studio::mentorship::{
    attendance_rate, parse_closing, parse_outcome, parse_session, ApprenticeInput, CloseInput,
    Mentorship, MentorshipInput, OutcomeInput, Recorded, SessionInput, Training, TrainingInput,
};
use touyan_domain::tree::TreePath;

/// Ids per `IN (...)` list, well below what either engine binds in one statement.
const CHUNK: usize = 500;

/// The owner kind of a training session's materials in `studio_file`.
pub const MATERIAL_KIND: &str = "training";

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ApprenticeView {
    pub person_id: i64,
    pub person_name: String,
    /// `core` or `other`.
    pub tier: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SessionView {
    pub id: i64,
    pub mentorship_id: i64,
    pub held_on: NaiveDate,
    pub content: String,
    /// Hours, with one decimal.
    pub hours: f64,
    pub created_at: i64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OutcomeView {
    pub id: i64,
    pub mentorship_id: i64,
    pub person_id: i64,
    pub person_name: String,
    /// `promoted`, `certified`, `subproject` or `award`.
    pub kind: String,
    pub achieved_on: NaiveDate,
    pub description: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MentorshipView {
    pub id: i64,
    pub studio_id: i64,
    pub studio_name: String,
    pub title: String,
    pub mentor_id: i64,
    pub mentor_name: String,
    /// `pair` (一对一带教) or `group` (1+5+N).
    pub shape: String,
    pub started_on: NaiveDate,
    pub planned_end_on: Option<NaiveDate>,
    pub goals: String,
    pub plan: Option<String>,
    /// Set once closed; a closed mentorship takes no new sessions.
    pub closed_on: Option<NaiveDate>,
    /// `excellent`, `good`, `pass` or `fail`.
    pub grade: Option<String>,
    pub closing_comment: Option<String>,
    /// Core apprentices first.
    pub apprentices: Vec<ApprenticeView>,
    /// Oldest first.
    pub sessions: Vec<SessionView>,
    /// Oldest first.
    pub outcomes: Vec<OutcomeView>,
    /// Hours of all session records.
    pub hours: f64,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Default)]
pub struct MentorshipFilter {
    /// `open` or `closed`.
    pub state: Option<String>,
    /// Mentorships this person leads or is an apprentice in.
    pub person: Option<i64>,
}

pub use touyan_domain::studio::mentorship::MentorshipPatch;

/// Mentorships, session records and outcomes of a studio, for its overview.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct MentorshipCounts {
    pub mentorships_open: u64,
    pub mentorships_closed: u64,
    /// Distinct people who are or were apprentices.
    pub apprentices: u64,
    pub sessions: u64,
    /// Outcome kind → number recorded.
    pub outcomes: BTreeMap<String, u64>,
    pub training_sessions: u64,
    pub training_expected: u64,
    pub training_attended: u64,
    /// Everyone who attended over everyone expected, over all training sessions, in percent
    /// with one decimal.
    pub average_attendance: f64,
}

fn hours_of(tenths: i64) -> f64 {
    tenths as f64 / 10.0
}

fn mentorship_json(m: &sm::Model, apprentices: &[(i64, String)]) -> serde_json::Value {
    json!({"studio_id": m.studio_id, "title": m.title, "mentor_id": m.mentor_id,
           "shape": m.shape, "started_on": m.started_on, "planned_end_on": m.planned_end_on,
           "goals": m.goals, "plan": m.plan, "closed_on": m.closed_on, "grade": m.grade,
           "closing_comment": m.closing_comment,
           "apprentices": apprentices.iter()
               .map(|(p, t)| json!({"person_id": p, "tier": t})).collect::<Vec<_>>()})
}

fn session_json(m: &sms::Model) -> serde_json::Value {
    json!({"mentorship_id": m.mentorship_id, "held_on": m.held_on, "content": m.content,
           "hours_tenths": m.hours_tenths})
}

fn outcome_json(m: &smo::Model) -> serde_json::Value {
    json!({"mentorship_id": m.mentorship_id, "person_id": m.person_id, "kind": m.kind,
           "achieved_on": m.achieved_on, "description": m.description})
}

fn file_json(f: &FileView) -> serde_json::Value {
    json!({"studio_id": f.studio_id, "owner_kind": f.owner_kind, "owner_id": f.owner_id,
           "file_name": f.file_name, "size": f.size})
}

fn sorted_unique(mut ids: Vec<i64>) -> Vec<i64> {
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Person names by id, in chunks.
async fn names<C: ConnectionTrait>(conn: &C, ids: Vec<i64>) -> Result<HashMap<i64, String>> {
    let mut out = HashMap::new();
    for c in sorted_unique(ids).chunks(CHUNK) {
        out.extend(names_of(conn, c.to_vec()).await?);
    }
    Ok(out)
}

async fn apprentices_of<C: ConnectionTrait>(conn: &C, ids: &[i64]) -> Result<Vec<sma::Model>> {
    let q = sma::Entity::find().order_by_asc(sma::Column::Id);
    find_in(conn, q, sma::Column::MentorshipId, ids).await
}

async fn sessions_of<C: ConnectionTrait>(conn: &C, ids: &[i64]) -> Result<Vec<sms::Model>> {
    let q = sms::Entity::find()
        .order_by_asc(sms::Column::HeldOn)
        .order_by_asc(sms::Column::Id);
    find_in(conn, q, sms::Column::MentorshipId, ids).await
}

async fn outcomes_of<C: ConnectionTrait>(conn: &C, ids: &[i64]) -> Result<Vec<smo::Model>> {
    let q = smo::Entity::find()
        .order_by_asc(smo::Column::AchievedOn)
        .order_by_asc(smo::Column::Id);
    find_in(conn, q, smo::Column::MentorshipId, ids).await
}

/// Mentorships with everything recorded under them, in the order given.
async fn views<C: ConnectionTrait>(conn: &C, rows: Vec<sm::Model>) -> Result<Vec<MentorshipView>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let apprentices = apprentices_of(conn, &ids).await?;
    let sessions = sessions_of(conn, &ids).await?;
    let outcomes = outcomes_of(conn, &ids).await?;
    let mut people: Vec<i64> = rows.iter().map(|r| r.mentor_id).collect();
    people.extend(apprentices.iter().map(|a| a.person_id));
    people.extend(outcomes.iter().map(|o| o.person_id));
    let names = names(conn, people).await?;
    let studios = studio_names(conn, rows.iter().map(|r| r.studio_id).collect()).await?;
    let name = |id: i64| names.get(&id).cloned().unwrap_or_default();
    let mut by_app: HashMap<i64, Vec<ApprenticeView>> = HashMap::new();
    for a in apprentices {
        by_app
            .entry(a.mentorship_id)
            .or_default()
            .push(ApprenticeView {
                person_name: name(a.person_id),
                person_id: a.person_id,
                tier: a.tier,
            });
    }
    let mut by_session: HashMap<i64, Vec<SessionView>> = HashMap::new();
    let mut tenths: HashMap<i64, i64> = HashMap::new();
    for s in sessions {
        *tenths.entry(s.mentorship_id).or_default() += i64::from(s.hours_tenths);
        by_session
            .entry(s.mentorship_id)
            .or_default()
            .push(SessionView {
                id: s.id,
                mentorship_id: s.mentorship_id,
                held_on: s.held_on,
                content: s.content,
                hours: hours_of(i64::from(s.hours_tenths)),
                created_at: s.created_at,
            });
    }
    let mut by_outcome: HashMap<i64, Vec<OutcomeView>> = HashMap::new();
    for o in outcomes {
        by_outcome
            .entry(o.mentorship_id)
            .or_default()
            .push(OutcomeView {
                id: o.id,
                mentorship_id: o.mentorship_id,
                person_name: name(o.person_id),
                person_id: o.person_id,
                kind: o.kind,
                achieved_on: o.achieved_on,
                description: o.description,
                created_at: o.created_at,
            });
    }
    Ok(rows
        .into_iter()
        .map(|m| {
            let mut apprentices = by_app.remove(&m.id).unwrap_or_default();
            apprentices.sort_by_key(|a| a.tier != "core");
            MentorshipView {
                id: m.id,
                studio_id: m.studio_id,
                studio_name: studios.get(&m.studio_id).cloned().unwrap_or_default(),
                title: m.title,
                mentor_name: name(m.mentor_id),
                mentor_id: m.mentor_id,
                shape: m.shape,
                started_on: m.started_on,
                planned_end_on: m.planned_end_on,
                goals: m.goals,
                plan: m.plan,
                closed_on: m.closed_on,
                grade: m.grade,
                closing_comment: m.closing_comment,
                apprentices,
                sessions: by_session.remove(&m.id).unwrap_or_default(),
                outcomes: by_outcome.remove(&m.id).unwrap_or_default(),
                hours: hours_of(tenths.get(&m.id).copied().unwrap_or(0)),
                created_at: m.created_at,
                updated_at: m.updated_at,
            }
        })
        .collect())
}

/// The dates recorded under a mentorship that its start must precede.
async fn recorded<C: ConnectionTrait>(conn: &C, m: &sm::Model) -> Result<Recorded> {
    let first_session: Option<NaiveDate> = sms::Entity::find()
        .select_only()
        .column(sms::Column::HeldOn)
        .filter(sms::Column::MentorshipId.eq(m.id))
        .order_by_asc(sms::Column::HeldOn)
        .into_tuple()
        .one(conn)
        .await?;
    let first_outcome: Option<NaiveDate> = smo::Entity::find()
        .select_only()
        .column(smo::Column::AchievedOn)
        .filter(smo::Column::MentorshipId.eq(m.id))
        .order_by_asc(smo::Column::AchievedOn)
        .into_tuple()
        .one(conn)
        .await?;
    Ok(Recorded {
        first_session,
        first_outcome,
        closed_on: m.closed_on,
    })
}

async fn last_session<C: ConnectionTrait>(
    conn: &C,
    mentorship_id: i64,
) -> Result<Option<NaiveDate>> {
    Ok(sms::Entity::find()
        .select_only()
        .column(sms::Column::HeldOn)
        .filter(sms::Column::MentorshipId.eq(mentorship_id))
        .order_by_desc(sms::Column::HeldOn)
        .into_tuple()
        .one(conn)
        .await?)
}

/// Takes the mentorship's row for the rest of the transaction, so that a closing and a new
/// session cannot pass each other; answers whether it was still open.
async fn lock_open<C: ConnectionTrait>(conn: &C, mentorship_id: i64) -> Result<bool> {
    let res = sm::Entity::update_many()
        .col_expr(sm::Column::UpdatedAt, Expr::value(now_ms()))
        .filter(sm::Column::Id.eq(mentorship_id))
        .filter(sm::Column::ClosedOn.is_null())
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}

fn with_patch(m: &sm::Model, current: &[sma::Model], p: MentorshipPatch) -> MentorshipInput {
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    MentorshipInput {
        title: p.title.unwrap_or_else(|| m.title.clone()),
        mentor_id: p.mentor_id.or(Some(m.mentor_id)),
        shape: p.shape.unwrap_or_else(|| m.shape.clone()),
        apprentices: p.apprentices.unwrap_or_else(|| {
            current
                .iter()
                .map(|a| ApprenticeInput {
                    person_id: Some(a.person_id),
                    tier: a.tier.clone(),
                })
                .collect()
        }),
        started_on: p.started_on.unwrap_or_else(|| m.started_on.to_string()),
        goals: p.goals.unwrap_or_else(|| m.goals.clone()),
        plan: p.plan.unwrap_or_else(|| m.plan.clone().unwrap_or_default()),
        planned_end_on: p.planned_end_on.unwrap_or_else(|| date(m.planned_end_on)),
    }
}

pub struct MentorshipRepo<'a> {
    pub(crate) s: Scoped<'a>,
}

impl MentorshipRepo<'_> {
    fn filtered(&self, studio_id: i64, f: &MentorshipFilter) -> sea_orm::Select<sm::Entity> {
        let mut q = sm::Entity::find().filter(sm::Column::StudioId.eq(studio_id));
        match f.state.as_deref().map(str::trim) {
            Some("open") => q = q.filter(sm::Column::ClosedOn.is_null()),
            Some("closed") => q = q.filter(sm::Column::ClosedOn.is_not_null()),
            _ => {}
        }
        if let Some(pid) = f.person {
            let as_apprentice = Query::select()
                .column(sma::Column::MentorshipId)
                .from(sma::Entity)
                .and_where(sma::Column::PersonId.eq(pid))
                .to_owned();
            q = q.filter(
                sm::Column::MentorId
                    .eq(pid)
                    .or(sm::Column::Id.in_subquery(as_apprentice)),
            );
        }
        q
    }

    /// Mentorships of a studio, newest start first.
    pub async fn list(
        &self,
        studio_id: i64,
        f: &MentorshipFilter,
        page: PageRequest,
    ) -> Result<Page<MentorshipView>> {
        self.s
            .parent_for_read::<sm::Entity, _>(self.s.db, studio_id)
            .await?;
        let q = self.filtered(studio_id, f);
        let mut p = fetch_page(
            self.s.db,
            q,
            |q| {
                q.order_by_desc(sm::Column::StartedOn)
                    .order_by_desc(sm::Column::Id)
            },
            page,
        )
        .await?;
        let rows = std::mem::take(&mut p.items);
        Ok(p.with_items(views(self.s.db, rows).await?))
    }

    /// Every mentorship of a studio (for its export), at most `cap`.
    pub async fn all_in_studio(&self, studio_id: i64, cap: u64) -> Result<Vec<MentorshipView>> {
        self.s
            .parent_for_read::<sm::Entity, _>(self.s.db, studio_id)
            .await?;
        let rows = self
            .filtered(studio_id, &MentorshipFilter::default())
            .order_by_asc(sm::Column::StartedOn)
            .order_by_asc(sm::Column::Id)
            .limit(cap)
            .all(self.s.db)
            .await?;
        views(self.s.db, rows).await
    }

    /// Every mentorship of the studios the caller reads, by studio, at most `cap`.
    pub async fn all(&self, cap: u64) -> Result<Vec<MentorshipView>> {
        let seen = self.s.list_filter_under::<sm::Entity>(None).await?;
        let rows = sm::Entity::find()
            .filter(seen)
            .order_by_asc(sm::Column::StudioId)
            .order_by_asc(sm::Column::StartedOn)
            .order_by_asc(sm::Column::Id)
            .limit(cap)
            .all(self.s.db)
            .await?;
        views(self.s.db, rows).await
    }

    pub async fn get(&self, studio_id: i64, id: i64) -> Result<MentorshipView> {
        let s = self.s;
        let (m, _, _) = s
            .load_under_for_read::<sm::Entity, _>(s.db, studio_id, id)
            .await?;
        Ok(views(self.s.db, vec![m]).await?.remove(0))
    }

    /// Mentorship and training figures of a studio, for its overview.
    pub async fn counts(&self, studio_id: i64) -> Result<MentorshipCounts> {
        self.s
            .parent_for_read::<sm::Entity, _>(self.s.db, studio_id)
            .await?;
        studio_counts(self.s.db, studio_id).await
    }
}
