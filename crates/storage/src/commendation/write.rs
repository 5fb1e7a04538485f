//! Changing commendations, each in one audited unit of work: a draft written whole (created
//! or replaced, its organizations filled from a round's best results when asked), issued
//! with an honour recorded in the honours ledger for each person named, or revoked with a
//! reason and those honours withdrawn.

use super::{day, CommendationDetail, CommendationRepo};
use crate::audit::Entry;
use crate::entity::commendation_tables::{commendation, commendation_org, commendation_person};
use crate::entity::{org_node, person};
use crate::kit::area::HonourGrant;
use crate::kit::lookup::node_for;
use crate::kit::today;
use crate::kit::work::Work;
use crate::{now_ms, Result, StorageError};
use sea_orm::sea_query::Expr;
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use serde_json::json;
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::commendation::{
    best_of, Commendation, CommendationInput, Line, RevokeInput, Scored, State,
};
use touyan_domain::tree::TreePath;

/// A person named, as the notice writes it.
struct Named {
    line: Line,
    name: String,
    node_id: i64,
}

/// A checked draft ready to write: its node, its organizations with their paths, its people.
struct Draft {
    c: Commendation,
    node: org_node::Model,
    path: TreePath,
    orgs: Vec<(Line, String)>,
    people: Vec<Named>,
}

fn header_json(m: &commendation::Model, orgs: usize, people: usize) -> serde_json::Value {
    json!({"title": m.title, "doc_number": m.doc_number, "issued_on": day(&m.issued_on),
           "level": m.level, "round_id": m.round_id, "state": m.state,
           "organizations": orgs, "people": people})
}

