//! A request's past entered after the fact (the demo's months of requests, a history taken
//! over from a paper ledger): each action by the same roles and rules as one entered now,
//! judged as of its own moment, and each request's counters moved once, from the request as
//! it was to the request as it ends. Many requests may be entered in one transaction; one
//! refused step keeps none of them.

use super::{category_codes, insert_uncounted, plan_under, request_json, stats, write_action};
use super::{RequestRepo, RulesCache};
use crate::audit::Entry;
use crate::entity::request_tables::{request_event, service_request as sr};
use crate::kit::work::Work;
use crate::{now_ms, Result, StorageError};
use sea_orm::EntityTrait;
use touyan_domain::request::intake::{Channel, RequestInput};
use touyan_domain::request::workflow::ActionInput;
use touyan_domain::tree::TreePath;

/// What was done on a request: each action with the moment it was taken, in order.
pub type Steps = Vec<(ActionInput, i64)>;

/// A request raised at a past moment `at_ms`, with what was done on it since.
pub struct PastRequest {
    pub input: RequestInput,
    pub at_ms: i64,
    pub steps: Steps,
}

impl RequestRepo<'_> {
    /// Records `steps` on request `id` (see [`Self::record_histories`]).
    pub async fn record_history(&self, id: i64, steps: &[(ActionInput, i64)]) -> Result<()> {
        self.record_histories(&[(id, steps.to_vec())]).await
    }

    /// Records the steps of each request named, in one transaction. A moment may not lie
    /// before the request's last change nor in the future; each action must be one the
    /// caller's role on the request allows at that moment.
    pub async fn record_histories(&self, histories: &[(i64, Steps)]) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let mut rules = RulesCache::default();
        let mut moved = false;
        for (id, steps) in histories {
            let m = self.readable(txn, *id).await?;
            let end = self.replay(&work, &mut rules, m.clone(), steps).await?;
            stats::on_change(txn, Some(&m), &end).await?;
            moved |= !steps.is_empty();
        }
        if moved {
            work.commit().await?;
        } else {
            work.commit_unaudited("no step to record").await?;
        }
        Ok(())
    }

    /// Staff intake of a request raised at a past moment `at_ms`, with what was done on it
    /// since; answers its id.
    pub async fn create_past(
        &self,
        input: &RequestInput,
        at_ms: i64,
        steps: &[(ActionInput, i64)],
    ) -> Result<i64> {
        let past = PastRequest {
            input: input.clone(),
            at_ms,
            steps: steps.to_vec(),
        };
        Ok(self.create_pasts(std::slice::from_ref(&past)).await?[0])
    }

    /// [`Self::create_past`] for many requests in one transaction; answers their ids in order.
    pub async fn create_pasts(&self, pasts: &[PastRequest]) -> Result<Vec<i64>> {
        if pasts.iter().any(|p| p.at_ms > now_ms()) {
            return Err(StorageError::field("at", "err.date_future"));
        }
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let cats = category_codes(txn).await?;
        let mut rules = RulesCache::default();
        let mut ids = Vec::with_capacity(pasts.len());
        for past in pasts {
            let new = past.input.parse(&cats)?;
            if new.channel == Channel::PublicForm {
                return Err(StorageError::field("channel", "err.choice"));
            }
            let r = rules.get(txn, &new.category).await?;
            let m = insert_uncounted(&work, &new, Some((self.s, r)), None, past.at_ms).await?;
            ids.push(m.id);
            let end = self.replay(&work, &mut rules, m, &past.steps).await?;
            stats::on_change(txn, None, &end).await?;
        }
        if ids.is_empty() {
            work.commit_unaudited("no request to enter").await?;
        } else {
            work.commit().await?;
        }
        Ok(ids)
    }

    /// Takes `steps` on `m` in order (see [`Self::record_history`]); answers the row as it
    /// ends. Each step is worked out on the row the previous one left, in memory; the row is
    /// then written once, the timeline entries and audit entries a statement each. The
    /// counters are left to the caller, to move once.
    async fn replay(
        &self,
        work: &Work<'_>,
        rules: &mut RulesCache,
        first: sr::Model,
        steps: &[(ActionInput, i64)],
    ) -> Result<sr::Model> {
        if steps.is_empty() {
            return Ok(first);
        }
        let conn = work.txn();
        // An action never changes the category, so its limits are read once.
        let rules = rules.get(conn, &first.category).await?;
        let actor = self.s.actor;
        let who = (actor.user_id, actor.display_name.as_str());
        let mut m = first.clone();
        let mut events = Vec::with_capacity(steps.len());
        let mut facts = Vec::with_capacity(steps.len());
        let mut paths = Vec::with_capacity(steps.len());
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
            let (after, event) = plan_under(conn, rules, &m, role, input, who, *at_ms).await?;
            paths.push(TreePath::parse(&after.dispatcher_path)?);
            events.push(event);
            facts.push((kind.code(), request_json(&after), after.dispatcher_node_id));
            m = after;
        }
        let entries = facts
            .into_iter()
            .zip(&paths)
            .map(|((action, after, node), path)| Entry {
                action,
                record_type: "service_request",
                record_id: Some(m.id.to_string()),
                node: Some((node, path)),
                before: None,
                after: Some(after),
            })
            .collect();
        // The row moves once, from as it was to as it ends; the last step's timeline entry
        // goes with that move, the earlier ones just before it.
        let last = events.pop().ok_or(StorageError::NotFound)?;
        if !events.is_empty() {
            request_event::Entity::insert_many(events)
                .exec_without_returning(conn)
                .await?;
        }
        write_action(work, &first, &m, last, None).await?;
        work.record_many(entries).await?;
        Ok(m)
    }
}
