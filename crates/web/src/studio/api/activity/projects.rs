//! 项目孵化 over the API: the projects themselves.

use super::*;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProjectQuery {
    /// `idea`, `project`, `result` or `benefit`.
    pub(super) stage: Option<String>,
    /// Part of the title.
    pub(super) q: Option<String>,
    pub(super) page: Option<i64>,
    pub(super) per_page: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/studios/{id}/projects", tag = "studio activity",
    params(("id" = i64, Path), ProjectQuery),
    responses((status = 200, body = PageOf<ProjectView>), (status = 404, body = crate::api::ErrorBody)))]
pub async fn list_projects(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiQuery(q): ApiQuery<ProjectQuery>,
) -> WebResult<Json<PageOf<ProjectView>>> {
    let page = page_request(q.page, q.per_page)?;
    let f = ProjectFilter {
        stage: q.stage,
        q: q.q,
    };
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_projects()
            .list(id, &f, page)
            .await?
            .into(),
    ))
}

/// Starts a project at 创意 (idea).
#[utoipa::path(post, path = "/api/v1/studios/{id}/projects", tag = "studio activity",
    params(("id" = i64, Path)), request_body = ProjectInput,
    responses((status = 201, body = ProjectDetail), (status = 409, body = crate::api::ErrorBody),
        (status = 422, body = crate::api::ErrorBody)))]
pub async fn create_project(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ProjectInput>,
) -> WebResult<(StatusCode, Json<ProjectDetail>)> {
    let v = st
        .store
        .scoped(&me.actor)
        .studio_projects()
        .create(id, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(get, path = "/api/v1/studios/{id}/projects/{pid}", tag = "studio activity",
    params(("id" = i64, Path), ("pid" = i64, Path)),
    responses((status = 200, body = ProjectDetail), (status = 404, body = crate::api::ErrorBody)))]
pub async fn get_project(
    State(st): State<AppState>,
    me: Authed,
    Path((id, pid)): Path<(i64, i64)>,
) -> WebResult<Json<ProjectDetail>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_projects()
            .get(id, pid)
            .await?,
    ))
}

#[utoipa::path(patch, path = "/api/v1/studios/{id}/projects/{pid}", tag = "studio activity",
    params(("id" = i64, Path), ("pid" = i64, Path)), request_body = ProjectPatch,
    responses((status = 200, body = ProjectDetail), (status = 404, body = crate::api::ErrorBody),
        (status = 422, body = crate::api::ErrorBody)))]
pub async fn update_project(
    State(st): State<AppState>,
    me: Authed,
    Path((id, pid)): Path<(i64, i64)>,
    ApiJson(patch): ApiJson<ProjectPatch>,
) -> WebResult<Json<ProjectDetail>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_projects()
            .update(id, pid, &patch)
            .await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/studios/{id}/projects/{pid}", tag = "studio activity",
    params(("id" = i64, Path), ("pid" = i64, Path)),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody)))]
pub async fn delete_project(
    State(st): State<AppState>,
    me: Authed,
    Path((id, pid)): Path<(i64, i64)>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .studio_projects()
        .delete(id, pid)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
