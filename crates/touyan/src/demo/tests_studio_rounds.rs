//! The demo's studio round, read as a studio's page and the managers' list read it: 朝阳's
//! best studio moved to 示范 by the round (the move's reason the round, its document number
//! the decision's), and a 预警 awaiting a decision.

use super::studio_rounds::{title, DOCUMENT_NO};
use chrono::Datelike;
use touyan_domain::paging::PageRequest;
use touyan_storage::kit::today;
use touyan_storage::Actor;

pub(super) async fn chaoyang_studio_round(store: &touyan_storage::Store) {
    let system = Actor::system();
    let s = store.scoped(&system);
    let page = PageRequest::parse(Some(1), Some(100)).expect("page");
    let pending = s
        .studios()
        .pending_proposals(None, page)
        .await
        .expect("pending proposals");
    let round = title(today().year() - 1);
    let pending: Vec<_> = pending
        .items
        .iter()
        .filter(|p| p.result.round_title == round)
        .collect();
    assert_eq!(pending.len(), 1, "one proposal waits");
    assert_eq!(pending[0].result.proposal.as_deref(), Some("warned"));
    assert_eq!(pending[0].studio_state, "listed");
    let round_id = pending[0].result.round_id;
    let results = touyan_storage::studio_round_results(
        store.raw_connection(),
        &touyan_domain::tree::TreePath::everything(),
    )
    .await
    .expect("studio results");
    let mine: Vec<_> = results.iter().filter(|r| r.round_id == round_id).collect();
    assert_eq!(mine.len(), 4, "four studios assessed");
    let best = mine
        .iter()
        .find(|r| r.proposal.as_deref() == Some("demonstration"))
        .expect("a 示范 proposal");
    let history = s
        .studios()
        .evaluation_history(best.studio_id)
        .await
        .expect("history");
    assert_eq!(history[0].status.as_deref(), Some("accepted"));
    assert_eq!(history[0].document_no.as_deref(), Some(DOCUMENT_NO));
    let studio = s.studios().get(best.studio_id).await.expect("studio");
    assert_eq!(studio.state, "demonstration");
    let moves = s.studios().moves(best.studio_id).await.expect("moves");
    assert_eq!(moves[0].reason, round);
    assert_eq!(moves[0].document_no.as_deref(), Some(DOCUMENT_NO));
    assert_eq!(
        mine.iter().filter(|r| r.proposal.is_none()).count(),
        2,
        "two studios stay as they are"
    );
}
