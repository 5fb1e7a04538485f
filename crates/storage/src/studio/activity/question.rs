//! Office hours and questions (驻室答疑 [000]): when someone of the studio is in, what people
//! asked and how the studio answered. Anyone who reads a studio may ask it; answers come
//! from its members or its leader, recorded by someone who keeps the studio.

use super::{contains_ci, nonblank, open_to_readers};
use crate::audit::Entry;
use crate::entity::activity_tables::{studio_office_hour, studio_question};
use crate::entity::{app_user, studio, studio_member};
use crate::kit::today;
use crate::kit::work::Work;
use crate::studio::{names_of, person_in_reach, studio_node};
use crate::{fetch_page, now_ms, Page, Result, Scoped, StorageError};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use touyan_domain::paging::PageRequest;
use touyan_domain::studio::activity::{parse_answer, OfficeHourInput, QuestionInput};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OfficeHourView {
    pub id: i64,
    pub studio_id: i64,
    /// 1 (Monday) to 7 (Sunday).
    pub weekday: i32,
    /// `HH:MM`.
    pub starts: String,
    pub ends: String,
    pub place: String,
    pub host_id: Option<i64>,
    pub host_name: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct QuestionView {
    pub id: i64,
    pub studio_id: i64,
    pub studio_name: String,
    pub asker_name: String,
    pub title: String,
    pub body: Option<String>,
    /// Unix ms.
    pub asked_at: i64,
    pub answer: Option<String>,
    pub answerer_id: Option<i64>,
    pub answerer_name: Option<String>,
    pub answered_at: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct QuestionFilter {
    /// Part of the title, the question or the answer (ASCII letters in any case).
    pub q: Option<String>,
    /// Only answered (`true`) or only open (`false`) questions.
    pub answered: Option<bool>,
    /// For the search across studios: studios filed in this subtree.
    pub under: Option<i64>,
}

pub struct QuestionRepo<'a> {
    pub(crate) s: Scoped<'a>,
}

fn hour_json(m: &studio_office_hour::Model) -> serde_json::Value {
    json!({"studio_id": m.studio_id, "weekday": m.weekday, "starts": m.starts, "ends": m.ends,
           "place": m.place, "host_id": m.host_id})
}

fn question_json(m: &studio_question::Model) -> serde_json::Value {
    json!({"studio_id": m.studio_id, "asker_name": m.asker_name, "title": m.title,
           "body": m.body, "answer": m.answer, "answerer_id": m.answerer_id})
}

/// Whether `person_id` may answer for the studio: its leader, or a member now.
async fn speaks_for<C: ConnectionTrait>(
    conn: &C,
    st: &studio::Model,
    person_id: i64,
) -> Result<bool> {
    if st.leader_id == Some(person_id) {
        return Ok(true);
    }
    let today = today();
    Ok(studio_member::Entity::find()
        .filter(studio_member::Column::StudioId.eq(st.id))
        .filter(studio_member::Column::PersonId.eq(person_id))
        .filter(studio_member::Column::JoinedOn.lte(today))
        .filter(
            studio_member::Column::LeftOn
                .is_null()
                .or(studio_member::Column::LeftOn.gt(today)),
        )
        .count(conn)
        .await?
        > 0)
}

impl QuestionRepo<'_> {
    async fn hour_views(
        &self,
        rows: Vec<studio_office_hour::Model>,
    ) -> Result<Vec<OfficeHourView>> {
        let names = names_of(self.s.db, rows.iter().filter_map(|r| r.host_id).collect()).await?;
        Ok(rows
            .into_iter()
            .map(|m| OfficeHourView {
                id: m.id,
                studio_id: m.studio_id,
                weekday: m.weekday,
                host_name: m.host_id.and_then(|h| names.get(&h).cloned()),
                starts: m.starts,
                ends: m.ends,
                place: m.place,
                host_id: m.host_id,
            })
            .collect())
    }

    /// A studio's office hours, Monday first.
    pub async fn office_hours(&self, studio_id: i64) -> Result<Vec<OfficeHourView>> {
        let seen = self
            .s
            .filter_under::<studio_office_hour::Entity, _>(self.s.db, studio_id)
            .await?;
        let rows = studio_office_hour::Entity::find()
            .filter(seen)
            .order_by_asc(studio_office_hour::Column::Weekday)
            .order_by_asc(studio_office_hour::Column::Starts)
            .order_by_asc(studio_office_hour::Column::Id)
            .all(self.s.db)
            .await?;
        self.hour_views(rows).await
    }

    pub async fn add_office_hour(
        &self,
        studio_id: i64,
        input: &OfficeHourInput,
    ) -> Result<OfficeHourView> {
        let h = input.parse()?;
        let host_id = input.host_id;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (st, path) = self
            .s
            .parent_for_write::<studio_office_hour::Entity, _>(txn, studio_id)
            .await?;
        if let Some(p) = host_id {
            person_in_reach(&self.s, txn, p, "host_id").await?;
        }
        let m = studio_office_hour::ActiveModel {
            studio_id: Set(studio_id),
            weekday: Set(h.weekday),
            starts: Set(h.starts),
            ends: Set(h.ends),
            place: Set(h.place),
            host_id: Set(host_id),
            created_at: Set(now_ms()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        work.record(Entry {
            action: "create",
            record_type: "studio_office_hour",
            record_id: Some(m.id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: None,
            after: Some(hour_json(&m)),
        })
        .await?;
        work.commit().await?;
        Ok(self.hour_views(vec![m]).await?.remove(0))
    }

    pub async fn delete_office_hour(&self, studio_id: i64, hour_id: i64) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, st, path) = self
            .s
            .load_under_for_write::<studio_office_hour::Entity, _>(txn, studio_id, hour_id)
            .await?;
        studio_office_hour::Entity::delete_by_id(hour_id)
            .exec(txn)
            .await?;
        work.record(Entry {
            action: "delete",
            record_type: "studio_office_hour",
            record_id: Some(hour_id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: Some(hour_json(&m)),
            after: None,
        })
        .await?;
        work.commit().await?;
        Ok(())
    }

    async fn views(&self, rows: Vec<studio_question::Model>) -> Result<Vec<QuestionView>> {
        let db = self.s.db;
        let people = names_of(db, rows.iter().filter_map(|r| r.answerer_id).collect()).await?;
        let mut sids: Vec<i64> = rows.iter().map(|r| r.studio_id).collect();
        sids.sort_unstable();
        sids.dedup();
        let studios: HashMap<i64, String> = if sids.is_empty() {
            HashMap::new()
        } else {
            studio::Entity::find()
                .select_only()
                .column(studio::Column::Id)
                .column(studio::Column::Name)
                .filter(studio::Column::Id.is_in(sids))
                .into_tuple::<(i64, String)>()
                .all(db)
                .await?
                .into_iter()
                .collect()
        };
        Ok(rows
            .into_iter()
            .map(|m| QuestionView {
                id: m.id,
                studio_id: m.studio_id,
                studio_name: studios.get(&m.studio_id).cloned().unwrap_or_default(),
                answerer_name: m.answerer_id.and_then(|p| people.get(&p).cloned()),
                asker_name: m.asker_name,
                title: m.title,
                body: m.body,
                asked_at: m.asked_at,
                answer: m.answer,
                answerer_id: m.answerer_id,
                answered_at: m.answered_at,
            })
            .collect())
    }

    fn filtered(
        &self,
        q: sea_orm::Select<studio_question::Entity>,
        f: &QuestionFilter,
    ) -> sea_orm::Select<studio_question::Entity> {
        let mut q = q;
        if let Some(t) = nonblank(&f.q) {
            q = q.filter(
                Condition::any()
                    .add(contains_ci(studio_question::Column::Title, &t))
                    .add(contains_ci(studio_question::Column::Body, &t))
                    .add(contains_ci(studio_question::Column::Answer, &t)),
            );
        }
        match f.answered {
            Some(true) => q = q.filter(studio_question::Column::Answer.is_not_null()),
            Some(false) => q = q.filter(studio_question::Column::Answer.is_null()),
            None => {}
        }
        q.order_by_desc(studio_question::Column::AskedAt)
            .order_by_desc(studio_question::Column::Id)
    }

    /// A studio's questions, newest first.
    pub async fn list(
        &self,
        studio_id: i64,
        f: &QuestionFilter,
        page: PageRequest,
    ) -> Result<Page<QuestionView>> {
        let seen = self
            .s
            .filter_under::<studio_question::Entity, _>(self.s.db, studio_id)
            .await?;
        let q = self.filtered(studio_question::Entity::find().filter(seen), f);
        let mut p = fetch_page(self.s.db, q, |q| q, page).await?;
        let rows = std::mem::take(&mut p.items);
        Ok(p.with_items(self.views(rows).await?))
    }

    /// Questions of every studio the caller reads (or those filed under `f.under`).
    pub async fn search(
        &self,
        f: &QuestionFilter,
        page: PageRequest,
    ) -> Result<Page<QuestionView>> {
        let seen = self
            .s
            .list_filter_under::<studio_question::Entity>(f.under)
            .await?;
        let q = self.filtered(studio_question::Entity::find().filter(seen), f);
        let mut p = fetch_page(self.s.db, q, |q| q, page).await?;
        let rows = std::mem::take(&mut p.items);
        Ok(p.with_items(self.views(rows).await?))
    }

    pub async fn get(&self, studio_id: i64, question_id: i64) -> Result<QuestionView> {
        let s = self.s;
        let (m, _, _) = s
            .load_under_for_read::<studio_question::Entity, _>(s.db, studio_id, question_id)
            .await?;
        Ok(self.views(vec![m]).await?.remove(0))
    }

    /// Raises a question: anyone who reads the studio may, while it takes records.
    pub async fn ask(&self, studio_id: i64, input: &QuestionInput) -> Result<QuestionView> {
        let q = input.parse()?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (st, path) = open_to_readers(&self.s, txn, studio_id).await?;
        let actor = self.s.actor;
        let m = studio_question::ActiveModel {
            studio_id: Set(studio_id),
            asker_user_id: Set(actor.user_id),
            asker_name: Set(q.asker_name.unwrap_or_else(|| actor.display_name.clone())),
            title: Set(q.title),
            body: Set(q.body),
            asked_at: Set(now_ms()),
            answer: Set(None),
            answerer_id: Set(None),
            answered_by_user: Set(None),
            answered_at: Set(None),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        work.record(Entry {
            action: "create",
            record_type: "studio_question",
            record_id: Some(m.id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: None,
            after: Some(question_json(&m)),
        })
        .await?;
        work.commit().await?;
        Ok(self.views(vec![m]).await?.remove(0))
    }

    /// The person the signed-in account is, if it is linked to one.
    async fn own_person<C: ConnectionTrait>(&self, conn: &C) -> Result<Option<i64>> {
        let Some(uid) = self.s.actor.user_id else {
            return Ok(None);
        };
        let row: Option<Option<i64>> = app_user::Entity::find_by_id(uid)
            .select_only()
            .column(app_user::Column::PersonId)
            .into_tuple()
            .one(conn)
            .await?;
        Ok(row.flatten())
    }

    /// Answers (or re-answers) a question. The answerer is a member of the studio now or its
    /// leader; without one, the person the signed-in account is.
    pub async fn answer(
        &self,
        studio_id: i64,
        question_id: i64,
        answer: &str,
        answerer_id: Option<i64>,
    ) -> Result<QuestionView> {
        let text = parse_answer(answer)?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, st, path) = self
            .s
            .load_under_for_write::<studio_question::Entity, _>(txn, studio_id, question_id)
            .await?;
        let answerer = match answerer_id {
            Some(p) => p,
            None => self
                .own_person(txn)
                .await?
                .ok_or_else(|| StorageError::field("answerer_id", "err.required"))?,
        };
        person_in_reach(&self.s, txn, answerer, "answerer_id").await?;
        if !speaks_for(txn, &st, answerer).await? {
            return Err(StorageError::field(
                "answerer_id",
                "err.qa_answerer_not_member",
            ));
        }
        let before = question_json(&m);
        let mut am: studio_question::ActiveModel = m.into();
        am.answer = Set(Some(text));
        am.answerer_id = Set(Some(answerer));
        am.answered_by_user = Set(self.s.actor.user_id);
        am.answered_at = Set(Some(now_ms()));
        let after = am.update(txn).await?;
        work.record(Entry {
            action: "answer",
            record_type: "studio_question",
            record_id: Some(question_id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: Some(before),
            after: Some(question_json(&after)),
        })
        .await?;
        work.commit().await?;
        Ok(self.views(vec![after]).await?.remove(0))
    }

    pub async fn delete(&self, studio_id: i64, question_id: i64) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, st, path) = self
            .s
            .load_under_for_write::<studio_question::Entity, _>(txn, studio_id, question_id)
            .await?;
        studio_question::Entity::delete_by_id(question_id)
            .exec(txn)
            .await?;
        work.record(Entry {
            action: "delete",
            record_type: "studio_question",
            record_id: Some(question_id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: Some(question_json(&m)),
            after: None,
        })
        .await?;
        work.commit().await?;
        Ok(())
    }
}
