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

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ProjectBody {
    /// 2–200 characters.
    pub(super) title: String,
    pub(super) description: Option<String>,
    pub(super) started_on: String,
    /// 投入 in yuan: a number, or text such as `"12.5万"` or `"1,234.56"`.
    #[schema(value_type = Option<String>)]
    pub(super) investment: Option<NumText>,
    /// Shared with the studio's alliances.
    pub(super) shared: Option<bool>,
    pub(super) team: Option<Vec<TeamInput>>,
}

/// Starts a project at 创意 (idea).
#[utoipa::path(post, path = "/api/v1/studios/{id}/projects", tag = "studio activity",
    params(("id" = i64, Path)), request_body = ProjectBody,
    responses((status = 201, body = ProjectDetail), (status = 409, body = crate::api::ErrorBody),
        (status = 422, body = crate::api::ErrorBody)))]
pub async fn create_project(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<ProjectBody>,
) -> WebResult<(StatusCode, Json<ProjectDetail>)> {
    let input = ProjectInput {
        title: b.title,
        description: s(&b.description),
        started_on: b.started_on,
        investment: opt_text(&b.investment),
        shared: b.shared.unwrap_or(false),
    };
    let v = st
        .store
        .scoped(&me.actor)
        .studio_projects()
        .create(id, &input, b.team.as_deref().unwrap_or(&[]))
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

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ProjectPatchBody {
    pub(super) title: Option<String>,
    pub(super) description: Option<String>,
    pub(super) started_on: Option<String>,
    #[schema(value_type = Option<String>)]
    pub(super) investment: Option<NumText>,
    pub(super) shared: Option<bool>,
    /// Replaces the team when given.
    pub(super) team: Option<Vec<TeamInput>>,
}

#[utoipa::path(patch, path = "/api/v1/studios/{id}/projects/{pid}", tag = "studio activity",
    params(("id" = i64, Path), ("pid" = i64, Path)), request_body = ProjectPatchBody,
    responses((status = 200, body = ProjectDetail), (status = 404, body = crate::api::ErrorBody),
        (status = 422, body = crate::api::ErrorBody)))]
pub async fn update_project(
    State(st): State<AppState>,
    me: Authed,
    Path((id, pid)): Path<(i64, i64)>,
    ApiJson(b): ApiJson<ProjectPatchBody>,
) -> WebResult<Json<ProjectDetail>> {
    let patch = ProjectPatch {
        title: b.title,
        description: b.description,
        started_on: b.started_on,
        investment: b.investment.as_ref().map(NumText::text),
        shared: b.shared,
        team: b.team,
    };
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
