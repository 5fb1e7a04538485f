//! A request's past entered after the fact (the demo's months of requests, a history taken
//! over from a paper ledger): each action by the same roles and rules as one entered now,
//! judged as of its own moment, and the whole history in one transaction whose counters move
//! once, from the request as it was to the request as it ends.

use super::{act_under, category_codes, insert_request, request_json, stats, RequestRepo, Rules};
use crate::audit::{self, Entry};
use crate::entity::request_tables::{request_event, service_request as sr};
use crate::{now_ms, Result, StorageError};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use touyan_domain::org::TreePath;
use touyan_domain::request::intake::{Channel, RequestInput};
use touyan_domain::request::workflow::ActionInput;

impl RequestRepo<'_> {
    /// Records `steps`, each an action and the moment it was taken, in order. A moment may not
    /// lie before the request's last change nor in the future; each action must be one the
    /// caller's role on the request allows at that moment. One refused step keeps none.
    pub async fn record_history(&self, id: i64, steps: &[(ActionInput, i64)]) -> Result<()> {
        let txn = crate::begin_write(&self.s.db).await?;
        let m = self.readable(&txn, id).await?;
        let end = self.replay(&txn, m.clone(), steps).await?;
        stats::on_change(&txn, Some(&m), &end).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Staff intake of a request raised at a past moment `at_ms`, with what was done on it
    /// since ([`Self::record_history`]); answers its id.
    pub async fn create_past(
        &self,
        input: &RequestInput,
        at_ms: i64,
        steps: &[(ActionInput, i64)],
    ) -> Result<i64> {
        if at_ms > now_ms() {
            return Err(StorageError::field("at", "err.date_future"));
        }
        let txn = crate::begin_write(&self.s.db).await?;
        let cats = category_codes(&txn).await?;
        let new = input.parse(&cats)?;
        if new.channel == Channel::PublicForm {
            return Err(StorageError::field("channel", "err.choice"));
        }
        let m = insert_request(&txn, &new, Some(self.s), None).await?;
        // Re-dated: the request and its first entries as of `at_ms`.
        sr::Entity::update_many()
            .col_expr(sr::Column::CreatedAt, Expr::value(at_ms))
            .col_expr(sr::Column::ReceivedAt, Expr::value(at_ms))
            .col_expr(sr::Column::UpdatedAt, Expr::value(at_ms))
            .filter(sr::Column::Id.eq(m.id))
            .exec(&txn)
            .await?;
        request_event::Entity::update_many()
            .col_expr(request_event::Column::CreatedAt, Expr::value(at_ms))
            .filter(request_event::Column::RequestId.eq(m.id))
            .exec(&txn)
            .await?;
        let m = sr::Model {
            created_at: at_ms,
            received_at: Some(at_ms),
            updated_at: at_ms,
            ..m
        };
        let id = m.id;
        let end = self.replay(&txn, m, steps).await?;
        stats::on_change(&txn, None, &end).await?;
        txn.commit().await?;
        Ok(id)
    }

    /// Takes `steps` on `m` in order (see [`Self::record_history`]); answers the row as it
    /// ends. The counters are left to the caller, to move once.
    async fn replay<C: ConnectionTrait>(
        &self,
        conn: &C,
        mut m: sr::Model,
        steps: &[(ActionInput, i64)],
    ) -> Result<sr::Model> {
        // An action never changes the category, so its limits are read once.
        let rules = Rules::load(conn, &m.category).await?;
        let actor = self.s.actor;
        for (input, at_ms) in steps {
            if *at_ms < m.updated_at || *at_ms > now_ms() {
                return Err(StorageError::field("at", "err.date_order"));
            }
            // The previous step may have taken the request out of the caller's sight.
            if !self.can_see(&m) {
                return Err(StorageError::NotFound);
            }
            let kind = input.kind()?;
            let Some(role) = self
                .roles_on(&m)
                .into_iter()
                .find(|r| kind.def().roles.contains(r))
            else {
                return Err(StorageError::Forbidden);
            };
            let who = (actor.user_id, actor.display_name.as_str());
            m = act_under(conn, &rules, &m, role, input, who, *at_ms).await?;
            audit::write(
                conn,
                actor,
                Entry {
                    action: kind.code(),
                    record_type: "service_request",
                    record_id: Some(m.id.to_string()),
                    node: Some((m.dispatcher_node_id, &TreePath::parse(&m.dispatcher_path)?)),
                    before: None,
                    after: Some(request_json(&m)),
                },
            )
            .await?;
        }
        Ok(m)
    }
}
