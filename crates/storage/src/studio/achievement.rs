//! Studio achievements (成果 [000, 002]): patents, software copyrights, innovations, standards,
//! papers, research topics and awards, with the people who contributed and evidence files.
//! An achievement is read through its studio's scope and written only while the studio takes
//! records; counts over a subtree answer the seeds' "申报各级各类创新成果、发明专利百余项" [002].

mod import;
mod order;
mod write;

pub use import::split_people;
pub use order::AchievementSort;

use super::files::{attach_in, drop_files_of, files_of, FileView};
use super::studio_names;
use super::{names_of, person_in_reach, studio_node};
use crate::audit::Entry;
use crate::entity::achievement_tables::{
    studio_achievement as ach, studio_achievement_contributor as contrib,
};
use crate::entity::{person, studio, studio_file};
use crate::find_in;
use crate::kit::files::Upload;
use crate::kit::import::{ImportOutcome, RowError};
use crate::kit::ledger::LedgerEvent;
use crate::kit::sql::like_expr;
use crate::kit::sql::nonblank;
use crate::kit::urlencode;
use crate::kit::work::Work;
use crate::scope::within_any;
use crate::{fetch_page, now_ms, Page, Result, Scoped, StorageError};
use chrono::NaiveDate;
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;
use serde_json::json;
use std::collections::{BTreeMap, HashMap, HashSet};
use touyan_domain::access::Permission;
use touyan_domain::identity::IdNumber;
use touyan_domain::paging::PageRequest;
use touyan_domain::studio::achievement::{parse_flag, Achievement, AchievementInput};
use touyan_domain::studio::State;
use touyan_domain::DomainError;

/// The `owner_kind` of evidence files in `studio_file`.
pub const OWNER: &str = "achievement";

/// Most people named on one achievement.
const MAX_CONTRIBUTORS: usize = 50;

/// Ids looked up per statement (well under both backends' bind-parameter limits).
const CHUNK: usize = 500;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ContributorView {
    pub person_id: i64,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AchievementView {
    pub id: i64,
    pub studio_id: i64,
    pub studio_name: String,
    /// `invention_patent`, `utility_patent`, `design_patent`, `software_copyright`,
    /// `innovation`, `standard`, `paper`, `research_topic` or `award`.
    pub kind: String,
    pub title: String,
    /// Patent application number, `200310102344.5`.
    pub application_no: Option<String>,
    /// Grant or publication number, `CN 1234567 B`.
    pub grant_no: Option<String>,
    /// Software copyright registration number, `2019SR0123456`.
    pub registration_no: Option<String>,
    /// `national`, `provincial`, `city` or `district`.
    pub level: Option<String>,
    /// An award's rank (一等奖, ...).
    pub rank: Option<String>,
    pub achieved_on: NaiveDate,
    pub year: i32,
    pub note: Option<String>,
    /// Shared with the studio's alliances.
    pub shared: bool,
    /// Listed on the studio's public page.
    pub public: bool,
    /// In the order of the record.
    pub contributors: Vec<ContributorView>,
    /// Evidence files, downloaded at `/studios/files/{id}`.
    pub evidence: Vec<FileView>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Default)]
pub struct AchievementFilter {
    pub studio: Option<i64>,
    /// Studios hosted in this subtree.
    pub under: Option<i64>,
    pub kind: Option<String>,
    pub year: Option<i32>,
    /// Part of the title.
    pub q: Option<String>,
    /// Achievements naming this person.
    pub person: Option<i64>,
    /// Only these achievements (a selection); each still seen through the caller's scope.
    pub ids: Option<Vec<i64>>,
    pub sort: touyan_domain::sort::Sort<AchievementSort>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StudioCount {
    pub studio_id: i64,
    pub studio_name: String,
    pub achievements: u64,
}

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct AchievementCounts {
    pub total: u64,
    /// Kind code → number.
    pub by_kind: BTreeMap<String, u64>,
    /// Year → number.
    pub by_year: BTreeMap<i32, u64>,
    /// Most first.
    pub by_studio: Vec<StudioCount>,
}

/// One row of an import file, as read: kind and level already turned into codes where the
/// file used their labels.
#[derive(Debug, Clone, Default)]
pub struct AchievementRow {
    pub row: u32,
    /// A studio's name (unique among those the importer may write to) or its number.
    pub studio: String,
    pub input: AchievementInput,
    /// Names or identity numbers, separated by `、`, commas, semicolons or line breaks.
    pub contributors: String,
    pub shared: String,
    pub public: String,
}

pub struct AchievementRepo<'a> {
    pub(crate) s: Scoped<'a>,
}

