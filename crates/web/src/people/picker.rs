//! The person picker (`assets/picker.js` with `data-src="/people/pick"`): people found by a
//! part of their name, or the names of people a form already holds, among the people the
//! user may read — each with the organization they belong to and their political status.

use crate::error::WebResult;
use crate::pages::Me;
use crate::picker::{Offer, PickQ};
use crate::AppState;
use axum::extract::{Query, State};
use axum::Json;
use touyan_storage::people::{PersonFilter, PersonView};
use touyan_storage::StorageError;

pub(super) async fn pick(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<PickQ>,
) -> WebResult<Json<Vec<Offer>>> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let mut found: Vec<PersonView> = Vec::new();
    if let Some(ids) = q.ids() {
        for id in ids {
            match s.people().get(id, false).await {
                Ok(p) => found.push(p),
                // Someone the user may not read is not named.
                Err(StorageError::NotFound) => {}
                Err(e) => return Err(e.into()),
            }
        }
    } else if let Some(text) = q.text() {
        let f = PersonFilter {
            q: Some(text.to_string()),
            ..Default::default()
        };
        let first = PickQ::first_page();
        found = match s.people().list(&f, first, false).await {
            Ok(p) => p.items,
            Err(StorageError::NotFound) => vec![],
            Err(e) => return Err(e.into()),
        };
    }
    Ok(Json(
        found
            .into_iter()
            .map(|p| Offer {
                kind: tr.t(&format!("pstatus.{}", p.status)).to_string(),
                above: p.node_name,
                id: p.id,
                name: p.name,
                has_children: false,
                disabled: false,
            })
            .collect(),
    ))
}
