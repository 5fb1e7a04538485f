//! The caller's own API tokens.

use crate::error::{WebError, WebResult};
use crate::pages::{form_failure, parse_page, render, see_other, Errors, Layout, Me, Pager};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, RawForm, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;
use touyan_domain::access::Permission;
use touyan_storage::token::TokenView;

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route("/tokens", get(index).post(create))
        .route("/tokens/export.xlsx", get(export))
        .route("/tokens/{id}/revoke", post(revoke))
}

#[derive(Deserialize, Default)]
struct ListQ {
    page: Option<String>,
    per_page: Option<String>,
    ok: Option<String>,
}

#[derive(Template)]
#[template(path = "accounts/tokens.html")]
struct TokensPage {
    l: Layout,
    items: Vec<TokenView>,
    pager: Pager,
    perms: Vec<(&'static str, &'static str)>,
    /// Shown once, right after creation.
    secret: Option<String>,
    name: String,
    days: String,
    errors: Errors,
}

async fn render_tokens(
    st: &AppState,
    me: &Me,
    q: ListQ,
    secret: Option<String>,
    name: String,
    days: String,
    errors: Errors,
    status: StatusCode,
) -> WebResult<Response> {
    let req = parse_page(&q.page, &q.per_page)?;
    let p = st.store.scoped(&me.actor).tokens().list(req).await?;
    let l = Layout::new(&me.ctx, "tokens", "title.tokens", "/tokens").with_flash(q.ok.as_deref());
    let perms = Permission::ALL
        .iter()
        .filter(|p| !me.actor.grants.scopes(**p).is_empty())
        .map(|p| (p.code(), l.t(&format!("perm.{}", p.code()))))
        .collect();
    let t = TokensPage {
        l,
        pager: Pager::new(req, p.total, &[]),
        items: p.items,
        perms,
        secret,
        name,
        days,
        errors,
    };
    Ok(render(status, &t))
}

async fn index(State(st): State<AppState>, me: Me, Query(q): Query<ListQ>) -> WebResult<Response> {
    render_tokens(
        &st,
        &me,
        q,
        None,
        String::new(),
        String::new(),
        Errors::default(),
        StatusCode::OK,
    )
    .await
}

async fn create(State(st): State<AppState>, me: Me, RawForm(raw): RawForm) -> WebResult<Response> {
    let (mut name, mut days, mut perms) = (String::new(), String::new(), Vec::new());
    for (k, v) in form_urlencoded::parse(&raw) {
        match &*k {
            "name" => name = v.into_owned(),
            "expires_in_days" => days = v.into_owned(),
            "permissions" => perms.push(v.into_owned()),
            _ => {}
        }
    }
    let r = async {
        let d = crate::pages::opt_id("expires_in_days", &Some(days.clone()))?;
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .tokens()
                .create(&name, Some(perms), d)
                .await?,
        )
    }
    .await;
    match r {
        Ok(t) => {
            render_tokens(
                &st,
                &me,
                ListQ::default(),
                Some(t.secret),
                String::new(),
                String::new(),
                Errors::default(),
                StatusCode::CREATED,
            )
            .await
        }
        Err(e) => {
            let errors = form_failure(e, me.ctx.tr())?;
            render_tokens(
                &st,
                &me,
                ListQ::default(),
                None,
                name,
                days,
                Errors(errors),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

async fn revoke(State(st): State<AppState>, me: Me, Path(id): Path<i64>) -> WebResult<Response> {
    st.store.scoped(&me.actor).tokens().revoke(id).await?;
    Ok(see_other("/tokens?ok=ok.revoked"))
}

async fn export(State(st): State<AppState>, me: Me) -> WebResult<Response> {
    crate::accounts::api::tokens::export_tokens(&st, &me).await
}
