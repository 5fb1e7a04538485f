//! Rating, each in one audited unit of work: a published round's outcome rated by the rules
//! of the node that ran it (caps per superior: the rated organizations' parent), a direct
//! rating with its reason, objections raised during the notice and their answers.

use super::counts::bump;
use super::rules::rules_at;
use super::{day, star_of, RatingDetail, RatingRepo};
use crate::audit::Entry;
use crate::entity::org_node;
use crate::entity::rating_tables::{rating, rating_move as mv, rating_objection as obj};
use crate::kit::area::RoundOutcome;
use crate::kit::today;
use crate::kit::work::Work;
use crate::{now_ms, Result, StorageError};
use chrono::NaiveDate;
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, IntoActiveModel, QueryFilter,
};
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use touyan_domain::access::Permission;
use touyan_domain::rating::{
    may_object, notice_ends_on, rate_group, Candidate, DirectInput, Period, Rated, Reason,
    TextInput,
};
use touyan_domain::tree::TreePath;

/// One rating to write.
struct Put<'a> {
    node: &'a org_node::Model,
    period: &'a Period,
    star: Option<u8>,
    basis: Reason,
    score: Option<i64>,
    vetoed: bool,
    round_id: Option<i64>,
    direct_reason: Option<String>,
    issued_by: i64,
    issued_on: NaiveDate,
    notice_days: u32,
}

/// The rule sets of the nodes between the issuing node (at `issuer`) and the organizations
/// rated, by node.
async fn rules_below<'a>(
    txn: &DatabaseTransaction,
    issuer: &TreePath,
    nodes: impl Iterator<Item = &'a org_node::Model>,
) -> Result<HashMap<i64, touyan_domain::rating::RuleSet>> {
    let skip = issuer.ids().len();
    let mut ids: Vec<i64> = nodes
        .filter_map(|n| TreePath::parse(&n.path).ok())
        .flat_map(|p| {
            let all = p.ids();
            let n = all.len();
            all.into_iter().take(n.saturating_sub(1)).skip(skip)
        })
        .collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = crate::entity::rating_tables::rating_rule::Entity::find()
        .filter(crate::entity::rating_tables::rating_rule::Column::NodeId.is_in(ids))
        .all(txn)
        .await?;
    Ok(rows
        .iter()
        .map(|m| (m.node_id, super::rules::to_rules(m)))
        .collect())
}

/// The latest rating of `node_id` before `period`'s first day (its star and since when).
async fn held_before(
    txn: &DatabaseTransaction,
    node_ids: &[i64],
    period: &Period,
) -> Result<HashMap<i64, (Option<u8>, NaiveDate)>> {
    let mut out = HashMap::new();
    let Some(prev) = period.previous() else {
        return Ok(out);
    };
    let rows = rating::Entity::find()
        .filter(rating::Column::NodeId.is_in(node_ids.to_vec()))
        .filter(rating::Column::Period.eq(prev.code))
        .all(txn)
        .await?;
    for r in rows {
        out.insert(r.node_id, (star_of(r.star), r.star_since));
    }
    Ok(out)
}

