//! Posts (职务) a person holds at a node, from a dictionary admins extend. A post is filed
//! under its node, which need not be the holder's own: an instructor of the street holds
//! a post at an enterprise.

use super::{node_for, node_names, person_names, PeopleRepo};
use crate::audit::Entry;
use crate::entity::{dict_entry, person_post};
use crate::kit::work::Work;
use crate::scope::within;
use crate::{fetch_page, now_ms, Page, Result, Scoped, StorageError};
use chrono::NaiveDate;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::fields::parse_note;
use touyan_domain::paging::PageRequest;
use touyan_domain::people::Term;
use touyan_domain::tree::TreePath;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PostView {
    pub id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub post_code: String,
    pub post_name: String,
    pub node_id: i64,
    pub node_name: String,
    pub start_on: NaiveDate,
    pub end_on: Option<NaiveDate>,
    pub current: bool,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct PostFilter {
    pub under: Option<i64>,
    pub post: Option<String>,
    pub person: Option<i64>,
    /// Only posts held today.
    pub current: bool,
}

pub struct PostRepo<'a> {
    pub(crate) s: Scoped<'a>,
}

fn post_json(m: &person_post::Model) -> serde_json::Value {
    json!({"person_id": m.person_id, "post_code": m.post_code, "node_id": m.node_id,
           "start_on": m.start_on, "end_on": m.end_on, "note": m.note})
}

pub(crate) async fn post_names<C: ConnectionTrait>(
    conn: &C,
    lang_en: bool,
) -> Result<HashMap<String, String>> {
    Ok(dict_entry::Entity::find()
        .filter(dict_entry::Column::Dict.eq("post"))
        .all(conn)
        .await?
        .into_iter()
        .map(|e| (e.code, if lang_en { e.name_en } else { e.name_zh }))
        .collect())
}

pub(crate) fn current_condition(today: NaiveDate) -> sea_orm::Condition {
    sea_orm::Condition::all()
        .add(person_post::Column::StartOn.lte(today))
        .add(
            Expr::col(person_post::Column::EndOn)
                .is_null()
                .or(person_post::Column::EndOn.gte(today)),
        )
}

