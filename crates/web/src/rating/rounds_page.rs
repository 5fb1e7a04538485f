//! Rating from evaluation rounds (`/ratings/rounds`): the published rounds at or under the nodes
//! where the caller manages ratings, each with the organizations it has rated so far, and the
//! action that rates (or rates again, after a round was reopened and published anew) every
//! organization of a round by the rules of its node; the stars then go under public notice.

use crate::error::{WebError, WebResult};
use crate::pages::{form_failure, page, render, see_other, Errors, Layout, Me};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;
use touyan_storage::rating::RoundToRate;

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route("/ratings/rounds", get(index))
        .route("/ratings/rounds/{round_id}/rate", post(rate))
}

#[derive(Template)]
#[template(path = "rating/rounds.html")]
struct RoundsPage {
    l: Layout,
    rounds: Vec<RoundToRate>,
    errors: Errors,
}

#[derive(Deserialize, Default)]
struct OkQ {
    ok: Option<String>,
}

async fn rounds_page(
    st: &AppState,
    me: &Me,
    flash: Option<&str>,
    errors: Errors,
) -> WebResult<RoundsPage> {
    let rounds = st
        .store
        .scoped(&me.actor)
        .ratings()
        .rounds_to_rate()
        .await?;
    let l =
        Layout::new(&me.ctx, "ratings", "rating.rounds_title", "/ratings/rounds").with_flash(flash);
    Ok(RoundsPage { l, rounds, errors })
}

async fn index(State(st): State<AppState>, me: Me, Query(q): Query<OkQ>) -> WebResult<Response> {
    Ok(page(
        &rounds_page(&st, &me, q.ok.as_deref(), Errors::default()).await?,
    ))
}

async fn rate(
    State(st): State<AppState>,
    me: Me,
    Path(round_id): Path<i64>,
) -> WebResult<Response> {
    match st
        .store
        .scoped(&me.actor)
        .ratings()
        .rate_round(round_id)
        .await
    {
        Ok(_) => Ok(see_other("/ratings/notice?ok=ok.rating_round_rated")),
        Err(e) => {
            let errors = Errors(form_failure(WebError::from(e), me.ctx.tr())?);
            let p = rounds_page(&st, &me, None, errors).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
    }
}
