//! People and party members (DESIGN module 3): person records scoped by their primary node,
//! posts held anywhere in the tree, the development pipeline with its quotas, honours, free
//! notes, the growth ledger assembled from all of them, counts, and all-or-nothing imports.
//!
//! Identity numbers and phones leave this module masked unless the caller asks to reveal
//! them and holds `person.sensitive` over the record; every reveal is audited.

mod figures;
mod honour;
mod import;
mod ledger;
pub(crate) mod manifest;
mod migration;
mod order;
mod post;
mod profile;
mod quota;
mod write;

pub use crate::kit::lookup::NodeResolver;
pub(crate) use crate::kit::lookup::{node_for, person_names};
use crate::kit::{today, urlencode};
pub use honour::{HonourFilter, HonourRepo, HonourView, TitleCount};
pub use import::{Feed, HonourRow, PersonRow, PostRow, QuotaRow};
pub use ledger::LedgerEvent;
pub use order::PersonSort;
pub use post::{PostFilter, PostRepo, PostView};
pub use profile::PeopleProfile;
pub use quota::{QuotaFilter, QuotaRepo, QuotaView};

use crate::audit::Entry;
use crate::entity::{honour as honour_e, person, person_event, person_note, person_post};
use crate::kit::sql::like_expr;
pub(crate) use crate::kit::sql::node_names;
use crate::kit::work::{StateMove, Work};
use crate::scope::within_any;
use crate::{fetch_page, now_ms, Page, Result, Scoped, StorageError};
use chrono::{Datelike, NaiveDate};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QuerySelect,
};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::fields::{parse_note, Mobile};
use touyan_domain::paging::PageRequest;
use touyan_domain::people::{
    Due, IdNumber, Person, PersonInput, Pipeline, Status, Step, DUE, MAX_EXTENSION_MONTHS,
};
use touyan_domain::sort::Sort;
use touyan_domain::tree::TreePath;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PersonView {
    pub id: i64,
    pub name: String,
    /// `male` or `female`.
    pub gender: String,
    pub ethnicity: Option<String>,
    pub birth_date: NaiveDate,
    /// Masked (`370702********1234`) unless revealed.
    pub id_number: String,
    /// Masked (`138****5678`) unless revealed.
    pub phone: Option<String>,
    /// True when `id_number` and `phone` are shown in full.
    pub revealed: bool,
    pub education: Option<String>,
    pub node_id: i64,
    pub node_name: String,
    /// `masses`, `applicant`, `activist`, `development_object`, `probationary` or `full`.
    pub status: String,
    pub applied_on: Option<NaiveDate>,
    pub activist_on: Option<NaiveDate>,
    pub development_object_on: Option<NaiveDate>,
    pub probation_on: Option<NaiveDate>,
    pub probation_extended_months: Option<i32>,
    pub full_on: Option<NaiveDate>,
    pub notes: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Default)]
pub struct PersonFilter {
    pub under: Option<i64>,
    pub status: Option<String>,
    /// Post code: people holding that post now.
    pub post: Option<String>,
    /// Part of a name; a whole identity number finds its holder for callers who may see it.
    pub q: Option<String>,
    /// A step falling due (`touyan_domain::people::DUE`: `development`, `full`): only the
    /// people due for it today.
    pub due: Option<String>,
    /// Only these people (a selection); each still seen through the caller's scope.
    pub ids: Option<Vec<i64>>,
    pub sort: Sort<PersonSort>,
}

/// One recorded pipeline step.
#[derive(Debug, Clone)]
pub struct TransitionInput {
    pub step: Step,
    pub on: NaiveDate,
    pub note: Option<String>,
}

