//! Sign-in locks in force, under 系统管理 next to the accounts: administrators over the whole
//! tree see them and may lift one (audited).

use crate::error::WebResult;
use crate::pages::{page, see_other, Layout, Me};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Form;
use serde::Deserialize;
use touyan_domain::access::Permission;
use touyan_storage::login_guard::{LockKind, LoginLock};

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route("/users/locks", get(index))
        .route("/users/locks/unlock", post(unlock))
}

#[derive(Template)]
#[template(path = "accounts/login_locks.html")]
struct LocksPage {
    l: Layout,
    items: Vec<LoginLock>,
    can_unlock: bool,
    unlocked: bool,
}

impl LocksPage {
    fn is_account(&self, lock: &LoginLock) -> bool {
        lock.kind == LockKind::Account
    }
}

#[derive(Deserialize)]
struct Q {
    unlocked: Option<String>,
}

async fn index(State(st): State<AppState>, me: Me, Query(q): Query<Q>) -> WebResult<Response> {
    let items = st.store.scoped(&me.actor).login_locks().list().await?;
    Ok(page(&LocksPage {
        l: Layout::new(&me.ctx, "login_locks", "auth.locks.title", "/users/locks"),
        items,
        can_unlock: me.actor.grants.allows_global(Permission::UserWrite),
        unlocked: q.unlocked.is_some(),
    }))
}

#[derive(Deserialize)]
struct UnlockForm {
    key: String,
}

async fn unlock(
    State(st): State<AppState>,
    me: Me,
    Form(f): Form<UnlockForm>,
) -> WebResult<Response> {
    st.store
        .scoped(&me.actor)
        .login_locks()
        .unlock(&f.key)
        .await?;
    Ok(see_other("/users/locks?unlocked=1"))
}
