use crate::api::{page_request, ApiJson, ApiQuery, PageOf};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::require::require;
use crate::xlsx::{self, Cell, EXPORT_CAP};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Json;
use serde::{Deserialize, Serialize};
use touyan_domain::access::Permission;
use touyan_domain::auth::RoleInput;
use touyan_storage::role::{RoleDraft, RoleView};

pub fn routes() -> crate::routes::Routes {
    let manage = || require(Permission::RoleManage);
    crate::routes::Routes::new()
        .route(
            "/v1/roles",
            axum::routing::post(create).route_layer(manage()).get(list),
        )
        .route("/v1/roles/export.xlsx", get(export))
        .route(
            "/v1/roles/{id}",
            axum::routing::patch(update)
                .delete(delete)
                .route_layer(manage())
                .get(get_one),
        )
        .route("/v1/permissions", get(permissions))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RoleQuery {
    q: Option<String>,
    page: Option<i64>,
    per_page: Option<i64>,
}

/// Roles (shared by the whole tree).
#[utoipa::path(get, path = "/api/v1/roles", tag = "roles", params(RoleQuery), responses((status = 200, body = PageOf<RoleView>)))]
pub async fn list(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<RoleQuery>,
) -> WebResult<Json<PageOf<RoleView>>> {
    let page = page_request(q.page, q.per_page)?;
    let p = st
        .store
        .scoped(&me.actor)
        .roles()
        .list(q.q.as_deref(), page)
        .await?;
    Ok(Json(p.into()))
}

/// Defines a role from the permission list (needs `role.manage`).
#[utoipa::path(post, path = "/api/v1/roles", tag = "roles", request_body = RoleInput,
    responses((status = 201, body = RoleView), (status = 403, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn create(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(b): ApiJson<RoleInput>,
) -> WebResult<(StatusCode, Json<RoleView>)> {
    let d = RoleDraft::parse(&b.name, &b.description, &b.permissions)?;
    Ok((
        StatusCode::CREATED,
        Json(st.store.scoped(&me.actor).roles().create(d).await?),
    ))
}

/// One role.
#[utoipa::path(get, path = "/api/v1/roles/{id}", tag = "roles", params(("id" = i64, Path, description = "Id of the role")), responses((status = 200, body = RoleView), (status = 404, body = crate::api::ErrorBody)))]
pub async fn get_one(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<RoleView>> {
    Ok(Json(st.store.scoped(&me.actor).roles().get(id).await?))
}

/// Changes a role that is not built in.
#[utoipa::path(patch, path = "/api/v1/roles/{id}", tag = "roles", params(("id" = i64, Path, description = "Id of the role")), request_body = RoleInput,
    responses((status = 200, body = RoleView), (status = 403, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn update(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<RoleInput>,
) -> WebResult<Json<RoleView>> {
    let d = RoleDraft::parse(&b.name, &b.description, &b.permissions)?;
    Ok(Json(
        st.store.scoped(&me.actor).roles().update(id, d).await?,
    ))
}

/// Deletes a role that is not built in and not assigned.
#[utoipa::path(delete, path = "/api/v1/roles/{id}", tag = "roles", params(("id" = i64, Path, description = "Id of the role")), responses((status = 204), (status = 403, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody)))]
pub async fn delete(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<StatusCode> {
    st.store.scoped(&me.actor).roles().delete(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PermissionInfo {
    code: &'static str,
    name: String,
    /// Honoured only from a whole-tree assignment.
    global_only: bool,
}

/// Every permission a role can hold.
#[utoipa::path(get, path = "/api/v1/permissions", tag = "roles", responses((status = 200, body = [PermissionInfo])))]
pub async fn permissions(me: Authed) -> Json<Vec<PermissionInfo>> {
    let tr = me.ctx.tr();
    Json(
        Permission::ALL
            .iter()
            .map(|p| PermissionInfo {
                code: p.code(),
                name: tr.t(&format!("perm.{}", p.code())).to_string(),
                global_only: p.is_global_only(),
            })
            .collect(),
    )
}

/// Roles as .xlsx.
#[utoipa::path(get, path = "/api/v1/roles/export.xlsx", tag = "roles", params(RoleQuery), responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
pub async fn export(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<RoleQuery>,
) -> WebResult<Response> {
    export_roles(&st, &me, q.q.as_deref()).await
}

pub(crate) async fn export_roles(
    st: &AppState,
    me: &Authed,
    q: Option<&str>,
) -> WebResult<Response> {
    let tr = me.ctx.tr();
    let s = st.store.scoped(&me.actor);
    let page = touyan_domain::paging::PageRequest {
        page: 1,
        per_page: EXPORT_CAP,
    };
    let rows = s.roles().list(q, page).await?.items;
    let data = rows
        .iter()
        .map(|r| {
            let perms: Vec<&str> = r
                .permissions
                .iter()
                .map(|p| tr.t(&format!("perm.{p}")))
                .collect();
            vec![
                Cell::Int(r.id),
                r.name.as_str().into(),
                perms.join("、").into(),
                r.description.as_str().into(),
                xlsx::fmt_ms(r.updated_at).into(),
            ]
        })
        .collect();
    s.audit()
        .note(
            "export",
            "role",
            Permission::UserRead,
            None,
            Some(serde_json::json!({"rows": rows.len()})),
        )
        .await?;
    let h = [
        "col.id",
        "col.name",
        "col.permissions",
        "col.description",
        "col.updated_at",
    ];
    xlsx::download_keys(tr, "roles.xlsx", "sheet.roles", &h, data)
}