/// Counts a node's page quotes (the seeds' "党员180名", "专兼职党务工作者13名", ...).
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct PeopleCounts {
    pub people: u64,
    /// status code → count.
    pub by_status: HashMap<String, u64>,
    /// 正式党员 + 预备党员.
    pub members: u64,
    pub party_workers_full: u64,
    pub party_workers_part: u64,
    /// 入党申请 recorded in `year`.
    pub applicants_this_year: u64,
    pub year: i32,
    /// The node's own quota for `year` (none for a whole-scope count).
    pub quota_received: Option<i64>,
    /// Admissions that used a quota in the subtree this year.
    pub quota_used: u64,
    pub honours: Vec<TitleCount>,
}

pub struct PeopleRepo<'a> {
    pub(crate) s: Scoped<'a>,
}

pub(crate) fn date_str(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// The record as the domain's input, so a patch is checked by the same rules as a new record.
fn input_of(m: &person::Model) -> PersonInput {
    let date = |d: Option<NaiveDate>| Some(date_str(d));
    PersonInput {
        name: Some(m.name.clone()),
        gender: Some(m.gender.clone()),
        ethnicity: m.ethnicity.clone(),
        birth_date: Some(m.birth_date.to_string()),
        id_number: Some(m.id_number.clone()),
        phone: m.phone.clone(),
        education: m.education.clone(),
        status: Some(m.status.clone()),
        applied_on: date(m.applied_on),
        activist_on: date(m.activist_on),
        development_object_on: date(m.development_object_on),
        probation_on: date(m.probation_on),
        full_on: date(m.full_on),
        notes: m.notes.clone(),
        node_id: None,
    }
}

pub(crate) fn mask_id(s: &str) -> String {
    IdNumber::parse(s)
        .map(|i| i.masked())
        .unwrap_or_else(|_| "*".repeat(s.chars().count()))
}

pub(crate) fn mask_phone(s: &str) -> String {
    Mobile::parse(s)
        .map(|m| m.masked())
        .unwrap_or_else(|_| "*".repeat(s.chars().count()))
}

/// What the audit log keeps of a person: never the full number or phone.
fn person_json(m: &person::Model) -> serde_json::Value {
    json!({
        "name": m.name, "gender": m.gender, "ethnicity": m.ethnicity, "birth_date": m.birth_date,
        "id_number": mask_id(&m.id_number), "phone": m.phone.as_deref().map(mask_phone),
        "education": m.education, "node_id": m.node_id, "status": m.status,
        "applied_on": m.applied_on, "activist_on": m.activist_on,
        "development_object_on": m.development_object_on, "probation_on": m.probation_on,
        "probation_extended_months": m.probation_extended_months, "full_on": m.full_on,
        "notes": m.notes,
    })
}

pub(crate) fn pipeline_of(m: &person::Model) -> Pipeline {
    Pipeline {
        status: Status::from_code(&m.status),
        applied_on: m.applied_on,
        activist_on: m.activist_on,
        development_object_on: m.development_object_on,
        probation_on: m.probation_on,
        probation_extended_months: m.probation_extended_months.map(|n| n as u32),
        full_on: m.full_on,
    }
}

/// Sets every checked field of `p` on the row.
fn apply(am: &mut person::ActiveModel, p: &Person) {
    am.name = Set(p.name.clone());
    am.gender = Set(p.gender.code().to_string());
    am.ethnicity = Set(p.ethnicity.clone());
    am.birth_date = Set(p.birth_date);
    am.id_number = Set(p.id_number.as_str().to_string());
    am.phone = Set(p.phone.as_ref().map(|m| m.as_str().to_string()));
    am.education = Set(p.education.clone());
    am.status = Set(p.pipeline.status().code().to_string());
    am.applied_on = Set(p.pipeline.applied_on);
    am.activist_on = Set(p.pipeline.activist_on);
    am.development_object_on = Set(p.pipeline.development_object_on);
    am.probation_on = Set(p.pipeline.probation_on);
    am.full_on = Set(p.pipeline.full_on);
    am.notes = Set(p.notes.clone());
}

impl<'a> PeopleRepo<'a> {
    /// A person the caller may read, with the node path it is filed under.
    pub(crate) async fn readable<C: ConnectionTrait>(
        &self,
        conn: &C,
        id: i64,
    ) -> Result<(person::Model, TreePath)> {
        self.s.load_for_read::<person::Entity, _>(conn, id).await
    }

    pub(crate) async fn writable<C: ConnectionTrait>(
        &self,
        conn: &C,
        id: i64,
    ) -> Result<(person::Model, TreePath)> {
        self.s.load_for_write::<person::Entity, _>(conn, id).await
    }

    fn may_reveal(&self, m: &person::Model) -> bool {
        TreePath::parse(&m.node_path)
            .is_ok_and(|p| self.s.actor.can(Permission::PersonSensitive, &p))
    }

    /// Views of rows; when `reveal`, numbers the caller may see are shown in full and the
    /// reveal is audited (one entry per call, naming the people).
    async fn views(&self, rows: Vec<person::Model>, reveal: bool) -> Result<Vec<PersonView>> {
        let names = node_names(self.s.db, rows.iter().map(|r| r.node_id).collect()).await?;
        let mut revealed = vec![];
        let views = rows
            .into_iter()
            .map(|m| {
                let full = reveal && self.may_reveal(&m);
                if full {
                    revealed.push((m.id, m.node_id, m.node_path.clone()));
                }
                PersonView {
                    id: m.id,
                    node_name: names.get(&m.node_id).cloned().unwrap_or_default(),
                    id_number: if full {
                        m.id_number.clone()
                    } else {
                        mask_id(&m.id_number)
                    },
                    phone: m
                        .phone
                        .as_deref()
                        .map(|p| if full { p.to_string() } else { mask_phone(p) }),
                    revealed: full,
                    name: m.name,
                    gender: m.gender,
                    ethnicity: m.ethnicity,
                    birth_date: m.birth_date,
                    education: m.education,
                    node_id: m.node_id,
                    status: m.status,
                    applied_on: m.applied_on,
                    activist_on: m.activist_on,
                    development_object_on: m.development_object_on,
                    probation_on: m.probation_on,
                    probation_extended_months: m.probation_extended_months,
                    full_on: m.full_on,
                    notes: m.notes,
                    created_at: m.created_at,
                    updated_at: m.updated_at,
                }
            })
            .collect();
        if !revealed.is_empty() {
            let (record_id, node) = match revealed.as_slice() {
                [(id, node, path)] => (Some(id.to_string()), Some((*node, path.clone()))),
                _ => (None, None),
            };
            let path = node.as_ref().map(|(n, p)| (*n, TreePath::parse(p)));
            let path = match path {
                Some((n, Ok(p))) => Some((n, p)),
                _ => None,
            };
            let work = Work::begin(self.s.db, self.s.actor).await?;
            work.record(Entry {
                action: "reveal",
                record_type: "person",
                record_id,
                node: path.as_ref().map(|(n, p)| (*n, p)),
                before: None,
                after: Some(json!({"ids": revealed.iter().map(|r| r.0).collect::<Vec<_>>()})),
            })
            .await?;
            work.commit().await?;
        }
        Ok(views)
    }

    async fn select(&self, f: &PersonFilter) -> Result<sea_orm::Select<person::Entity>> {
        let seen = self.s.list_filter::<person::Entity>(f.under).await?;
        let mut q = person::Entity::find().filter(seen);
        if let Some(ids) = &f.ids {
            q = q.filter(person::Column::Id.is_in(ids.clone()));
        }
        if let Some(st) = f.status.as_deref().filter(|s| !s.is_empty()) {
            if Status::from_code(st).is_none() {
                return Err(StorageError::field("status", "err.choice_invalid"));
            }
            q = q.filter(person::Column::Status.eq(st));
        }
        if let Some(code) = f.due.as_deref().filter(|s| !s.is_empty()) {
            let due = Due::from_code(code)
                .ok_or_else(|| StorageError::field("due", "err.choice_invalid"))?;
            q = q.filter(due_condition(due, today()));
        }
        if let Some(post) = f.post.as_deref().filter(|s| !s.is_empty()) {
            let today = today();
            q = q.filter(
                person::Column::Id.in_subquery(
                    Query::select()
                        .column(person_post::Column::PersonId)
                        .from(person_post::Entity)
                        .and_where(person_post::Column::PostCode.eq(post))
                        .and_where(person_post::Column::StartOn.lte(today))
                        .and_where(
                            Expr::col(person_post::Column::EndOn)
                                .is_null()
                                .or(person_post::Column::EndOn.gte(today)),
                        )
                        .to_owned(),
                ),
            );
        }
        if let Some(text) = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            match IdNumber::parse(text) {
                Ok(id) => {
                    // Looking up by number is for those who may see numbers.
                    let sens = self.s.actor.grants.scopes(Permission::PersonSensitive);
                    q = q
                        .filter(person::Column::IdNumber.eq(id.as_str()))
                        .filter(within_any(person::Column::NodePath, &sens));
                }
                Err(_) => q = q.filter(like_expr(person::Column::Name, text)),
            }
        }
        Ok(q)
    }

    pub async fn list(
        &self,
        f: &PersonFilter,
        page: PageRequest,
        reveal: bool,
    ) -> Result<Page<PersonView>> {
        let q = self.select(f).await?;
        let mut p = fetch_page(self.s.db, q, |q| order::sorted(q, f.sort), page).await?;
        let rows = std::mem::take(&mut p.items);
        Ok(p.with_items(self.views(rows, reveal).await?))
    }

    /// Up to `cap` people for an export, in list order.
    pub async fn all(&self, f: &PersonFilter, cap: u64, reveal: bool) -> Result<Vec<PersonView>> {
        let rows = order::sorted(self.select(f).await?, f.sort)
            .limit(cap)
            .all(self.s.db)
            .await?;
        self.views(rows, reveal).await
    }

    /// Whether the caller may see person `id` (not found otherwise), from one read: asked
    /// before a change's input is read.
    pub async fn check_visible(&self, id: i64) -> Result<()> {
        self.readable(self.s.db, id).await.map(drop)
    }

    pub async fn get(&self, id: i64, reveal: bool) -> Result<PersonView> {
        let (m, _) = self.readable(self.s.db, id).await?;
        Ok(self.views(vec![m], reveal).await?.remove(0))
    }

    pub async fn can_write(&self, id: i64) -> Result<bool> {
        let (m, _) = self.readable(self.s.db, id).await?;
        Ok(TreePath::parse(&m.node_path)
            .is_ok_and(|p| self.s.actor.can(Permission::PersonWrite, &p)))
    }

    pub async fn can_reveal(&self, id: i64) -> Result<bool> {
        let (m, _) = self.readable(self.s.db, id).await?;
        Ok(self.may_reveal(&m))
    }

    /// The person's growth ledger, newest first.
    pub async fn ledger(&self, id: i64) -> Result<Vec<LedgerEvent>> {
        let (m, _) = self.readable(self.s.db, id).await?;
        ledger::assemble(self.s.db, &m, self.s.actor.locale == "en").await
    }

    /// Counts under `under` (or the caller's whole scope) for `year`.
    pub async fn counts(&self, under: Option<i64>, year: i32) -> Result<PeopleCounts> {
        let scopes = match under {
            Some(n) => vec![
                self.s
                    .orgs()
                    .path_of_readable(n, Permission::PersonRead)
                    .await?,
            ],
            None => self.s.scopes(Permission::PersonRead)?,
        };
        let db = self.s.db;
        let by_status: Vec<(String, i64)> = person::Entity::find()
            .select_only()
            .column(person::Column::Status)
            .column_as(person::Column::Id.count(), "n")
            .filter(within_any(person::Column::NodePath, &scopes))
            .group_by(person::Column::Status)
            .into_tuple()
            .all(db)
            .await?;
        let by_status: HashMap<String, u64> =
            by_status.into_iter().map(|(s, n)| (s, n as u64)).collect();
        let people = by_status.values().sum();
        let members = [Status::Full, Status::Probationary]
            .iter()
            .map(|s| by_status.get(s.code()).copied().unwrap_or(0))
            .sum();
        let today = today();
        let workers = |code: &'static str| {
            person_post::Entity::find()
                .select_only()
                .column(person_post::Column::PersonId)
                .distinct()
                .filter(within_any(person_post::Column::NodePath, &scopes))
                .filter(person_post::Column::PostCode.eq(code))
                .filter(person_post::Column::StartOn.lte(today))
                .filter(
                    Expr::col(person_post::Column::EndOn)
                        .is_null()
                        .or(person_post::Column::EndOn.gte(today)),
                )
                .count(db)
        };
        let party_workers_full = workers("party_worker_full").await?;
        let party_workers_part = workers("party_worker_part").await?;
        let (start, end) = (
            NaiveDate::from_ymd_opt(year, 1, 1)
                .ok_or(StorageError::field("year", "err.year_range"))?,
            NaiveDate::from_ymd_opt(year, 12, 31)
                .ok_or(StorageError::field("year", "err.year_range"))?,
        );
        let in_year = |step: &'static str| {
            person_event::Entity::find()
                .filter(person_event::Column::Step.eq(step))
                .filter(person_event::Column::OnDate.between(start, end))
                .filter(within_any(person_event::Column::NodePath, &scopes))
                .count(db)
        };
        let applicants_this_year = in_year("apply").await?;
        let quota_used = in_year("admit").await?;
        let quota_received = match under {
            Some(n) => crate::entity::quota::Entity::find()
                .filter(crate::entity::quota::Column::NodeId.eq(n))
                .filter(crate::entity::quota::Column::Year.eq(year))
                .one(db)
                .await?
                .map(|q| q.received as i64),
            None => None,
        };
        let honours = honour::title_counts(db, &scopes).await?;
        Ok(PeopleCounts {
            people,
            by_status,
            members,
            party_workers_full,
            party_workers_part,
            applicants_this_year,
            year,
            quota_received,
            quota_used,
            honours,
        })
    }
}