impl CommendationRepo<'_> {
    /// Checks a draft against the tree: the node is managed by the caller, the round is
    /// published at or under it, everyone named is at or under it.
    async fn prepare(&self, input: &CommendationInput) -> Result<Draft> {
        let db = self.s.db;
        let mut c = input.parse(today())?;
        let (node, path) = node_for(
            &self.s,
            db,
            c.node_id,
            Permission::CommendationManage,
            "node_id",
        )
        .await?;
        if let Some(rid) = c.round_id {
            let bad = || StorageError::field("round_id", "err.commendation_round");
            let o = crate::areas::round_outcome(db, rid)
                .await?
                .ok_or_else(bad)?;
            if !o.node_path.is_within(&path) {
                return Err(bad());
            }
            if let Some((n, honour)) = c.top.take() {
                let scored: Vec<Scored> = o
                    .results
                    .iter()
                    .map(|r| Scored {
                        node_id: r.node_id,
                        score: r.score_hundredths,
                        vetoed: r.vetoed,
                    })
                    .collect();
                c.organizations = best_of(&scored, n)
                    .into_iter()
                    .map(|id| Line {
                        id,
                        honour: honour.clone(),
                    })
                    .collect();
            }
        }
        let ids: Vec<i64> = c.organizations.iter().map(|l| l.id).collect();
        let nodes: HashMap<i64, String> = org_node::Entity::find()
            .filter(org_node::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|n| (n.id, n.path))
            .collect();
        let mut orgs = Vec::new();
        for l in &c.organizations {
            match nodes.get(&l.id) {
                Some(p) if TreePath::parse(p)?.is_within(&path) => {
                    orgs.push((l.clone(), p.clone()))
                }
                _ => {
                    return Err(StorageError::field(
                        "organizations",
                        "err.commendation_org_out",
                    ))
                }
            }
        }
        let ids: Vec<i64> = c.people.iter().map(|l| l.id).collect();
        let found: HashMap<i64, person::Model> = person::Entity::find()
            .filter(person::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        let mut people = Vec::new();
        for l in &c.people {
            match found.get(&l.id) {
                Some(p) if TreePath::parse(&p.node_path)?.is_within(&path) => people.push(Named {
                    line: l.clone(),
                    name: p.name.clone(),
                    node_id: p.node_id,
                }),
                _ => return Err(StorageError::field("people", "err.commendation_person_out")),
            }
        }
        Ok(Draft {
            c,
            node,
            path,
            orgs,
            people,
        })
    }

    /// Writes the lines of a draft, replacing any it had.
    async fn put_lines(&self, txn: &DatabaseTransaction, id: i64, d: &Draft) -> Result<()> {
        commendation_org::Entity::delete_many()
            .filter(commendation_org::Column::CommendationId.eq(id))
            .exec(txn)
            .await?;
        commendation_person::Entity::delete_many()
            .filter(commendation_person::Column::CommendationId.eq(id))
            .exec(txn)
            .await?;
        if !d.orgs.is_empty() {
            let rows = d
                .orgs
                .iter()
                .enumerate()
                .map(|(i, (l, p))| commendation_org::ActiveModel {
                    commendation_id: Set(id),
                    node_id: Set(l.id),
                    node_path: Set(p.clone()),
                    honour: Set(l.honour.clone()),
                    position: Set(i as i32),
                    ..Default::default()
                });
            commendation_org::Entity::insert_many(rows)
                .exec(txn)
                .await?;
        }
        if !d.people.is_empty() {
            let rows = d
                .people
                .iter()
                .enumerate()
                .map(|(i, n)| commendation_person::ActiveModel {
                    commendation_id: Set(id),
                    person_id: Set(n.line.id),
                    person_name: Set(n.name.clone()),
                    person_node_id: Set(n.node_id),
                    honour: Set(n.line.honour.clone()),
                    position: Set(i as i32),
                    honour_id: Set(None),
                    ..Default::default()
                });
            commendation_person::Entity::insert_many(rows)
                .exec(txn)
                .await?;
        }
        Ok(())
    }

    /// Drafts a commendation at a node where the caller holds `commendation.manage`.
    pub async fn create(&self, input: &CommendationInput) -> Result<CommendationDetail> {
        let d = self.prepare(input).await?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let now = now_ms();
        let m = commendation::ActiveModel {
            node_id: Set(d.node.id),
            node_path: Set(d.node.path.clone()),
            round_id: Set(d.c.round_id),
            title: Set(d.c.title.clone()),
            doc_number: Set(d.c.doc_number.clone()),
            issued_on: Set(d.c.issued_on),
            level: Set(d.c.level.clone()),
            state: Set(State::Draft.code().into()),
            revoke_reason: Set(None),
            revoked_on: Set(None),
            created_by: Set(self.s.actor.display_name.clone()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        self.put_lines(txn, m.id, &d).await?;
        work.record(Entry {
            action: "create",
            record_type: "commendation",
            record_id: Some(m.id.to_string()),
            node: Some((d.node.id, &d.path)),
            before: None,
            after: Some(header_json(&m, d.orgs.len(), d.people.len())),
        })
        .await?;
        work.commit().await?;
        self.detail(m.id).await
    }

    /// Replaces draft `id` whole (its node may change to another the caller manages); an
    /// issued one is refused before its input is read.
    pub async fn update(&self, id: i64, input: &CommendationInput) -> Result<CommendationDetail> {
        let (seen, _) = self
            .s
            .load_for_write::<commendation::Entity, _>(self.s.db, id)
            .await?;
        state_of(&seen)?.check_edit()?;
        let d = self.prepare(input).await?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, path) = self
            .s
            .load_for_write::<commendation::Entity, _>(txn, id)
            .await?;
        state_of(&m)?.check_edit()?;
        let (orgs, people) = lines_of(txn, id).await?;
        let before = header_json(&m, orgs, people);
        let mut am: commendation::ActiveModel = m.into();
        am.node_id = Set(d.node.id);
        am.node_path = Set(d.node.path.clone());
        am.round_id = Set(d.c.round_id);
        am.title = Set(d.c.title.clone());
        am.doc_number = Set(d.c.doc_number.clone());
        am.issued_on = Set(d.c.issued_on);
        am.level = Set(d.c.level.clone());
        am.updated_at = Set(now_ms());
        let after = am.update(txn).await?;
        self.put_lines(txn, id, &d).await?;
        work.record(Entry {
            action: "update",
            record_type: "commendation",
            record_id: Some(id.to_string()),
            node: path.id().map(|n| (n, &path)),
            before: Some(before),
            after: Some(header_json(&after, d.orgs.len(), d.people.len())),
        })
        .await?;
        work.commit().await?;
        self.detail(id).await
    }

    /// Issues draft `id`: locked from now on, and each person named gets the honour in the
    /// honours ledger, all in this unit of work. A draft is issued once: a second try finds
    /// it issued and is refused.
    pub async fn issue(&self, id: i64) -> Result<CommendationDetail> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, path) = self
            .s
            .load_for_write::<commendation::Entity, _>(txn, id)
            .await?;
        let (orgs, _) = lines_of(txn, id).await?;
        let people = commendation_person::Entity::find()
            .filter(commendation_person::Column::CommendationId.eq(id))
            .order_by_asc(commendation_person::Column::Position)
            .all(txn)
            .await?;
        state_of(&m)?.check_issue(orgs + people.len())?;
        swap_state(txn, id, State::Draft, State::Issued, None).await?;
        for p in &people {
            let grant = HonourGrant {
                person_id: p.person_id,
                title: p.honour.clone(),
                level: m.level.clone(),
                awarded_on: m.issued_on,
                awarding_node_id: m.node_id,
                note: Some(format!("{} {}", m.doc_number, m.title)),
            };
            let honour_id = crate::areas::record_honour(&work, &grant).await?;
            commendation_person::Entity::update_many()
                .col_expr(
                    commendation_person::Column::HonourId,
                    Expr::value(honour_id),
                )
                .filter(commendation_person::Column::Id.eq(p.id))
                .exec(txn)
                .await?;
        }
        let before = header_json(&m, orgs, people.len());
        let mut after = before.clone();
        after["state"] = json!(State::Issued.code());
        work.record(Entry {
            action: "issue",
            record_type: "commendation",
            record_id: Some(id.to_string()),
            node: path.id().map(|n| (n, &path)),
            before: Some(before),
            after: Some(after),
        })
        .await?;
        work.commit().await?;
        self.detail(id).await
    }

    /// Revokes issued commendation `id` with a reason: kept, marked revoked, and the
    /// honours it recorded withdrawn from the ledger.
    pub async fn revoke(&self, id: i64, input: &RevokeInput) -> Result<CommendationDetail> {
        self.check_writable(id).await?;
        let reason = input.parse()?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, path) = self
            .s
            .load_for_write::<commendation::Entity, _>(txn, id)
            .await?;
        state_of(&m)?.check_revoke()?;
        swap_state(txn, id, State::Issued, State::Revoked, Some(&reason)).await?;
        let people = commendation_person::Entity::find()
            .filter(commendation_person::Column::CommendationId.eq(id))
            .all(txn)
            .await?;
        for h in people.iter().filter_map(|p| p.honour_id) {
            crate::areas::withdraw_honour(&work, h).await?;
        }
        commendation_person::Entity::update_many()
            .col_expr(
                commendation_person::Column::HonourId,
                Expr::value(Option::<i64>::None),
            )
            .filter(commendation_person::Column::CommendationId.eq(id))
            .exec(txn)
            .await?;
        work.record(Entry {
            action: "revoke",
            record_type: "commendation",
            record_id: Some(id.to_string()),
            node: path.id().map(|n| (n, &path)),
            before: Some(json!({"state": m.state})),
            after: Some(json!({"state": State::Revoked.code(), "reason": reason})),
        })
        .await?;
        work.commit().await?;
        self.detail(id).await
    }
}

