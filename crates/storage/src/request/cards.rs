//! Supervision cards (督办): the background job that raises a yellow card when a step runs
//! over its due time and a red one when it stays over past the second limit. Cards are rows
//! with one per colour, step and round, so the job may run again — after a restart, or twice at
//! once — and never raise one twice; cards stay on the record after the step ends.

use super::{
    category, open_states, policy_of, to_local, CardView, RequestFilter, RequestRepo, RequestView,
};
use crate::entity::request_tables::{request_card, service_request as sr};
use crate::{fetch_page, now_ms, Page, Result, Store};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, DatabaseConnection, EntityTrait, Order, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::Serialize;
use std::collections::HashMap;
use touyan_domain::calendar::work_minutes_between;
use touyan_domain::paging::PageRequest;
use touyan_domain::request::workflow::{cards_to_raise, Card, State, Step};

impl Store {
    /// Raises the cards due now on every open request; answers how many were raised.
    pub async fn raise_cards(&self) -> Result<u64> {
        self.raise_cards_at(now_ms()).await
    }

    /// [`Store::raise_cards`] as of `now_ms` (tests move the clock).
    pub async fn raise_cards_at(&self, now_ms: i64) -> Result<u64> {
        let db = self.raw_connection();
        let (cal, hours) = crate::kit::calendar::load_calendar(db).await?;
        let now = to_local(now_ms);
        let open: Vec<&str> = State::ALL
            .iter()
            .filter(|s| s.is_open())
            .map(|s| s.code())
            .collect();
        let mut raised = 0u64;
        let mut policies = HashMap::new();
        let mut after_id = 0i64;
        loop {
            // Overdue steps only, in batches: the due-time index finds them.
            let rows = sr::Entity::find()
                .filter(sr::Column::Id.gt(after_id))
                .filter(sr::Column::State.is_in(open.clone()))
                .filter(
                    Condition::any()
                        .add(sr::Column::StepDueAt.lt(now_ms))
                        .add(sr::Column::FollowUpDueAt.lt(now_ms)),
                )
                .order_by_asc(sr::Column::Id)
                .limit(500)
                .all(db)
                .await?;
            let Some(last) = rows.last() else { break };
            after_id = last.id;
            // The cards the batch already holds, in one read: (request, round, step) → colours.
            let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
            let held = held_cards(db, ids).await?;
            for m in rows {
                // Categories are few: each is read once per pass.
                let policy = match policies.get(&m.category) {
                    Some(p) => *p,
                    None => {
                        let p = policy_of(&category(db, &m.category).await?);
                        policies.insert(m.category.clone(), p);
                        p
                    }
                };
                let mut steps = vec![];
                if let (Some(step), Some(start), Some(due)) =
                    (m.step.as_deref(), m.step_started_at, m.step_due_at)
                {
                    steps.push((step.to_string(), start, due));
                }
                if let (Some(due), Some(start)) = (m.follow_up_due_at, m.replied_at) {
                    steps.push((Step::FollowUp.code().to_string(), start, due));
                }
                for (step, start, due) in steps {
                    if due >= now_ms {
                        continue;
                    }
                    let have = held
                        .get(&(m.id, m.round, step.clone()))
                        .cloned()
                        .unwrap_or_default();
                    let new = cards_to_raise(
                        to_local(start),
                        to_local(due),
                        now,
                        &cal,
                        &hours,
                        &policy,
                        &have,
                    );
                    for card in new {
                        raised += put_card(db, &m, &step, card, due, now_ms).await?;
                    }
                }
            }
        }
        Ok(raised)
    }
}

/// The cards the requests already hold: (request, round, step) → colours.
async fn held_cards(
    db: &DatabaseConnection,
    ids: Vec<i64>,
) -> Result<HashMap<(i64, i32, String), Vec<Card>>> {
    let mut held: HashMap<(i64, i32, String), Vec<Card>> = HashMap::new();
    let cards: Vec<(i64, i32, String, String)> = request_card::Entity::find()
        .select_only()
        .column(request_card::Column::RequestId)
        .column(request_card::Column::Round)
        .column(request_card::Column::Step)
        .column(request_card::Column::Colour)
        .filter(request_card::Column::RequestId.is_in(ids))
        .into_tuple()
        .all(db)
        .await?;
    for (id, round, step, colour) in cards {
        let card = match colour.as_str() {
            "yellow" => Card::Yellow,
            "red" => Card::Red,
            _ => continue,
        };
        held.entry((id, round, step)).or_default().push(card);
    }
    Ok(held)
}

