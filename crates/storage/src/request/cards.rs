//! Supervision cards (督办): the background job that raises a yellow card when a step runs
//! over its due time and a red one when it stays over past the second limit. Cards are rows
//! with one per colour, step and round, so the job may run again — after a restart, or twice at
//! once — and never raise one twice; cards stay on the record after the step ends.

use super::{category, policy_of, to_local};
use crate::entity::request_tables::{request_card, service_request as sr};
use crate::{now_ms, Result, Store};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use touyan_domain::request::workflow::{cards_to_raise, Card, State, Step};

impl Store {
    /// Raises the cards due now on every open request; answers how many were raised.
    pub async fn raise_cards(&self) -> Result<u64> {
        self.raise_cards_at(now_ms()).await
    }

    /// [`Store::raise_cards`] as of `now_ms` (tests move the clock).
    pub async fn raise_cards_at(&self, now_ms: i64) -> Result<u64> {
        let db = self.raw_connection();
        let (cal, hours) = crate::calendar::load_calendar(db).await?;
        let now = to_local(now_ms);
        let open: Vec<&str> = State::ALL
            .iter()
            .filter(|s| s.is_open())
            .map(|s| s.code())
            .collect();
        let mut raised = 0u64;
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
            for m in rows {
                let policy = policy_of(&category(db, &m.category).await?);
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
                    let have: Vec<Card> = request_card::Entity::find()
                        .select_only()
                        .column(request_card::Column::Colour)
                        .filter(request_card::Column::RequestId.eq(m.id))
                        .filter(request_card::Column::Round.eq(m.round))
                        .filter(request_card::Column::Step.eq(step.clone()))
                        .into_tuple::<String>()
                        .all(db)
                        .await?
                        .into_iter()
                        .filter_map(|c| match c.as_str() {
                            "yellow" => Some(Card::Yellow),
                            "red" => Some(Card::Red),
                            _ => None,
                        })
                        .collect();
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
                        let ins = request_card::Entity::insert(request_card::ActiveModel {
                            request_id: Set(m.id),
                            round: Set(m.round),
                            step: Set(step.clone()),
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
                        raised += ins;
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
                                super::stats::on_change(db, Some(&m), &after).await?;
                            }
                        }
                    }
                }
            }
        }
        Ok(raised)
    }
}
