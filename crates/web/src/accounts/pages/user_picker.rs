//! The account picker (`assets/picker.js` with `data-src="/users/pick"`): accounts found by
//! a part of their login or display name, or the accounts a filter already names, among the
//! accounts the user may read — each with its home organization.

use crate::error::WebResult;
use crate::pages::Me;
use crate::picker::{Offer, PickQ};
use crate::AppState;
use axum::extract::{Query, State};
use axum::Json;
use touyan_storage::user::{UserFilter, UserView};
use touyan_storage::StorageError;

pub(super) async fn pick(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<PickQ>,
) -> WebResult<Json<Vec<Offer>>> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let mut found: Vec<UserView> = Vec::new();
    if let Some(ids) = q.ids() {
        for id in ids {
            match s.users().get(id).await {
                Ok(u) => found.push(u),
                // An account the user may not read is not named.
                Err(StorageError::NotFound | StorageError::Forbidden) => {}
                Err(e) => return Err(e.into()),
            }
        }
    } else if let Some(text) = q.text() {
        let f = UserFilter {
            q: Some(text.to_string()),
            ..Default::default()
        };
        let first = PickQ::first_page();
        found = match s.users().list(&f, first).await {
            Ok(p) => p.items,
            // Someone who reads no accounts is offered none.
            Err(StorageError::NotFound | StorageError::Forbidden) => vec![],
            Err(e) => return Err(e.into()),
        };
    }
    Ok(Json(
        found
            .into_iter()
            .map(|u| Offer {
                kind: u.username,
                above: u
                    .node_name
                    .unwrap_or_else(|| tr.t("scope.everything").to_string()),
                id: u.id,
                name: u.display_name,
                has_children: false,
                disabled: false,
            })
            .collect(),
    ))
}