impl PostRepo<'_> {
    async fn views(&self, rows: Vec<person_post::Model>) -> Result<Vec<PostView>> {
        let db = self.s.db;
        let nodes = node_names(db, rows.iter().map(|r| r.node_id).collect()).await?;
        let people = person_names(db, rows.iter().map(|r| r.person_id).collect()).await?;
        let kinds = post_names(db, self.s.actor.locale == "en").await?;
        let today = crate::kit::today();
        Ok(rows
            .into_iter()
            .map(|m| PostView {
                id: m.id,
                person_id: m.person_id,
                person_name: people
                    .get(&m.person_id)
                    .map(|p| p.0.clone())
                    .unwrap_or_default(),
                post_name: kinds
                    .get(&m.post_code)
                    .cloned()
                    .unwrap_or(m.post_code.clone()),
                post_code: m.post_code,
                node_id: m.node_id,
                node_name: nodes.get(&m.node_id).cloned().unwrap_or_default(),
                current: m.start_on <= today && m.end_on.is_none_or(|e| e >= today),
                start_on: m.start_on,
                end_on: m.end_on,
                note: m.note,
            })
            .collect())
    }

    async fn select(&self, f: &PostFilter) -> Result<sea_orm::Select<person_post::Entity>> {
        let mut q = person_post::Entity::find();
        if let Some(pid) = f.person {
            // A person's own posts, wherever they are held, are part of their record.
            PeopleRepo { s: self.s }.readable(self.s.db, pid).await?;
            q = q.filter(person_post::Column::PersonId.eq(pid));
            if let Some(under) = f.under {
                let p = self
                    .s
                    .orgs()
                    .path_of_readable(under, Permission::PersonRead)
                    .await?;
                q = q.filter(within(person_post::Column::NodePath, &p));
            }
        } else {
            let seen = self
                .s
                .visible(
                    person_post::Column::NodePath,
                    Permission::PersonRead,
                    f.under,
                )
                .await?;
            q = q.filter(seen);
        }
        if let Some(code) = f.post.as_deref().filter(|c| !c.is_empty()) {
            q = q.filter(person_post::Column::PostCode.eq(code));
        }
        if f.current {
            q = q.filter(current_condition(crate::kit::today()));
        }
        Ok(q.order_by_asc(person_post::Column::NodePath)
            .order_by_asc(person_post::Column::PostCode)
            .order_by_asc(person_post::Column::Id))
    }

    pub async fn list(&self, f: &PostFilter, page: PageRequest) -> Result<Page<PostView>> {
        let q = self.select(f).await?;
        let mut p = fetch_page(self.s.db, q, |q| q, page).await?;
        let rows = std::mem::take(&mut p.items);
        Ok(p.with_items(self.views(rows).await?))
    }

    pub async fn all(&self, f: &PostFilter, cap: u64) -> Result<Vec<PostView>> {
        let rows = self.select(f).await?.limit(cap).all(self.s.db).await?;
        self.views(rows).await
    }

    pub(crate) async fn check_code<C: ConnectionTrait>(conn: &C, code: &str) -> Result<()> {
        if dict_entry::Entity::find_by_id(("post".to_string(), code.to_string()))
            .one(conn)
            .await?
            .is_none()
        {
            return Err(StorageError::field("post_code", "err.choice_invalid"));
        }
        Ok(())
    }

    /// Appoints a person the caller can read to a post at a node the caller may write.
    pub async fn create(
        &self,
        person_id: i64,
        post_code: &str,
        node_id: i64,
        term: Term,
        note: &str,
    ) -> Result<PostView> {
        let note = parse_note(note)?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        PeopleRepo { s: self.s }
            .readable(txn, person_id)
            .await
            .map_err(|e| match e {
                StorageError::NotFound => StorageError::field("person_id", "err.person_missing"),
                e => e,
            })?;
        Self::check_code(txn, post_code).await?;
        let (node, path) =
            node_for(&self.s, txn, node_id, Permission::PersonWrite, "node_id").await?;
        let now = now_ms();
        let m = person_post::ActiveModel {
            person_id: Set(person_id),
            post_code: Set(post_code.to_string()),
            node_id: Set(node.id),
            node_path: Set(path.as_str().to_string()),
            start_on: Set(term.start_on),
            end_on: Set(term.end_on),
            note: Set(note),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        work.record(Entry {
            action: "create",
            record_type: "person_post",
            record_id: Some(m.id.to_string()),
            node: Some((node.id, &path)),
            before: None,
            after: Some(post_json(&m)),
        })
        .await?;
        work.commit().await?;
        Ok(self.views(vec![m]).await?.remove(0))
    }

    async fn writable<C: ConnectionTrait>(
        &self,
        conn: &C,
        id: i64,
    ) -> Result<(person_post::Model, TreePath)> {
        self.s
            .load_for_write::<person_post::Entity, _>(conn, id)
            .await
    }

    /// Changes a post's term (ending it, typically) and note.
    pub async fn update(&self, id: i64, term: Term, note: &str) -> Result<PostView> {
        let note = parse_note(note)?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, path) = self.writable(txn, id).await?;
        let before = post_json(&m);
        let mut am: person_post::ActiveModel = m.into();
        am.start_on = Set(term.start_on);
        am.end_on = Set(term.end_on);
        am.note = Set(note);
        am.updated_at = Set(now_ms());
        let after = am.update(txn).await?;
        work.record(Entry {
            action: "update",
            record_type: "person_post",
            record_id: Some(id.to_string()),
            node: Some((after.node_id, &path)),
            before: Some(before),
            after: Some(post_json(&after)),
        })
        .await?;
        work.commit().await?;
        Ok(self.views(vec![after]).await?.remove(0))
    }

    /// Whether the caller may change post `id`: not found when out of sight, forbidden when
    /// seen but not writable (asked before a change's input is read).
    pub async fn check_writable(&self, id: i64) -> Result<()> {
        self.writable(self.s.db, id).await.map(drop)
    }

    pub async fn delete(&self, id: i64) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, path) = self.writable(txn, id).await?;
        person_post::Entity::delete_by_id(id).exec(txn).await?;
        work.record(Entry {
            action: "delete",
            record_type: "person_post",
            record_id: Some(id.to_string()),
            node: Some((m.node_id, &path)),
            before: Some(post_json(&m)),
            after: None,
        })
        .await?;
        work.commit().await?;
        Ok(())
    }
}
