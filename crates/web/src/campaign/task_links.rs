//! The work-list tasks of a campaign on its page: the tasks its managers may link (those
//! issued in the campaign's subtree that they read), and the forms to link and unlink one.

use super::pages::{field, Fields};
use super::target_pages::answer;
use crate::error::WebResult;
use crate::pages::{see_other, Me};
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Form;
use touyan_domain::campaign::TaskLinkInput;
use touyan_storage::campaign::CampaignDetail;

/// Most tasks the link form offers (the latest issued first).
const CHOICES: u64 = 100;

/// The tasks issued in the campaign's subtree that the caller reads and that are not linked
/// yet, as (id, label), for a manager of an open campaign; none otherwise.
pub(super) async fn choices(
    st: &AppState,
    me: &Me,
    d: &CampaignDetail,
) -> WebResult<Vec<(i64, String)>> {
    if !d.can_manage || d.campaign.status == "closed" {
        return Ok(Vec::new());
    }
    let s = st.store.scoped(&me.actor);
    Ok(s.campaigns().task_choices(d.campaign.id, CHOICES).await?)
}

pub(crate) async fn link(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let input = TaskLinkInput {
        task_id: field(&fields, "task_id"),
    };
    let s = st.store.scoped(&me.actor);
    let r = s.campaigns().link_task(id, &input).await;
    answer(&st, &me, id, "task", &fields, r, "ok.campaign_task_linked").await
}

pub(crate) async fn unlink(
    State(st): State<AppState>,
    me: Me,
    Path((id, task_id)): Path<(i64, i64)>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    s.campaigns().unlink_task(id, task_id).await?;
    Ok(see_other(&format!(
        "/campaigns/{id}?ok=ok.campaign_task_unlinked"
    )))
}