/// The people in `due`'s status whose start date is far enough back on `today`; with a
/// probation extension its months are added (one clause per possible extension).
fn due_condition(due: &Due, today: NaiveDate) -> sea_orm::Condition {
    let (col, ext) = match due.status {
        Status::Probationary => (person::Column::ProbationOn, due.extended),
        _ => (person::Column::ActivistOn, false),
    };
    let mut when = sea_orm::Condition::any();
    if ext {
        when = when.add(
            person::Column::ProbationExtendedMonths
                .is_null()
                .and(col.lte(due.started_by(today, 0))),
        );
        for m in 1..=MAX_EXTENSION_MONTHS {
            when = when.add(
                person::Column::ProbationExtendedMonths
                    .eq(m as i32)
                    .and(col.lte(due.started_by(today, m))),
            );
        }
    } else {
        when = when.add(col.lte(due.started_by(today, 0)));
    }
    sea_orm::Condition::all()
        .add(person::Column::Status.eq(due.status.code()))
        .add(when)
}

/// One kind of step falling due, with how many of the caller's people are due for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct DueCount {
    /// As the list's `due` filter takes it.
    pub due: String,
    pub total: u64,
}

impl PeopleRepo<'_> {
    /// Whom the caller should now consider for the next pipeline step, counted over the
    /// same statement as the list filtered by `due`; nothing for a caller who records no
    /// steps anywhere.
    pub async fn due(&self) -> Result<Vec<DueCount>> {
        if self
            .s
            .actor
            .grants
            .scopes(Permission::PersonWrite)
            .is_empty()
        {
            return Ok(vec![]);
        }
        let mut out = vec![];
        for d in DUE.iter() {
            let f = PersonFilter {
                due: Some(d.code.to_string()),
                ..Default::default()
            };
            out.push(DueCount {
                due: d.code.to_string(),
                total: self.select(&f).await?.count(self.s.db).await?,
            });
        }
        Ok(out)
    }
}