fn ach_json(m: &ach::Model, contributors: &[i64]) -> serde_json::Value {
    json!({"studio_id": m.studio_id, "kind": m.kind, "title": m.title,
           "application_no": m.application_no, "grant_no": m.grant_no,
           "registration_no": m.registration_no, "level": m.level, "rank": m.rank,
           "achieved_on": m.achieved_on, "note": m.note, "shared": m.shared,
           "public": m.public, "contributors": contributors})
}

fn file_json(f: &FileView) -> serde_json::Value {
    json!({"studio_id": f.studio_id, "owner_kind": f.owner_kind, "owner_id": f.owner_id,
           "file_name": f.file_name, "size": f.size})
}

/// An application number already recorded refuses the write; the answer names nothing, so
/// a number held by a studio out of scope tells nothing about it.
fn number_taken() -> StorageError {
    StorageError::conflict("application_no", "err.ach_number_taken")
}

fn unique_violation(e: sea_orm::DbErr) -> StorageError {
    match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => number_taken(),
        _ => e.into(),
    }
}

async fn number_free<C: ConnectionTrait>(
    conn: &C,
    a: &Achievement,
    except: Option<i64>,
) -> Result<()> {
    let Some(no) = &a.application_no else {
        return Ok(());
    };
    let mut q = ach::Entity::find()
        .filter(ach::Column::Kind.eq(a.kind.code()))
        .filter(ach::Column::ApplicationNo.eq(no.clone()));
    if let Some(id) = except {
        q = q.filter(ach::Column::Id.ne(id));
    }
    if q.count(conn).await? > 0 {
        return Err(number_taken());
    }
    Ok(())
}

/// Contributors of achievements `ids`, by achievement, in their order.
async fn contributors_of<C: ConnectionTrait>(
    conn: &C,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<i64>>> {
    let mut out: HashMap<i64, Vec<i64>> = HashMap::new();
    let ordered = contrib::Entity::find()
        .order_by_asc(contrib::Column::AchievementId)
        .order_by_asc(contrib::Column::Position);
    for r in find_in(conn, ordered, contrib::Column::AchievementId, ids).await? {
        out.entry(r.achievement_id).or_default().push(r.person_id);
    }
    Ok(out)
}

async fn write_contributors<C: ConnectionTrait>(conn: &C, id: i64, people: &[i64]) -> Result<()> {
    contrib::Entity::delete_many()
        .filter(contrib::Column::AchievementId.eq(id))
        .exec(conn)
        .await?;
    if people.is_empty() {
        return Ok(());
    }
    let rows = people
        .iter()
        .enumerate()
        .map(|(i, p)| contrib::ActiveModel {
            achievement_id: Set(id),
            person_id: Set(*p),
            position: Set(i as i32 + 1),
            ..Default::default()
        });
    contrib::Entity::insert_many(rows).exec(conn).await?;
    Ok(())
}

fn apply(am: &mut ach::ActiveModel, a: &Achievement) {
    am.kind = Set(a.kind.code().to_string());
    am.title = Set(a.title.clone());
    am.application_no = Set(a.application_no.clone());
    am.grant_no = Set(a.grant_no.clone());
    am.registration_no = Set(a.registration_no.clone());
    am.level = Set(a.level.clone());
    am.rank = Set(a.rank.clone());
    am.achieved_on = Set(a.achieved_on);
    am.year = Set(a.year());
    am.note = Set(a.note.clone());
    am.shared = Set(a.shared);
    am.public = Set(a.public);
}

/// The record as the domain's input, so a partial change is checked by the same rules.
pub fn input_of(v: &AchievementView) -> AchievementInput {
    let o = |x: &Option<String>| x.clone().unwrap_or_default();
    AchievementInput {
        kind: v.kind.clone(),
        title: v.title.clone(),
        application_no: o(&v.application_no),
        grant_no: o(&v.grant_no),
        registration_no: o(&v.registration_no),
        level: o(&v.level),
        rank: o(&v.rank),
        achieved_on: v.achieved_on.to_string(),
        note: o(&v.note),
        shared: v.shared,
        public: v.public,
    }
}

/// Titles, kinds and years of a studio's achievements marked public, newest first, for the
/// studio's public page. No scope check: the caller has checked that the studio is public.
pub(crate) async fn public_titles<C: ConnectionTrait>(
    conn: &C,
    studio_id: i64,
) -> Result<Vec<(String, String, Option<i32>)>> {
    let rows: Vec<(String, String, i32)> = ach::Entity::find()
        .select_only()
        .column(ach::Column::Title)
        .column(ach::Column::Kind)
        .column(ach::Column::Year)
        .filter(ach::Column::StudioId.eq(studio_id))
        .filter(ach::Column::Public.eq(true))
        .order_by_desc(ach::Column::AchievedOn)
        .order_by_desc(ach::Column::Id)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(|(t, k, y)| (t, k, Some(y))).collect())
}