/// How many organizations and people commendation `id` names.
async fn lines_of(txn: &DatabaseTransaction, id: i64) -> Result<(usize, usize)> {
    let orgs = commendation_org::Entity::find()
        .filter(commendation_org::Column::CommendationId.eq(id))
        .count(txn)
        .await?;
    let people = commendation_person::Entity::find()
        .filter(commendation_person::Column::CommendationId.eq(id))
        .count(txn)
        .await?;
    Ok((orgs as usize, people as usize))
}

fn state_of(m: &commendation::Model) -> Result<State> {
    State::from_code(&m.state).ok_or(StorageError::Refused("rule.commendation_locked"))
}

/// Moves commendation `id` from one state to the next only if it still is in the first:
/// two people issuing at once issue it once.
async fn swap_state(
    txn: &DatabaseTransaction,
    id: i64,
    from: State,
    to: State,
    reason: Option<&str>,
) -> Result<()> {
    let mut q = commendation::Entity::update_many()
        .col_expr(commendation::Column::State, Expr::value(to.code()))
        .col_expr(commendation::Column::UpdatedAt, Expr::value(now_ms()));
    if let Some(r) = reason {
        q = q
            .col_expr(commendation::Column::RevokeReason, Expr::value(r))
            .col_expr(commendation::Column::RevokedOn, Expr::value(today()));
    }
    let done = q
        .filter(commendation::Column::Id.eq(id))
        .filter(commendation::Column::State.eq(from.code()))
        .exec(txn)
        .await?;
    if done.rows_affected != 1 {
        return Err(StorageError::Refused("rule.commendation_moved"));
    }
    Ok(())
}
