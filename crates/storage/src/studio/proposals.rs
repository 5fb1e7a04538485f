//! A studio's evaluation history: the published studio rounds that assessed it (read from the
//! evaluation area through the list of areas), each with its score, the lifecycle move its
//! rules propose and what was done with it — accepted (the move made through the studio's own
//! lifecycle, with the round's title as the reason) or rejected with a reason.
//!
//! A decision answers the proposal it was made on: it keeps the proposed state. A round
//! reopened and published again may propose another state; the latest decision then no longer
//! counts, the new proposal waits for its own, and the old decision stays in the history.

use super::*;
use crate::entity::studio_round_decision as decision;
use crate::kit::area::StudioRoundResult;
use touyan_domain::studio::proposal::{AcceptInput, RejectInput};

/// One published round's result for a studio, as the studio's page shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StudioRoundView {
    pub round_id: i64,
    pub round_title: String,
    pub period: String,
    /// In hundredths of a point.
    pub score: i64,
    pub vetoed: bool,
    /// The state the round's rules propose: `demonstration`, `warned` or `delisted`.
    pub proposal: Option<String>,
    /// `pending` (a proposal nobody has decided), `accepted`, `rejected`, or none without a
    /// proposal.
    pub status: Option<String>,
    pub document_no: Option<String>,
    pub reason: Option<String>,
    pub move_id: Option<i64>,
    pub decided_by: Option<String>,
    pub decided_at: Option<i64>,
    /// A decision on an earlier proposal of the round, which a later publication replaced.
    pub superseded: bool,
}

/// A pending proposal of a studio in the caller's reach.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PendingProposalView {
    pub studio_id: i64,
    pub studio_name: String,
    pub studio_state: String,
    #[serde(flatten)]
    pub result: StudioRoundView,
}

fn view(r: StudioRoundResult, d: Option<&decision::Model>) -> StudioRoundView {
    StudioRoundView {
        round_id: r.round_id,
        round_title: r.round_title,
        period: r.period,
        score: r.score_hundredths,
        vetoed: r.vetoed,
        status: match (d, &r.proposal) {
            (Some(d), _) => Some(d.decision.clone()),
            (None, Some(_)) => Some("pending".into()),
            (None, None) => None,
        },
        proposal: d.map(|d| d.proposal.clone()).or(r.proposal),
        document_no: d.and_then(|d| d.document_no.clone()),
        reason: d.and_then(|d| d.reason.clone()),
        move_id: d.and_then(|d| d.move_id),
        decided_by: d.map(|d| d.user_name.clone()),
        decided_at: d.map(|d| d.created_at),
        superseded: false,
    }
}

/// The decisions of each studio's rounds, oldest first, by (studio, round).
async fn decisions<C: ConnectionTrait>(
    conn: &C,
    studio_ids: Vec<i64>,
) -> Result<HashMap<(i64, i64), Vec<decision::Model>>> {
    let mut out: HashMap<(i64, i64), Vec<decision::Model>> = HashMap::new();
    for d in decision::Entity::find()
        .filter(decision::Column::StudioId.is_in(studio_ids))
        .order_by_asc(decision::Column::Id)
        .all(conn)
        .await?
    {
        out.entry((d.studio_id, d.round_id)).or_default().push(d);
    }
    Ok(out)
}

/// The decision that answers the round's proposal now: the latest, when it was made on the
/// state proposed now. One made on another proposal answered an earlier publication.
fn current<'a>(
    proposal: Option<&str>,
    made: Option<&'a Vec<decision::Model>>,
) -> Option<&'a decision::Model> {
    let last = made?.last()?;
    (Some(last.proposal.as_str()) == proposal).then_some(last)
}