/// Growth-ledger events of a person (个人台账): one `ach.<kind>` per achievement naming them.
pub(crate) async fn ledger_events(
    db: &DatabaseConnection,
    p: &person::Model,
) -> Result<Vec<LedgerEvent>> {
    let ids: Vec<i64> = contrib::Entity::find()
        .select_only()
        .column(contrib::Column::AchievementId)
        .filter(contrib::Column::PersonId.eq(p.id))
        .into_tuple()
        .all(db)
        .await?;
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let rows = find_in(db, ach::Entity::find(), ach::Column::Id, &ids).await?;
    let studios = studio_names(db, rows.iter().map(|r| r.studio_id).collect()).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let number = r.application_no.or(r.registration_no).or(r.rank);
            let studio = studios.get(&r.studio_id).cloned().unwrap_or_default();
            LedgerEvent {
                on: r.achieved_on,
                kind: format!("ach.{}", r.kind),
                source: "achievement".into(),
                title: r.title,
                detail: Some(match number {
                    Some(n) => format!("{studio} · {n}"),
                    None => studio,
                }),
                by: None,
            }
        })
        .collect())
}

impl<'a> AchievementRepo<'a> {
    async fn views(&self, rows: Vec<ach::Model>, with_files: bool) -> Result<Vec<AchievementView>> {
        let db = self.s.db;
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let contributors = contributors_of(db, &ids).await?;
        let mut people: Vec<i64> = contributors.values().flatten().copied().collect();
        people.sort_unstable();
        people.dedup();
        let mut names = HashMap::new();
        for chunk in people.chunks(CHUNK) {
            names.extend(names_of(db, chunk.to_vec()).await?);
        }
        let studios = studio_names(db, rows.iter().map(|r| r.studio_id).collect()).await?;
        let mut files: HashMap<i64, Vec<FileView>> = HashMap::new();
        if with_files {
            let mut by_studio: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
            for r in &rows {
                by_studio.entry(r.studio_id).or_default().push(r.id);
            }
            for (sid, owners) in by_studio {
                for f in files_of(db, sid, OWNER, &owners).await? {
                    files.entry(f.owner_id).or_default().push(f);
                }
            }
        }
        Ok(rows
            .into_iter()
            .map(|m| AchievementView {
                contributors: contributors
                    .get(&m.id)
                    .map(|ps| {
                        ps.iter()
                            .map(|p| ContributorView {
                                person_id: *p,
                                name: names.get(p).cloned().unwrap_or_default(),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                evidence: files.remove(&m.id).unwrap_or_default(),
                studio_name: studios.get(&m.studio_id).cloned().unwrap_or_default(),
                id: m.id,
                studio_id: m.studio_id,
                kind: m.kind,
                title: m.title,
                application_no: m.application_no,
                grant_no: m.grant_no,
                registration_no: m.registration_no,
                level: m.level,
                rank: m.rank,
                achieved_on: m.achieved_on,
                year: m.year,
                note: m.note,
                shared: m.shared,
                public: m.public,
                created_at: m.created_at,
                updated_at: m.updated_at,
            })
            .collect())
    }

    async fn view(&self, m: ach::Model) -> Result<AchievementView> {
        Ok(self.views(vec![m], true).await?.remove(0))
    }

    /// Achievements of studios the caller reads, narrowed by `f`. A studio or node out of
    /// scope answers 404.
    async fn select(&self, f: &AchievementFilter) -> Result<sea_orm::Select<ach::Entity>> {
        let mut q = ach::Entity::find();
        if let Some(ids) = &f.ids {
            q = q.filter(ach::Column::Id.is_in(ids.clone()));
        }
        if let Some(sid) = f.studio {
            q = q.filter(
                self.s
                    .filter_under::<ach::Entity, _>(self.s.db, sid)
                    .await?,
            );
        }
        if f.studio.is_none() || f.under.is_some() {
            q = q.filter(self.s.list_filter_under::<ach::Entity>(f.under).await?);
        }
        if let Some(k) = nonblank(&f.kind) {
            q = q.filter(ach::Column::Kind.eq(k));
        }
        if let Some(y) = f.year {
            q = q.filter(ach::Column::Year.eq(y));
        }
        if let Some(t) = nonblank(&f.q) {
            q = q.filter(like_expr(ach::Column::Title, &t));
        }
        if let Some(p) = f.person {
            let naming = Query::select()
                .column(contrib::Column::AchievementId)
                .from(contrib::Entity)
                .and_where(contrib::Column::PersonId.eq(p))
                .to_owned();
            q = q.filter(ach::Column::Id.in_subquery(naming));
        }
        Ok(q)
    }

    pub async fn list(
        &self,
        f: &AchievementFilter,
        page: PageRequest,
    ) -> Result<Page<AchievementView>> {
        let q = self.select(f).await?;
        let mut p = fetch_page(self.s.db, q, |q| order::sorted(q, f.sort), page).await?;
        let rows = std::mem::take(&mut p.items);
        Ok(p.with_items(self.views(rows, true).await?))
    }

    /// Up to `cap` achievements for an export (without their files).
    pub async fn all(&self, f: &AchievementFilter, cap: u64) -> Result<Vec<AchievementView>> {
        let rows = order::sorted(self.select(f).await?, f.sort)
            .limit(cap)
            .all(self.s.db)
            .await?;
        self.views(rows, false).await
    }

    pub async fn get(&self, studio_id: i64, id: i64) -> Result<AchievementView> {
        let s = self.s;
        let (m, _, _) = s
            .load_under_for_read::<ach::Entity, _>(s.db, studio_id, id)
            .await?;
        self.view(m).await
    }

    /// Achievements by kind, year and studio in the caller's scope, under a node, or in one
    /// studio.
    pub async fn counts(
        &self,
        under: Option<i64>,
        studio: Option<i64>,
    ) -> Result<AchievementCounts> {
        let f = AchievementFilter {
            under,
            studio,
            ..Default::default()
        };
        self.profile(&f).await
    }

    /// The achievements a list with filter `f` shows, by kind, year and studio.
    pub async fn profile(&self, f: &AchievementFilter) -> Result<AchievementCounts> {
        let rows: Vec<(i64, String, i32, i64)> = self
            .select(f)
            .await?
            .select_only()
            .column(ach::Column::StudioId)
            .column(ach::Column::Kind)
            .column(ach::Column::Year)
            .column_as(ach::Column::Id.count(), "n")
            .group_by(ach::Column::StudioId)
            .group_by(ach::Column::Kind)
            .group_by(ach::Column::Year)
            .into_tuple()
            .all(self.s.db)
            .await?;
        let mut c = AchievementCounts::default();
        let mut per_studio: HashMap<i64, u64> = HashMap::new();
        for (sid, kind, year, n) in rows {
            let n = n as u64;
            c.total += n;
            *c.by_kind.entry(kind).or_default() += n;
            *c.by_year.entry(year).or_default() += n;
            *per_studio.entry(sid).or_default() += n;
        }
        let names = studio_names(self.s.db, per_studio.keys().copied().collect()).await?;
        c.by_studio = per_studio
            .into_iter()
            .map(|(sid, n)| StudioCount {
                studio_id: sid,
                studio_name: names.get(&sid).cloned().unwrap_or_default(),
                achievements: n,
            })
            .collect();
        c.by_studio.sort_by(|a, b| {
            b.achievements
                .cmp(&a.achievements)
                .then(a.studio_id.cmp(&b.studio_id))
        });
        Ok(c)
    }
}