/// Writes one rating (replacing the period's rating under notice), its move when the star
/// changes, and the kept counts; answers the audit entry's after-value. A final rating is
/// never replaced.
async fn put(
    txn: &DatabaseTransaction,
    p: Put<'_>,
    before: Option<(Option<u8>, NaiveDate)>,
) -> Result<(rating::Model, serde_json::Value)> {
    let path = TreePath::parse(&p.node.path)?;
    let old = rating::Entity::find()
        .filter(rating::Column::NodeId.eq(p.node.id))
        .filter(rating::Column::Period.eq(p.period.code.clone()))
        .one(txn)
        .await?;
    if old.as_ref().is_some_and(|o| o.state == "final") {
        return Err(StorageError::Refused("rule.rating_final"));
    }
    let from = match &old {
        Some(o) => star_of(o.star),
        None => before.and_then(|b| b.0),
    };
    let since = match before {
        Some((s, d)) if s == p.star => d,
        _ => p.issued_on,
    };
    let ends = notice_ends_on(p.issued_on, p.notice_days);
    let mut m = rating::ActiveModel {
        node_id: Set(p.node.id),
        node_path: Set(p.node.path.clone()),
        period: Set(p.period.code.clone()),
        star: Set(p.star.map(i32::from)),
        score: Set(p.score),
        vetoed: Set(p.vetoed),
        round_id: Set(p.round_id),
        direct_reason: Set(p.direct_reason),
        basis: Set(p.basis.code().into()),
        state: Set("notice".into()),
        issued_on: Set(p.issued_on),
        notice_ends_on: Set(ends),
        star_since: Set(since),
        issued_by_node_id: Set(p.issued_by),
        created_by: Set(String::new()),
        created_at: Set(now_ms()),
        updated_at: Set(now_ms()),
        ..Default::default()
    };
    let saved = match &old {
        Some(o) => {
            m.id = Set(o.id);
            m.created_by = Set(o.created_by.clone());
            m.created_at = Set(o.created_at);
            bump(txn, &path, &p.period.code, star_of(o.star), -1).await?;
            m.update(txn).await?
        }
        None => m.insert(txn).await?,
    };
    bump(txn, &path, &p.period.code, p.star, 1).await?;
    if from != p.star || old.is_none() {
        mv::ActiveModel {
            rating_id: Set(saved.id),
            node_id: Set(saved.node_id),
            node_path: Set(saved.node_path.clone()),
            period: Set(saved.period.clone()),
            from_star: Set(from.map(i32::from)),
            to_star: Set(saved.star),
            basis: Set(saved.basis.clone()),
            moved_on: Set(saved.issued_on),
            created_at: Set(now_ms()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    let after = json!({"node_id": saved.node_id, "period": saved.period, "star": saved.star,
                       "score": saved.score, "basis": saved.basis, "round_id": saved.round_id,
                       "direct_reason": saved.direct_reason,
                       "notice_ends_on": day(&saved.notice_ends_on)});
    Ok((saved, after))
}

/// Audits the ratings written, one entry each; refuses a rating of nothing.
async fn record(
    work: &Work<'_>,
    entries: Vec<(rating::Model, serde_json::Value)>,
) -> Result<usize> {
    let paths: Vec<TreePath> = entries
        .iter()
        .map(|(m, _)| TreePath::parse(&m.node_path))
        .collect::<std::result::Result<_, _>>()?;
    let n = entries.len();
    let audit: Vec<Entry> = entries
        .into_iter()
        .zip(&paths)
        .map(|((m, after), p)| Entry {
            action: "rate",
            record_type: "rating",
            record_id: Some(m.id.to_string()),
            node: Some((m.node_id, p)),
            before: None,
            after: Some(after),
        })
        .collect();
    if audit.is_empty() {
        return Err(StorageError::Refused("rule.rating_nothing"));
    }
    work.record_many(audit).await?;
    Ok(n)
}

impl RatingRepo<'_> {
    /// Rates the organizations of a published round's outcome by the rules of the round's
    /// node, which the caller manages; answers how many were rated.
    pub async fn rate_outcome(&self, outcome: &RoundOutcome) -> Result<usize> {
        self.rate_outcome_on(outcome, today()).await
    }

    /// Rates the outcome of published round `round_id`, read through the list of areas.
    pub async fn rate_round(&self, round_id: i64) -> Result<usize> {
        let o = crate::areas::round_outcome(self.s.db, round_id)
            .await?
            .ok_or(StorageError::NotFound)?;
        if !self.s.actor.can(Permission::RatingRead, &o.node_path) {
            return Err(StorageError::NotFound);
        }
        self.rate_outcome(&o).await
    }

    /// [`Self::rate_outcome`] as issued on `on`: today, or an earlier day for the command
    /// line's demo only. A round id of 0 stands for scores kept without a round (the demo's
    /// quarters before rounds were recorded): the ratings name no round.
    pub async fn rate_outcome_on(&self, outcome: &RoundOutcome, on: NaiveDate) -> Result<usize> {
        self.past_day_allowed(on)?;
        let issuer = &outcome.node_path;
        self.s
            .require(Permission::RatingManage, Permission::RatingRead, issuer)?;
        let period = Period::parse(&outcome.period)
            .ok_or_else(|| StorageError::field("period", "err.rating_period"))?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (base, _) = rules_at(txn, issuer).await?;
        let ids: Vec<i64> = outcome.results.iter().map(|r| r.node_id).collect();
        let nodes: HashMap<i64, org_node::Model> = org_node::Entity::find()
            .filter(org_node::Column::Id.is_in(ids.clone()))
            .all(txn)
            .await?
            .into_iter()
            .filter(|n| n.path.starts_with(issuer.as_str()) && n.id != outcome.node_id)
            .map(|n| (n.id, n))
            .collect();
        let own = rules_below(txn, issuer, nodes.values()).await?;
        let before = held_before(txn, &ids, &period).await?;
        let direct: HashMap<i64, rating::Model> = rating::Entity::find()
            .filter(rating::Column::NodeId.is_in(ids))
            .filter(rating::Column::Period.eq(period.code.clone()))
            .filter(rating::Column::DirectReason.is_not_null())
            .all(txn)
            .await?
            .into_iter()
            .map(|r| (r.node_id, r))
            .collect();
        // The organizations under each superior, each group capped apart: the superior is
        // the nearest node above an organization (under the round's node) with a rule set
        // of its own, else the round's node.
        let mut groups: BTreeMap<i64, Vec<Candidate>> = BTreeMap::new();
        for r in &outcome.results {
            let Some(n) = nodes.get(&r.node_id) else {
                continue;
            };
            let path = TreePath::parse(&n.path)?;
            let superior = path
                .ids()
                .into_iter()
                .rev()
                .skip(1)
                .take_while(|id| *id != outcome.node_id)
                .find(|id| own.contains_key(id))
                .unwrap_or(outcome.node_id);
            groups.entry(superior).or_default().push(Candidate {
                node_id: r.node_id,
                score: Some(r.score_hundredths),
                vetoed: r.vetoed,
                previous: before.get(&r.node_id).copied(),
                direct: direct.get(&r.node_id).and_then(|d| star_of(d.star)),
            });
        }
        let score_of: HashMap<i64, (i64, bool)> = outcome
            .results
            .iter()
            .map(|r| (r.node_id, (r.score_hundredths, r.vetoed)))
            .collect();
        let mut entries = Vec::new();
        for (superior, group) in &groups {
            let rules = own.get(superior).unwrap_or(&base);
            for Rated {
                node_id,
                star,
                reason,
            } in rate_group(rules, group)
            {
                if reason == Reason::Direct {
                    continue; // the direct rating stands as it was given
                }
                let (score, vetoed) = score_of[&node_id];
                let put_one = Put {
                    node: &nodes[&node_id],
                    period: &period,
                    star,
                    basis: reason,
                    score: Some(score),
                    vetoed,
                    round_id: Some(outcome.round_id).filter(|id| *id > 0),
                    direct_reason: None,
                    issued_by: outcome.node_id,
                    issued_on: on,
                    notice_days: rules.notice_days,
                };
                let (m, after) = put(txn, put_one, before.get(&node_id).copied()).await?;
                entries.push((m, after));
            }
        }
        let n = record(&work, entries).await?;
        work.commit().await?;
        Ok(n)
    }

    /// An earlier day than today is taken from the command line's demo only.
    pub(crate) fn past_day_allowed(&self, on: NaiveDate) -> Result<()> {
        let a = self.s.actor;
        if on != today()
            && (a.user_id.is_some()
                || a.token_id.is_some()
                || !a.grants.allows_global(Permission::RatingManage))
        {
            return Err(StorageError::Forbidden);
        }
        Ok(())
    }

    /// Rates an organization directly (直接定级) with a reason, as issued by its parent,
    /// which the caller manages.
    pub async fn rate_direct(&self, input: &DirectInput) -> Result<RatingDetail> {
        self.rate_direct_on(input, today()).await
    }

    /// [`Self::rate_direct`] as issued on `on` (an earlier day: the demo only).
    pub async fn rate_direct_on(&self, input: &DirectInput, on: NaiveDate) -> Result<RatingDetail> {
        self.past_day_allowed(on)?;
        let d = input.parse()?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let missing = || StorageError::field("node_id", "err.node_missing");
        let node = org_node::Entity::find_by_id(d.node_id)
            .one(txn)
            .await?
            .ok_or_else(missing)?;
        let path = TreePath::parse(&node.path)?;
        let parent = node.parent_id.ok_or_else(missing)?;
        let issuer = path.prefix_to(parent).ok_or_else(missing)?;
        if !self.s.actor.can(Permission::RatingManage, &issuer) {
            return Err(missing());
        }
        let (rules, _) = rules_at(txn, &issuer).await?;
        let before = held_before(txn, &[node.id], &d.period).await?;
        let p = Put {
            node: &node,
            period: &d.period,
            star: Some(d.star),
            basis: Reason::Direct,
            score: None,
            vetoed: false,
            round_id: None,
            direct_reason: Some(d.reason),
            issued_by: parent,
            issued_on: on,
            notice_days: rules.notice_days,
        };
        let (m, after) = put(txn, p, before.get(&node.id).copied()).await?;
        work.record(Entry {
            action: "rate",
            record_type: "rating",
            record_id: Some(m.id.to_string()),
            node: Some((node.id, &path)),
            before: None,
            after: Some(after),
        })
        .await?;
        work.commit().await?;
        self.detail(m.id).await
    }

    /// Raises an objection to rating `id` (which the caller reads) while its notice runs.
    pub async fn object(&self, id: i64, input: &TextInput) -> Result<RatingDetail> {
        let body = input.parse()?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (r, path) = self.s.load_for_read::<rating::Entity, _>(txn, id).await?;
        if r.state == "final" || !may_object(r.notice_ends_on, today()) {
            return Err(StorageError::Refused("rule.rating_notice_over"));
        }
        let m = obj::ActiveModel {
            rating_id: Set(r.id),
            node_path: Set(r.node_path.clone()),
            body: Set(body),
            raised_by: Set(self.s.actor.display_name.clone()),
            raised_on: Set(today()),
            created_at: Set(now_ms()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        work.record(Entry {
            action: "create",
            record_type: "rating_objection",
            record_id: Some(m.id.to_string()),
            node: Some((r.node_id, &path)),
            before: None,
            after: Some(json!({"rating_id": r.id, "body": m.body})),
        })
        .await?;
        work.commit().await?;
        self.detail(id).await
    }

    /// Answers objection `oid` of rating `id`; the caller manages the node that issued it.
    pub async fn answer(&self, id: i64, oid: i64, input: &TextInput) -> Result<RatingDetail> {
        let text = input.parse()?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (r, path) = self.s.load_for_read::<rating::Entity, _>(txn, id).await?;
        self.require_issuer(&r, &path)?;
        let o = obj::Entity::find_by_id(oid)
            .filter(obj::Column::RatingId.eq(r.id))
            .one(txn)
            .await?
            .ok_or(StorageError::NotFound)?;
        if o.answer.is_some() {
            return Err(StorageError::Refused("rule.rating_answered"));
        }
        let mut am = o.clone().into_active_model();
        am.answer = Set(Some(text.clone()));
        am.answered_by = Set(Some(self.s.actor.display_name.clone()));
        am.answered_on = Set(Some(today()));
        am.update(txn).await?;
        work.record(Entry {
            action: "answer",
            record_type: "rating_objection",
            record_id: Some(o.id.to_string()),
            node: Some((r.node_id, &path)),
            before: Some(json!({"answer": null})),
            after: Some(json!({"answer": text})),
        })
        .await?;
        work.commit().await?;
        self.detail(id).await
    }

    /// `rating.manage` over the node that issued rating `r` (filed at `path`).
    pub(crate) fn require_issuer(&self, r: &rating::Model, path: &TreePath) -> Result<()> {
        let issuer = path
            .prefix_to(r.issued_by_node_id)
            .unwrap_or_else(|| path.clone());
        if self.s.actor.can(Permission::RatingManage, &issuer) {
            Ok(())
        } else {
            Err(StorageError::Forbidden)
        }
    }
}