/// Raises one card on a request's step, once, and shows it on the request; answers how many
/// rows were written (0 when the card was raised before).
async fn put_card(
    db: &DatabaseConnection,
    m: &sr::Model,
    step: &str,
    card: Card,
    due: i64,
    now_ms: i64,
) -> Result<u64> {
    let ins = request_card::Entity::insert(request_card::ActiveModel {
        request_id: Set(m.id),
        round: Set(m.round),
        step: Set(step.to_string()),
        colour: Set(card.code().into()),
        due_at: Set(due),
        raised_at: Set(now_ms),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            request_card::Column::RequestId,
            request_card::Column::Round,
            request_card::Column::Step,
            request_card::Column::Colour,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    // The request shows the highest card it ever held.
    let to = card.code();
    let mut up = sr::Entity::update_many()
        .col_expr(sr::Column::Card, sea_orm::sea_query::Expr::value(to))
        .filter(sr::Column::Id.eq(m.id));
    if card == Card::Yellow {
        up = up.filter(sr::Column::Card.is_null());
    }
    up.exec(db).await?;
    if ins > 0 {
        if let Some(after) = sr::Entity::find_by_id(m.id).one(db).await? {
            super::stats::on_change(db, Some(m), &after).await?;
        }
    }
    Ok(ins)
}

/// One line of the supervision list (督办): a request holding a card or running over its
/// time, with its newest card and how long it is overdue.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SupervisionItem {
    pub request: RequestView,
    /// The newest card raised on the request.
    pub card: Option<CardView>,
    /// The step running over its time now: `accept`, `reply` or `follow_up`.
    pub overdue_step: Option<String>,
    /// When that step was due (Unix ms).
    pub overdue_since: Option<i64>,
    /// Working minutes past the due time, on the working calendar.
    pub overdue_work_minutes: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct SupervisionFilter {
    pub under: Option<i64>,
    /// `yellow` or `red`: only requests holding that card (red holds yellow too).
    pub card: Option<String>,
    /// Include finished (closed, withdrawn) requests that were carded.
    pub finished: bool,
}

impl RequestRepo<'_> {
    /// Requests with cards and overdue ones the caller sees, newest card first (a request
    /// overdue but not yet carded ranks by its due time).
    pub async fn supervision(
        &self,
        f: &SupervisionFilter,
        page: PageRequest,
    ) -> Result<Page<SupervisionItem>> {
        let db = self.s.db;
        let now = now_ms();
        let base = RequestFilter {
            under: f.under,
            card: f.card.clone(),
            ..Default::default()
        };
        let overdue = Condition::all()
            .add(sr::Column::State.is_in(open_states()))
            .add(
                Condition::any()
                    .add(sr::Column::StepDueAt.lt(now))
                    .add(sr::Column::FollowUpDueAt.lt(now)),
            );
        let mut q = self.select(&base).await?.filter(
            Condition::any()
                .add(sr::Column::Card.is_not_null())
                .add(overdue),
        );
        if !f.finished {
            q = q.filter(sr::Column::State.is_in(open_states()));
        }
        let newest = Expr::cust(
            "COALESCE((SELECT MAX(c.raised_at) FROM request_card c \
             WHERE c.request_id = service_request.id), service_request.step_due_at, \
             service_request.follow_up_due_at, 0)",
        );
        let mut p = fetch_page(
            db,
            q,
            |q| {
                q.order_by(newest, Order::Desc)
                    .order_by_desc(sr::Column::Id)
            },
            page,
        )
        .await?;
        let rows = std::mem::take(&mut p.items);
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let cards = request_card::Entity::find()
            .filter(request_card::Column::RequestId.is_in(ids))
            .order_by_desc(request_card::Column::RaisedAt)
            .order_by_desc(request_card::Column::Id)
            .all(db)
            .await?;
        let (cal, hours) = crate::kit::calendar::load_calendar(db).await?;
        let late: Vec<(Option<String>, Option<i64>)> = rows
            .iter()
            .map(|m| {
                let open = State::from_code(&m.state).is_some_and(|s| s.is_open());
                match (m.step_due_at, m.follow_up_due_at) {
                    (Some(d), _) if open && d < now => (m.step.clone(), Some(d)),
                    (_, Some(d)) if open && d < now => {
                        (Some(Step::FollowUp.code().to_string()), Some(d))
                    }
                    _ => (None, None),
                }
            })
            .collect();
        let views = self.views(rows).await?;
        let items = views
            .into_iter()
            .zip(late)
            .map(|(v, (step, due))| SupervisionItem {
                card: cards
                    .iter()
                    .find(|c| c.request_id == v.id)
                    .map(|c| CardView {
                        round: c.round,
                        step: c.step.clone(),
                        colour: c.colour.clone(),
                        due_at: c.due_at,
                        raised_at: c.raised_at,
                    }),
                overdue_work_minutes: due
                    .map(|d| work_minutes_between(&cal, &hours, to_local(d), to_local(now)).max(0)),
                overdue_step: step,
                overdue_since: due,
                request: v,
            })
            .collect();
        Ok(p.with_items(items))
    }
}
