//! What the organization picker asks as the user types or browses (`assets/app.js`): nodes
//! by name, pinyin initials or whole pinyin, a level of the tree, or the names of the nodes a
//! form already holds. Each picker names the permission of its action (`for`), so only
//! nodes the user may use for it are offered; without one, the nodes the user may read.

use crate::error::WebResult;
use crate::pages::{Layout, Me};
use crate::picker::Offer;
use crate::AppState;
use axum::extract::{Query, State};
use axum::Json;
use serde::Deserialize;
use touyan_domain::access::Permission;
use touyan_storage::org::{PickAsk, Pickable};

#[derive(Deserialize)]
pub(super) struct PickQ {
    q: Option<String>,
    parent: Option<String>,
    ids: Option<String>,
    #[serde(rename = "for")]
    perm: Option<String>,
}

/// At most this many offers for a text or a list of ids; a level is shown whole.
const OFFERS: usize = 20;
const LEVEL: usize = 500;

pub(super) async fn pick(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<PickQ>,
) -> WebResult<Json<Vec<Offer>>> {
    let perm = q
        .perm
        .as_deref()
        .and_then(Permission::from_code)
        .unwrap_or(Permission::OrgRead);
    let ids: Vec<i64>;
    let (ask, limit) = if let Some(list) = q.ids.as_deref() {
        ids = list
            .split(',')
            .filter_map(|s| s.trim().parse().ok())
            .take(OFFERS)
            .collect();
        (PickAsk::Ids(&ids), OFFERS)
    } else if let Some(text) = q.q.as_deref() {
        (PickAsk::Text(text), OFFERS)
    } else {
        let parent = q.parent.as_deref().and_then(|p| p.trim().parse().ok());
        (PickAsk::Level(parent), LEVEL)
    };
    let s = st.store.scoped(&me.actor);
    let found = s.orgs().pick(ask, perm, limit).await?;
    let l = Layout::new(&me.ctx, "orgs", "title.orgs", "")
        .with_kinds(s)
        .await?;
    Ok(Json(found.into_iter().map(|p| offer(&l, p)).collect()))
}

fn offer(l: &Layout, p: Pickable) -> Offer {
    Offer {
        kind: l.kind(&p.kind).to_string(),
        above: p.above.join(" › "),
        id: p.id,
        name: p.name,
        has_children: p.has_children,
        disabled: p.disabled,
    }
}
