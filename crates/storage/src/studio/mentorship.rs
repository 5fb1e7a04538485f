//! Mentorship (名师帮带) and training sessions (学习培训) kept inside a studio. Every read goes
//! through the studio's scope (both kinds are filed under their studio, see
//! `crate::scope::FiledUnder`); every write checks it inside its transaction, and is audited. People a record names are checked with
//! [`person_in_reach`].

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
use crate::kit::today;
use crate::kit::work::{StateMove, Work};
use crate::people::LedgerEvent;
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
    attendance_rate, parse_closing, parse_outcome, parse_session, ApprenticeInput, Mentorship,
    MentorshipInput, Recorded, Training, TrainingInput,
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

/// Changes to a mentorship; `None` keeps a field, `Some("")` clears an optional one.
#[derive(Debug, Clone, Default)]
pub struct MentorshipPatch {
    pub title: Option<String>,
    pub mentor_id: Option<i64>,
    pub shape: Option<String>,
    pub apprentices: Option<Vec<ApprenticeInput>>,
    pub started_on: Option<String>,
    pub goals: Option<String>,
    pub plan: Option<String>,
    pub planned_end_on: Option<String>,
}

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

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TrainingView {
    pub id: i64,
    pub studio_id: i64,
    pub topic: String,
    pub held_on: NaiveDate,
    pub expected: i32,
    pub attended: i32,
    /// Attended over expected, in percent with one decimal.
    pub attendance_rate: f64,
    pub place: Option<String>,
    pub summary: Option<String>,
    /// Shared with the studio's alliances as one of its methods.
    pub shared: bool,
    /// Files with owner kind `training`, downloaded at `/studios/files/{id}`.
    pub materials: Vec<FileView>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// Changes to a training session; `None` keeps a field, `Some("")` clears an optional one.
#[derive(Debug, Clone, Default)]
pub struct TrainingPatch {
    pub topic: Option<String>,
    pub held_on: Option<String>,
    pub expected: Option<String>,
    pub attended: Option<String>,
    pub place: Option<String>,
    pub summary: Option<String>,
    pub shared: Option<bool>,
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

fn training_json(m: &stt::Model) -> serde_json::Value {
    json!({"studio_id": m.studio_id, "topic": m.topic, "held_on": m.held_on,
           "expected": m.expected, "attended": m.attended, "place": m.place,
           "summary": m.summary, "shared": m.shared})
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

    /// Records a session of an open mentorship.
    pub async fn add_session(
        &self,
        studio_id: i64,
        id: i64,
        held_on: &str,
        content: &str,
        hours: &str,
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
        let rec = parse_session(held_on, content, hours, row.started_on, None, today())?;
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
        closed_on: &str,
        grade: &str,
        comment: &str,
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
            closed_on,
            grade,
            comment,
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
        person_id: Option<i64>,
        kind: &str,
        achieved_on: &str,
        description: &str,
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
            person_id,
            kind,
            achieved_on,
            description,
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

    /// Mentorship and training figures of a studio, for its overview.
    pub async fn counts(&self, studio_id: i64) -> Result<MentorshipCounts> {
        self.s
            .parent_for_read::<sm::Entity, _>(self.s.db, studio_id)
            .await?;
        studio_counts(self.s.db, studio_id).await
    }
}

/// The figures of [`MentorshipCounts`] for a studio already known to be readable.
pub(crate) async fn studio_counts<C: ConnectionTrait>(
    conn: &C,
    studio_id: i64,
) -> Result<MentorshipCounts> {
    let mut c = MentorshipCounts::default();
    let states: Vec<Option<NaiveDate>> = sm::Entity::find()
        .select_only()
        .column(sm::Column::ClosedOn)
        .filter(sm::Column::StudioId.eq(studio_id))
        .into_tuple()
        .all(conn)
        .await?;
    for closed in states {
        if closed.is_some() {
            c.mentorships_closed += 1;
        } else {
            c.mentorships_open += 1;
        }
    }
    let of_studio = || {
        Query::select()
            .column(sm::Column::Id)
            .from(sm::Entity)
            .and_where(sm::Column::StudioId.eq(studio_id))
            .to_owned()
    };
    let people: Vec<i64> = sma::Entity::find()
        .select_only()
        .column(sma::Column::PersonId)
        .distinct()
        .filter(sma::Column::MentorshipId.in_subquery(of_studio()))
        .into_tuple()
        .all(conn)
        .await?;
    c.apprentices = people.len() as u64;
    c.sessions = sms::Entity::find()
        .filter(sms::Column::MentorshipId.in_subquery(of_studio()))
        .count(conn)
        .await?;
    let kinds: Vec<(String, i64)> = smo::Entity::find()
        .select_only()
        .column(smo::Column::Kind)
        .column_as(smo::Column::Id.count(), "n")
        .filter(smo::Column::MentorshipId.in_subquery(of_studio()))
        .group_by(smo::Column::Kind)
        .into_tuple()
        .all(conn)
        .await?;
    c.outcomes = kinds.into_iter().map(|(k, n)| (k, n as u64)).collect();
    let rows: Vec<(i32, i32)> = stt::Entity::find()
        .select_only()
        .column(stt::Column::Expected)
        .column(stt::Column::Attended)
        .filter(stt::Column::StudioId.eq(studio_id))
        .into_tuple()
        .all(conn)
        .await?;
    c.training_sessions = rows.len() as u64;
    for (e, a) in rows {
        c.training_expected += e.max(0) as u64;
        c.training_attended += a.max(0) as u64;
    }
    c.average_attendance = attendance_rate(c.training_attended as i64, c.training_expected as i64);
    Ok(c)
}

/// The growth-ledger events of mentorship for `p`: as an apprentice, the start (with the
/// mentor and the studio), each outcome and the closing grade; as a mentor, the start.
pub(crate) async fn ledger(db: &DatabaseConnection, p: &person::Model) -> Result<Vec<LedgerEvent>> {
    let as_apprentice: Vec<i64> = sma::Entity::find()
        .select_only()
        .column(sma::Column::MentorshipId)
        .filter(sma::Column::PersonId.eq(p.id))
        .into_tuple()
        .all(db)
        .await?;
    let rows = sm::Entity::find()
        .filter(
            sm::Column::MentorId
                .eq(p.id)
                .or(sm::Column::Id.is_in(as_apprentice.clone())),
        )
        .all(db)
        .await?;
    let outcomes = smo::Entity::find()
        .filter(smo::Column::PersonId.eq(p.id))
        .all(db)
        .await?;
    let studios = studio_names(db, rows.iter().map(|r| r.studio_id).collect()).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let apprentices = apprentices_of(db, &ids).await?;
    let mut people: Vec<i64> = rows.iter().map(|r| r.mentor_id).collect();
    people.extend(apprentices.iter().map(|a| a.person_id));
    let names = names(db, people).await?;
    let name = |id: i64| names.get(&id).cloned().unwrap_or_default();
    let ev = |on, kind: String, title: String, detail: Option<String>| LedgerEvent {
        on,
        kind,
        source: "mentorship".into(),
        title,
        detail,
        by: None,
    };
    let mut out = vec![];
    let mut with: HashMap<i64, String> = HashMap::new();
    for m in &rows {
        let studio = studios.get(&m.studio_id).cloned().unwrap_or_default();
        let mentor_in_studio = format!("{} ({studio})", name(m.mentor_id));
        with.insert(m.id, mentor_in_studio.clone());
        if m.mentor_id == p.id {
            let led: Vec<String> = apprentices
                .iter()
                .filter(|a| a.mentorship_id == m.id)
                .map(|a| name(a.person_id))
                .collect();
            out.push(ev(
                m.started_on,
                "ment.mentor_started".into(),
                format!("{} ({studio})", m.title),
                Some(led.join("、")).filter(|s| !s.is_empty()),
            ));
        }
        if as_apprentice.contains(&m.id) {
            out.push(ev(
                m.started_on,
                "ment.apprentice_started".into(),
                mentor_in_studio.clone(),
                Some(m.title.clone()),
            ));
            if let (Some(on), Some(grade)) = (m.closed_on, &m.grade) {
                out.push(ev(
                    on,
                    format!("ment.closed_{grade}"),
                    mentor_in_studio,
                    m.closing_comment.clone(),
                ));
            }
        }
    }
    for o in outcomes {
        out.push(ev(
            o.achieved_on,
            format!("ment.outcome_{}", o.kind),
            o.description,
            with.get(&o.mentorship_id).cloned(),
        ));
    }
    Ok(out)
}

pub struct TrainingRepo<'a> {
    pub(crate) s: Scoped<'a>,
}

async fn training_views<C: ConnectionTrait>(
    conn: &C,
    studio_id: i64,
    rows: Vec<stt::Model>,
) -> Result<Vec<TrainingView>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut files: HashMap<i64, Vec<FileView>> = HashMap::new();
    for c in ids.chunks(CHUNK) {
        for f in files_of(conn, studio_id, MATERIAL_KIND, c).await? {
            files.entry(f.owner_id).or_default().push(f);
        }
    }
    Ok(rows
        .into_iter()
        .map(|m| TrainingView {
            id: m.id,
            studio_id: m.studio_id,
            attendance_rate: attendance_rate(i64::from(m.attended), i64::from(m.expected)),
            topic: m.topic,
            held_on: m.held_on,
            expected: m.expected,
            attended: m.attended,
            place: m.place,
            summary: m.summary,
            shared: m.shared,
            materials: files.remove(&m.id).unwrap_or_default(),
            created_at: m.created_at,
            updated_at: m.updated_at,
        })
        .collect())
}

impl TrainingRepo<'_> {
    /// Training sessions of a studio, newest first.
    pub async fn list(&self, studio_id: i64, page: PageRequest) -> Result<Page<TrainingView>> {
        let seen = self
            .s
            .filter_under::<stt::Entity, _>(self.s.db, studio_id)
            .await?;
        let q = stt::Entity::find().filter(seen);
        let mut p = fetch_page(
            self.s.db,
            q,
            |q| {
                q.order_by_desc(stt::Column::HeldOn)
                    .order_by_desc(stt::Column::Id)
            },
            page,
        )
        .await?;
        let rows = std::mem::take(&mut p.items);
        Ok(p.with_items(training_views(self.s.db, studio_id, rows).await?))
    }

    pub async fn get(&self, studio_id: i64, id: i64) -> Result<TrainingView> {
        let s = self.s;
        let (m, _, _) = s
            .load_under_for_read::<stt::Entity, _>(s.db, studio_id, id)
            .await?;
        Ok(training_views(self.s.db, studio_id, vec![m])
            .await?
            .remove(0))
    }

    async fn attach(
        &self,
        work: &Work<'_>,
        st: &studio::Model,
        path: &TreePath,
        training_id: i64,
        up: &Upload,
    ) -> Result<FileView> {
        let f = attach_in(
            &self.s,
            work.txn(),
            st.id,
            MATERIAL_KIND,
            training_id,
            "file",
            up,
        )
        .await?;
        work.record(Entry {
            action: "upload",
            record_type: "studio_file",
            record_id: Some(f.id.to_string()),
            node: Some(studio_node(st, path)),
            before: None,
            after: Some(file_json(&f)),
        })
        .await?;
        Ok(f)
    }

    /// Records a training session, with its materials if any, in one transaction.
    pub async fn create(
        &self,
        studio_id: i64,
        input: &TrainingInput,
        materials: &[Upload],
    ) -> Result<TrainingView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (st, path) = self
            .s
            .parent_for_write::<stt::Entity, _>(txn, studio_id)
            .await?;
        let t: Training = input.parse(today())?;
        let now = now_ms();
        let m = stt::ActiveModel {
            studio_id: Set(studio_id),
            topic: Set(t.topic),
            held_on: Set(t.held_on),
            expected: Set(t.expected),
            attended: Set(t.attended),
            place: Set(t.place),
            summary: Set(t.summary),
            shared: Set(t.shared),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        work.record(Entry {
            action: "create",
            record_type: "studio_training",
            record_id: Some(m.id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: None,
            after: Some(training_json(&m)),
        })
        .await?;
        for up in materials {
            self.attach(&work, &st, &path, m.id, up).await?;
        }
        work.commit().await?;
        Ok(training_views(self.s.db, studio_id, vec![m])
            .await?
            .remove(0))
    }

    pub async fn update(&self, studio_id: i64, id: i64, p: TrainingPatch) -> Result<TrainingView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (row, st, path) = self
            .s
            .load_under_for_write::<stt::Entity, _>(txn, studio_id, id)
            .await?;
        let input = TrainingInput {
            topic: p.topic.unwrap_or_else(|| row.topic.clone()),
            held_on: p.held_on.unwrap_or_else(|| row.held_on.to_string()),
            expected: p.expected.unwrap_or_else(|| row.expected.to_string()),
            attended: p.attended.unwrap_or_else(|| row.attended.to_string()),
            place: p
                .place
                .unwrap_or_else(|| row.place.clone().unwrap_or_default()),
            summary: p
                .summary
                .unwrap_or_else(|| row.summary.clone().unwrap_or_default()),
            shared: p.shared.unwrap_or(row.shared),
        };
        let t = input.parse(today())?;
        let before = training_json(&row);
        let mut am: stt::ActiveModel = row.into();
        am.topic = Set(t.topic);
        am.held_on = Set(t.held_on);
        am.expected = Set(t.expected);
        am.attended = Set(t.attended);
        am.place = Set(t.place);
        am.summary = Set(t.summary);
        am.shared = Set(t.shared);
        am.updated_at = Set(now_ms());
        let after = am.update(txn).await?;
        work.record(Entry {
            action: "update",
            record_type: "studio_training",
            record_id: Some(id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: Some(before),
            after: Some(training_json(&after)),
        })
        .await?;
        work.commit().await?;
        Ok(training_views(self.s.db, studio_id, vec![after])
            .await?
            .remove(0))
    }

    /// Deletes a training session and its materials' rows.
    pub async fn delete(&self, studio_id: i64, id: i64) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (row, st, path) = self
            .s
            .load_under_for_write::<stt::Entity, _>(txn, studio_id, id)
            .await?;
        drop_files_of(txn, studio_id, MATERIAL_KIND, id).await?;
        stt::Entity::delete_by_id(id).exec(txn).await?;
        work.record(Entry {
            action: "delete",
            record_type: "studio_training",
            record_id: Some(id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: Some(training_json(&row)),
            after: None,
        })
        .await?;
        work.commit().await?;
        Ok(())
    }

    /// Adds a material (slides, handouts, photos) to a training session.
    pub async fn add_material(&self, studio_id: i64, id: i64, up: &Upload) -> Result<FileView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (_, st, path) = self
            .s
            .load_under_for_write::<stt::Entity, _>(txn, studio_id, id)
            .await?;
        let f = self.attach(&work, &st, &path, id, up).await?;
        work.commit().await?;
        Ok(f)
    }
}