/// The round's result with the decision answering it now, then the decisions that answered
/// earlier proposals, newest first.
fn history_rows(r: StudioRoundResult, made: Option<&Vec<decision::Model>>) -> Vec<StudioRoundView> {
    let now = current(r.proposal.as_deref(), made);
    let earlier: Vec<&decision::Model> = made
        .map(|all| {
            all.iter()
                .rev()
                .filter(|d| now.is_none_or(|n| n.id != d.id))
                .collect()
        })
        .unwrap_or_default();
    let mut out = Vec::with_capacity(1 + earlier.len());
    out.push(view(r.clone(), now));
    for d in earlier {
        let mut v = view(r.clone(), Some(d));
        v.superseded = true;
        out.push(v);
    }
    out
}

impl StudioRepo<'_> {
    /// The studio's evaluation history, newest publication first.
    pub async fn evaluation_history(&self, id: i64) -> Result<Vec<StudioRoundView>> {
        let m = readable(&self.s, self.s.db, id).await?;
        let results =
            crate::areas::studio_round_results(self.s.db, &TreePath::parse(&m.node_path)?).await?;
        let done = decisions(self.s.db, vec![id]).await?;
        Ok(results
            .into_iter()
            .filter(|r| r.studio_id == id)
            .flat_map(|r| {
                let made = done.get(&(id, r.round_id));
                history_rows(r, made)
            })
            .collect())
    }

    /// Proposals nobody has decided for studios at or under node `under` (the caller's
    /// scope when none) that the caller reads, newest first.
    pub async fn pending_proposals(
        &self,
        under: Option<i64>,
        page: PageRequest,
    ) -> Result<Page<PendingProposalView>> {
        let db = self.s.db;
        let filter = self.s.list_filter::<studio::Entity>(under).await?;
        let studios: HashMap<i64, studio::Model> = studio::Entity::find()
            .filter(filter)
            .all(db)
            .await?
            .into_iter()
            .map(|m| (m.id, m))
            .collect();
        let mut roots: Vec<TreePath> = Vec::new();
        for m in studios.values() {
            let p = TreePath::parse(&m.node_path)?;
            if !roots.iter().any(|r| p.is_within(r)) {
                roots.retain(|r| !r.is_within(&p));
                roots.push(p);
            }
        }
        let done = decisions(db, studios.keys().copied().collect()).await?;
        let mut all = Vec::new();
        for root in &roots {
            for r in crate::areas::studio_round_results(db, root).await? {
                let Some(st) = studios.get(&r.studio_id) else {
                    continue;
                };
                let made = done.get(&(st.id, r.round_id));
                if r.proposal.is_none() || current(r.proposal.as_deref(), made).is_some() {
                    continue;
                }
                all.push(PendingProposalView {
                    studio_id: st.id,
                    studio_name: st.name.clone(),
                    studio_state: st.state.clone(),
                    result: view(r, None),
                });
            }
        }
        all.sort_by(|a, b| {
            (b.result.round_id, &a.studio_name).cmp(&(a.result.round_id, &b.studio_name))
        });
        let total = all.len() as u64;
        let items = all
            .into_iter()
            .skip(page.offset() as usize)
            .take(page.per_page as usize)
            .collect();
        Ok(Page {
            items,
            total,
            page: page.page,
            per_page: page.per_page,
        })
    }

    /// The result of round `round_id` for studio `id` with a proposal, read before a decision.
    async fn proposed(&self, m: &studio::Model, round_id: i64) -> Result<StudioRoundResult> {
        crate::areas::studio_round_results(self.s.db, &TreePath::parse(&m.node_path)?)
            .await?
            .into_iter()
            .find(|r| r.studio_id == m.id && r.round_id == round_id && r.proposal.is_some())
            .ok_or(StorageError::NotFound)
    }

    /// Accepts the move round `round_id` proposes for studio `id`: the lifecycle move is made
    /// (`studio.manage`, the studio's move table) with the round's title as its reason.
    pub async fn accept_proposal(
        &self,
        id: i64,
        round_id: i64,
        input: &AcceptInput,
    ) -> Result<StudioRoundView> {
        let m = readable(&self.s, self.s.db, id).await?;
        let r = self.proposed(&m, round_id).await?;
        let to = r.proposal.clone().unwrap_or_default();
        let work = Work::begin(self.s.db, self.s.actor).await?;
        self.undecided(&work, id, &r).await?;
        let mv = input.to_move(&to, &r.round_title, today());
        let made = self.make_move(&work, id, &mv).await?;
        let d = self
            .decide(
                &work,
                &m,
                &r,
                "accepted",
                Some(made.id),
                made.document_no.clone(),
                None,
            )
            .await?;
        work.commit().await?;
        Ok(view(r, Some(&d)))
    }

    /// Rejects the move round `round_id` proposes for studio `id`, with a reason.
    pub async fn reject_proposal(
        &self,
        id: i64,
        round_id: i64,
        input: &RejectInput,
    ) -> Result<StudioRoundView> {
        let m = readable(&self.s, self.s.db, id).await?;
        let path = TreePath::parse(&m.node_path)?;
        self.s
            .require(Permission::StudioManage, Permission::StudioRead, &path)?;
        let r = self.proposed(&m, round_id).await?;
        let reason = input.parse()?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        self.undecided(&work, id, &r).await?;
        let d = self
            .decide(&work, &m, &r, "rejected", None, None, Some(reason))
            .await?;
        work.commit().await?;
        Ok(view(r, Some(&d)))
    }

    /// Refuses a second decision on the proposal the round makes now (one made on an
    /// earlier, different proposal does not answer it).
    async fn undecided(&self, work: &Work<'_>, id: i64, r: &StudioRoundResult) -> Result<()> {
        let m = readable(&self.s, work.txn(), id).await?;
        let path = TreePath::parse(&m.node_path)?;
        self.s
            .require(Permission::StudioManage, Permission::StudioRead, &path)?;
        let made: Vec<decision::Model> = decision::Entity::find()
            .filter(decision::Column::StudioId.eq(id))
            .filter(decision::Column::RoundId.eq(r.round_id))
            .order_by_asc(decision::Column::Id)
            .all(work.txn())
            .await?;
        if current(r.proposal.as_deref(), Some(&made)).is_some() {
            return Err(StorageError::Refused("rule.studio_proposal_decided"));
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    async fn decide(
        &self,
        work: &Work<'_>,
        m: &studio::Model,
        r: &StudioRoundResult,
        what: &str,
        move_id: Option<i64>,
        document_no: Option<String>,
        reason: Option<String>,
    ) -> Result<decision::Model> {
        let path = TreePath::parse(&m.node_path)?;
        let document_no = document_no
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty());
        let d = decision::ActiveModel {
            studio_id: Set(m.id),
            round_id: Set(r.round_id),
            round_title: Set(r.round_title.clone()),
            proposal: Set(r.proposal.clone().unwrap_or_default()),
            decision: Set(what.to_string()),
            document_no: Set(document_no),
            reason: Set(reason),
            move_id: Set(move_id),
            user_id: Set(self.s.actor.user_id),
            user_name: Set(self.s.actor.display_name.clone()),
            created_at: Set(now_ms()),
            ..Default::default()
        }
        .insert(work.txn())
        .await?;
        work.record(Entry {
            action: if what == "accepted" {
                "accept"
            } else {
                "reject"
            },
            record_type: "studio_proposal",
            record_id: Some(d.id.to_string()),
            node: Some((m.node_id, &path)),
            before: None,
            after: Some(json!({"studio_id": m.id, "round_id": r.round_id,
                "round": r.round_title, "score": r.score_hundredths, "vetoed": r.vetoed,
                "proposal": d.proposal, "decision": d.decision,
                "document_no": d.document_no, "reason": d.reason, "move_id": d.move_id})),
        })
        .await?;
        Ok(d)
    }
}
