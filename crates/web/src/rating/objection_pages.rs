//! One rating with its objections and answers: raising an objection while the notice runs,
//! and the issuing node's answer.

use super::pages::{field, points, stars, Fields, OkQ};
use crate::error::{WebError, WebResult};
use crate::pages::{page, render, see_other, Errors, FormFailure, Layout, Me};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use std::collections::BTreeMap;
use touyan_domain::rating::TextInput;
use touyan_storage::rating::RatingDetail;
use touyan_storage::StorageError;

#[derive(Template)]
#[template(path = "rating/show.html")]
struct ShowPage {
    l: Layout,
    d: RatingDetail,
    errors: Errors,
    /// What was typed into the form that failed, under `form.<field>`.
    values: BTreeMap<String, String>,
}

impl ShowPage {
    fn val(&self, k: &str) -> &str {
        self.values.get(k).map(String::as_str).unwrap_or("")
    }
    fn stars(&self, s: &Option<u8>) -> String {
        stars(self.l.tr, s)
    }
    fn points(&self, s: &Option<i64>) -> String {
        points(s)
    }
}

async fn show_page(
    st: &AppState,
    me: &Me,
    id: i64,
    flash: Option<&str>,
    failure: Option<FormFailure>,
) -> WebResult<ShowPage> {
    let (errors, values) = failure.map(|f| (f.errors, f.values)).unwrap_or_default();
    let d = st.store.scoped(&me.actor).ratings().detail(id).await?;
    Ok(ShowPage {
        l: Layout::new(
            &me.ctx,
            "ratings",
            "rating.title",
            &format!("/ratings/{id}"),
        )
        .with_flash(flash),
        d,
        errors: Errors(errors),
        values,
    })
}

pub(crate) async fn show(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<OkQ>,
) -> WebResult<Response> {
    Ok(page(&show_page(&st, &me, id, q.ok.as_deref(), None).await?))
}

/// Back to the rating with `ok`, or its page again with the form's errors and what was typed.
async fn after(
    st: &AppState,
    me: &Me,
    id: i64,
    (form, fields): (&str, &Fields),
    r: Result<RatingDetail, StorageError>,
    ok: &str,
) -> WebResult<Response> {
    match r {
        Ok(_) => Ok(see_other(&format!("/ratings/{id}?ok={ok}"))),
        Err(e) => {
            let f = FormFailure::of(form, WebError::from(e), me.ctx.tr(), fields)?;
            let p = show_page(st, me, id, None, Some(f)).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
    }
}

pub(crate) async fn object(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let input = TextInput {
        body: field(&fields, "body"),
    };
    let r = st
        .store
        .scoped(&me.actor)
        .ratings()
        .object(id, &input)
        .await;
    after(
        &st,
        &me,
        id,
        ("objection", &fields),
        r,
        "ok.rating_objected",
    )
    .await
}

pub(crate) async fn answer(
    State(st): State<AppState>,
    me: Me,
    Path((id, oid)): Path<(i64, i64)>,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let input = TextInput {
        body: field(&fields, "body"),
    };
    let s = st.store.scoped(&me.actor);
    let r = s.ratings().answer(id, oid, &input).await;
    after(
        &st,
        &me,
        id,
        (&format!("answer{oid}"), &fields),
        r,
        "ok.rating_answered",
    )
    .await
}
