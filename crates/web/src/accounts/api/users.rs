use crate::api::{page_request, ApiJson, ApiQuery, PageOf};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::require::require;
use crate::xlsx::{self, Cell, EXPORT_CAP};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{delete as delete_route, get, post};
use axum::Json;
use serde::Deserialize;
use touyan_domain::access::Permission;
use touyan_domain::auth::{
    AssignmentInput, NewPassword, PasswordResetInput, UnlockInput, UserInput,
};
use touyan_storage::login_guard::LoginLock;
use touyan_storage::user::{AssignmentFilter, AssignmentView, UserFilter, UserPatch, UserView};

pub fn routes() -> crate::routes::Routes {
    let write = || require(Permission::UserWrite);
    crate::routes::Routes::new()
        .route("/v1/users", post(create).route_layer(write()).get(list))
        .route("/v1/users/export.xlsx", get(export))
        .route(
            "/v1/users/{id}",
            axum::routing::patch(update)
                .delete(delete)
                .route_layer(write())
                .get(get_one),
        )
        .route(
            "/v1/users/{id}/password",
            post(reset_password).route_layer(write()),
        )
        .route(
            "/v1/assignments",
            post(create_assignment)
                .route_layer(write())
                .get(list_assignments),
        )
        .route("/v1/assignments/export.xlsx", get(export_assignments))
        .route(
            "/v1/assignments/{id}",
            delete_route(delete_assignment).route_layer(write()),
        )
        .route("/v1/login-locks", get(list_locks))
        .route("/v1/login-locks/unlock", post(unlock).route_layer(write()))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserQuery {
    /// Accounts whose home node lies in this subtree.
    under: Option<i64>,
    /// Part of the user name or display name.
    q: Option<String>,
    /// `active` or `disabled`.
    status: Option<String>,
    page: Option<i64>,
    per_page: Option<i64>,
}

impl UserQuery {
    fn filter(&self) -> UserFilter {
        UserFilter {
            under: self.under,
            q: self.q.clone(),
            status: self.status.clone(),
        }
    }
}

/// Accounts whose home node is in the caller's subtrees.
#[utoipa::path(get, path = "/api/v1/users", tag = "users", params(UserQuery), responses((status = 200, body = PageOf<UserView>)))]
pub async fn list(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<UserQuery>,
) -> WebResult<Json<PageOf<UserView>>> {
    let page = page_request(q.page, q.per_page)?;
    let p = st
        .store
        .scoped(&me.actor)
        .users()
        .list(&q.filter(), page)
        .await?;
    Ok(Json(p.into()))
}

/// Creates an account at a node in the caller's subtree.
#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = UserInput,
    responses((status = 201, body = UserView), (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn create(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(b): ApiJson<UserInput>,
) -> WebResult<(StatusCode, Json<UserView>)> {
    let new = b.parse()?;
    Ok((
        StatusCode::CREATED,
        Json(
            st.store
                .scoped(&me.actor)
                .users()
                .create(new, b.node_id)
                .await?,
        ),
    ))
}

/// One account.
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users", params(("id" = i64, Path, description = "Id of the user")), responses((status = 200, body = UserView), (status = 404, body = crate::api::ErrorBody)))]
pub async fn get_one(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<UserView>> {
    Ok(Json(st.store.scoped(&me.actor).users().get(id).await?))
}

/// Changes an account the caller may manage.
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "users", params(("id" = i64, Path, description = "Id of the user")), request_body = UserPatch,
    responses((status = 200, body = UserView), (status = 403, body = crate::api::ErrorBody), (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn update(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(patch): ApiJson<UserPatch>,
) -> WebResult<Json<UserView>> {
    Ok(Json(
        st.store.scoped(&me.actor).users().update(id, patch).await?,
    ))
}

/// Deletes an account.
#[utoipa::path(delete, path = "/api/v1/users/{id}", tag = "users", params(("id" = i64, Path, description = "Id of the user")), responses((status = 204), (status = 403, body = crate::api::ErrorBody), (status = 404, body = crate::api::ErrorBody)))]
pub async fn delete(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<StatusCode> {
    st.store.scoped(&me.actor).users().delete(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sets a new password for an account the caller may manage. A reset means the account may
/// be in other hands: all its sessions end and all its API tokens are revoked.
#[utoipa::path(post, path = "/api/v1/users/{id}/password", tag = "users", params(("id" = i64, Path, description = "Id of the user")), request_body = PasswordResetInput,
    responses((status = 204), (status = 403, body = crate::api::ErrorBody), (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn reset_password(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<PasswordResetInput>,
) -> WebResult<StatusCode> {
    let pw = NewPassword::parse("password", &b.password)?;
    st.store
        .scoped(&me.actor)
        .users()
        .reset_password(id, pw)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The filtered account list as .xlsx.
#[utoipa::path(get, path = "/api/v1/users/export.xlsx", tag = "users", params(UserQuery), responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
pub async fn export(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<UserQuery>,
) -> WebResult<Response> {
    export_users(&st, &me, &q.filter()).await
}

pub(crate) async fn export_users(
    st: &AppState,
    me: &Authed,
    f: &UserFilter,
) -> WebResult<Response> {
    let tr = me.ctx.tr();
    let s = st.store.scoped(&me.actor);
    let rows = s.users().all(f, EXPORT_CAP).await?;
    let data = rows
        .iter()
        .map(|u| {
            vec![
                Cell::Int(u.id),
                u.username.as_str().into(),
                u.display_name.as_str().into(),
                u.node_name
                    .clone()
                    .unwrap_or_else(|| tr.t("scope.everything").to_string())
                    .into(),
                tr.t(&format!("status.{}", u.status)).into(),
                u.last_login_at.map(xlsx::fmt_ms).into(),
                xlsx::fmt_ms(u.created_at).into(),
            ]
        })
        .collect();
    s.audit()
        .note(
            "export",
            "user",
            Permission::UserRead,
            f.under,
            Some(serde_json::json!({"rows": rows.len()})),
        )
        .await?;
    let h = [
        "col.id",
        "col.username",
        "col.display_name",
        "col.node",
        "col.status",
        "col.last_login_at",
        "col.created_at",
    ];
    xlsx::download_keys(tr, "users.xlsx", "sheet.users", &h, data)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AssignmentQuery {
    user: Option<i64>,
    role: Option<i64>,
    /// Assignments over nodes in this subtree.
    under: Option<i64>,
    page: Option<i64>,
    per_page: Option<i64>,
}

impl AssignmentQuery {
    fn filter(&self) -> AssignmentFilter {
        AssignmentFilter {
            user: self.user,
            role: self.role,
            under: self.under,
        }
    }
}

/// Assignments (user, role, node) over the caller's subtrees.
#[utoipa::path(get, path = "/api/v1/assignments", tag = "assignments", params(AssignmentQuery), responses((status = 200, body = PageOf<AssignmentView>)))]
pub async fn list_assignments(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<AssignmentQuery>,
) -> WebResult<Json<PageOf<AssignmentView>>> {
    let page = page_request(q.page, q.per_page)?;
    let p = st
        .store
        .scoped(&me.actor)
        .users()
        .assignments(&q.filter(), page)
        .await?;
    Ok(Json(p.into()))
}

/// Grants a role over a subtree; never more than the caller holds there.
#[utoipa::path(post, path = "/api/v1/assignments", tag = "assignments", request_body = AssignmentInput,
    responses((status = 201, body = AssignmentView), (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn create_assignment(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(b): ApiJson<AssignmentInput>,
) -> WebResult<(StatusCode, Json<AssignmentView>)> {
    let a = st
        .store
        .scoped(&me.actor)
        .users()
        .assign(b.user_id, b.role_id, b.node_id)
        .await?;
    Ok((StatusCode::CREATED, Json(a)))
}

/// Takes an assignment back.
#[utoipa::path(delete, path = "/api/v1/assignments/{id}", tag = "assignments", params(("id" = i64, Path, description = "Id of the assignment")), responses((status = 204), (status = 403, body = crate::api::ErrorBody), (status = 404, body = crate::api::ErrorBody)))]
pub async fn delete_assignment(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<StatusCode> {
    st.store.scoped(&me.actor).users().unassign(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Assignments as .xlsx.
#[utoipa::path(get, path = "/api/v1/assignments/export.xlsx", tag = "assignments", params(AssignmentQuery), responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
pub async fn export_assignments(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<AssignmentQuery>,
) -> WebResult<Response> {
    let tr = me.ctx.tr();
    let s = st.store.scoped(&me.actor);
    let page = touyan_domain::paging::PageRequest {
        page: 1,
        per_page: EXPORT_CAP,
    };
    let rows = s.users().assignments(&q.filter(), page).await?.items;
    let data = rows
        .iter()
        .map(|a| {
            vec![
                Cell::Int(a.id),
                a.username.as_str().into(),
                a.role_name.as_str().into(),
                a.node_name
                    .clone()
                    .unwrap_or_else(|| tr.t("scope.everything").to_string())
                    .into(),
                xlsx::fmt_ms(a.created_at).into(),
            ]
        })
        .collect();
    s.audit()
        .note(
            "export",
            "assignment",
            Permission::UserRead,
            q.under,
            Some(serde_json::json!({"rows": rows.len()})),
        )
        .await?;
    let h = [
        "col.id",
        "col.username",
        "col.role",
        "col.scope",
        "col.created_at",
    ];
    xlsx::download_keys(tr, "assignments.xlsx", "sheet.assignments", &h, data)
}

/// Sign-in locks in force: a user name from one address after repeated failures, or an
/// address that tried many names. Needs `user.read` over the whole tree.
#[utoipa::path(get, path = "/api/v1/login-locks", tag = "users",
    responses((status = 200, body = Vec<LoginLock>), (status = 403, body = crate::api::ErrorBody)))]
pub async fn list_locks(State(st): State<AppState>, me: Authed) -> WebResult<Json<Vec<LoginLock>>> {
    Ok(Json(st.store.scoped(&me.actor).login_locks().list().await?))
}

/// Lifts a sign-in lock before it ends by itself (audited). Needs `user.write` over the
/// whole tree.
#[utoipa::path(post, path = "/api/v1/login-locks/unlock", tag = "users", request_body = UnlockInput,
    responses((status = 200, body = LoginLock), (status = 403, body = crate::api::ErrorBody), (status = 404, body = crate::api::ErrorBody)))]
pub async fn unlock(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(b): ApiJson<UnlockInput>,
) -> WebResult<Json<LoginLock>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .login_locks()
            .unlock(&b.key)
            .await?,
    ))
}
