//! The direct-rating form (直接定级): an organization rated by its superior with a reason.

use super::pages::{field, Fields};
use crate::error::{WebError, WebResult};
use crate::pages::{form_failure, page, render, see_other, Errors, Layout, Me};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use std::collections::BTreeMap;
use touyan_domain::rating::DirectInput;

#[derive(Template)]
#[template(path = "rating/direct.html")]
struct DirectPage {
    l: Layout,
    values: BTreeMap<String, String>,
    errors: Errors,
}

impl DirectPage {
    fn val(&self, k: &str) -> &str {
        self.values.get(k).map(String::as_str).unwrap_or("")
    }
}

pub(crate) async fn direct_form(me: Me) -> WebResult<Response> {
    Ok(page(&DirectPage {
        l: Layout::new(&me.ctx, "ratings", "rating.direct_title", "/ratings/direct"),
        values: BTreeMap::new(),
        errors: Errors::default(),
    }))
}

pub(crate) async fn direct(
    State(st): State<AppState>,
    me: Me,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let input = DirectInput {
        node_id: field(&fields, "node_id"),
        period: field(&fields, "period"),
        star: field(&fields, "star"),
        reason: field(&fields, "reason"),
    };
    match st
        .store
        .scoped(&me.actor)
        .ratings()
        .rate_direct(&input)
        .await
    {
        Ok(d) => Ok(see_other(&format!(
            "/ratings/{}?ok=ok.rating_rated",
            d.rating.id
        ))),
        Err(e) => {
            let errors = form_failure(WebError::from(e), me.ctx.tr())?;
            let p = DirectPage {
                l: Layout::new(&me.ctx, "ratings", "rating.direct_title", "/ratings/direct"),
                values: fields.into_iter().collect(),
                errors: Errors(errors),
            };
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
    }
}
