//! People and party members (DESIGN module 3): person records scoped by their primary node,
//! posts held anywhere in the tree, the development pipeline with its quotas, honours, free
//! notes, the growth ledger assembled from all of them, counts, and all-or-nothing imports.
//!
//! Identity numbers and phones leave this module masked unless the caller asks to reveal
//! them and holds `person.sensitive` over the record; every reveal is audited.

mod honour;
mod import;
mod ledger;
pub(crate) mod manifest;
mod post;
mod quota;

use crate::kit::{today, urlencode};
pub use honour::{HonourFilter, HonourRepo, HonourView, TitleCount};
pub use import::{Feed, HonourRow, NodeResolver, PersonRow, PostRow, QuotaRow};
pub use ledger::LedgerEvent;
pub use post::{PostFilter, PostRepo, PostView};
pub use quota::{QuotaFilter, QuotaRepo, QuotaView};

use crate::audit::Entry;
use crate::entity::{honour as honour_e, org_node, person, person_event, person_note, person_post};
use crate::kit::sql::like_expr;
pub(crate) use crate::kit::sql::node_names;
use crate::kit::work::{StateMove, Work};
use crate::scope::within_any;
use crate::{fetch_page, now_ms, Page, Result, Scoped, StorageError};
use chrono::{Datelike, NaiveDate};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::fields::{parse_note, Mobile};
use touyan_domain::paging::PageRequest;
use touyan_domain::people::{IdNumber, Person, PersonInput, Pipeline, Status, Step};
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
}

/// Changes to a person; `None` keeps a field. Status changes only through transitions.
#[derive(Debug, Clone, Default)]
pub struct PersonPatch {
    pub name: Option<String>,
    pub gender: Option<String>,
    pub ethnicity: Option<String>,
    pub birth_date: Option<String>,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub education: Option<String>,
    pub applied_on: Option<String>,
    pub activist_on: Option<String>,
    pub development_object_on: Option<String>,
    pub probation_on: Option<String>,
    pub full_on: Option<String>,
    pub notes: Option<String>,
    pub node_id: Option<i64>,
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
    PersonInput {
        name: m.name.clone(),
        gender: m.gender.clone(),
        ethnicity: m.ethnicity.clone().unwrap_or_default(),
        birth_date: m.birth_date.to_string(),
        id_number: m.id_number.clone(),
        phone: m.phone.clone().unwrap_or_default(),
        education: m.education.clone().unwrap_or_default(),
        status: m.status.clone(),
        applied_on: date_str(m.applied_on),
        activist_on: date_str(m.activist_on),
        development_object_on: date_str(m.development_object_on),
        probation_on: date_str(m.probation_on),
        full_on: date_str(m.full_on),
        notes: m.notes.clone().unwrap_or_default(),
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

/// A node the caller may file records at with `perm`; otherwise a field error under `field`.
pub(crate) async fn node_for<C: ConnectionTrait>(
    s: &Scoped<'_>,
    conn: &C,
    node_id: i64,
    perm: Permission,
    field: &str,
) -> Result<(org_node::Model, TreePath)> {
    let missing = || StorageError::field(field, "err.node_missing");
    let n = org_node::Entity::find_by_id(node_id)
        .one(conn)
        .await?
        .ok_or_else(missing)?;
    let p = TreePath::parse(&n.path)?;
    if !s.actor.can(perm, &p) {
        return Err(missing());
    }
    Ok((n, p))
}

/// Names and primary nodes of the people `ids`, for views of their posts and honours.
pub(crate) async fn person_names<C: ConnectionTrait>(
    conn: &C,
    mut ids: Vec<i64>,
) -> Result<HashMap<i64, (String, i64)>> {
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i64, String, i64)> = person::Entity::find()
        .select_only()
        .column(person::Column::Id)
        .column(person::Column::Name)
        .column(person::Column::NodeId)
        .filter(person::Column::Id.is_in(ids))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, n, node)| (id, (n, node)))
        .collect())
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
        if let Some(st) = f.status.as_deref().filter(|s| !s.is_empty()) {
            if Status::from_code(st).is_none() {
                return Err(StorageError::field("status", "err.choice_invalid"));
            }
            q = q.filter(person::Column::Status.eq(st));
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
        let mut p = fetch_page(
            self.s.db,
            q,
            |q| {
                q.order_by_asc(person::Column::NodePath)
                    .order_by_asc(person::Column::Id)
            },
            page,
        )
        .await?;
        let rows = std::mem::take(&mut p.items);
        Ok(p.with_items(self.views(rows, reveal).await?))
    }

    /// Up to `cap` people for an export, in list order.
    pub async fn all(&self, f: &PersonFilter, cap: u64, reveal: bool) -> Result<Vec<PersonView>> {
        let rows = self
            .select(f)
            .await?
            .order_by_asc(person::Column::NodePath)
            .order_by_asc(person::Column::Id)
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
    fn taken_key(&self, other: &person::Model) -> String {
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

    pub async fn update(&self, id: i64, patch: PersonPatch) -> Result<PersonView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, _) = self.writable(txn, id).await?;
        let mut input = input_of(&m);
        let set = |dst: &mut String, v: Option<String>| {
            if let Some(v) = v {
                *dst = v;
            }
        };
        set(&mut input.name, patch.name);
        set(&mut input.gender, patch.gender);
        set(&mut input.ethnicity, patch.ethnicity);
        set(&mut input.birth_date, patch.birth_date);
        set(&mut input.id_number, patch.id_number);
        set(&mut input.phone, patch.phone);
        set(&mut input.education, patch.education);
        set(&mut input.applied_on, patch.applied_on);
        set(&mut input.activist_on, patch.activist_on);
        set(
            &mut input.development_object_on,
            patch.development_object_on,
        );
        set(&mut input.probation_on, patch.probation_on);
        set(&mut input.full_on, patch.full_on);
        set(&mut input.notes, patch.notes);
        let p = input.parse(today())?;
        self.unique_number(txn, p.id_number.as_str(), Some(id))
            .await?;
        let before = person_json(&m);
        let old_path = m.node_path.clone();
        let mut am: person::ActiveModel = m.into();
        let (node_id, path) = match patch.node_id {
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
            Ok(_) => {}
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
