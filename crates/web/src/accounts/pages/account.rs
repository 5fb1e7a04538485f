//! The caller's own account: password and language.

use crate::error::WebResult;
use crate::pages::{form_failure, page, render, see_other, Errors, Layout, Me};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Form;
use serde::Deserialize;

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new().route("/account", get(show).post(change_password))
}

#[derive(Template)]
#[template(path = "accounts/account.html")]
struct AccountPage {
    l: Layout,
    username: String,
    grants: Vec<(String, String)>,
    errors: Errors,
}

#[derive(Deserialize)]
struct Q {
    ok: Option<String>,
}

async fn grants(st: &AppState, me: &Me) -> Vec<(String, String)> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let mut out = vec![];
    for g in me.actor.grants.list() {
        let scope = match g.scope.id() {
            Some(id) => s
                .orgs()
                .get(id)
                .await
                .map(|n| n.name)
                .unwrap_or_else(|_| format!("#{id}")),
            None => tr.t("scope.everything").to_string(),
        };
        let perms: Vec<&str> = g
            .permissions
            .iter()
            .map(|p| tr.t(&format!("perm.{}", p.code())))
            .collect();
        out.push((scope, perms.join("、")));
    }
    out
}

async fn show(State(st): State<AppState>, me: Me, Query(q): Query<Q>) -> WebResult<Response> {
    let g = grants(&st, &me).await;
    Ok(page(&AccountPage {
        l: Layout::new(&me.ctx, "account", "title.account", "/account").with_flash(q.ok.as_deref()),
        username: me.actor.username.clone(),
        grants: g,
        errors: Errors::default(),
    }))
}

#[derive(Deserialize)]
struct PwForm {
    current_password: String,
    new_password: String,
    confirm_password: String,
}

async fn change_password(
    State(st): State<AppState>,
    me: Me,
    Form(f): Form<PwForm>,
) -> WebResult<Response> {
    let r = if f.new_password != f.confirm_password {
        Err(touyan_storage::StorageError::field("confirm_password", "err.password_mismatch").into())
    } else {
        let keep = me.ctx.session.as_ref().map(|s| s.id);
        st.store
            .auth()
            .change_password(&me.actor, &f.current_password, &f.new_password, keep)
            .await
            .map_err(Into::into)
    };
    match r {
        Ok(()) => Ok(see_other("/account?ok=ok.password_changed")),
        Err(e) => {
            let errors = form_failure(e, me.ctx.tr())?;
            let g = grants(&st, &me).await;
            Ok(render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &AccountPage {
                    l: Layout::new(&me.ctx, "account", "title.account", "/account"),
                    username: me.actor.username.clone(),
                    grants: g,
                    errors: Errors(errors),
                },
            ))
        }
    }
}
