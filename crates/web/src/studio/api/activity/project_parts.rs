//! A project's stage, milestones, benefits and files over the API.

use super::*;

/// Moves a project one stage forward; a skip or a step back answers 409 naming the rule.
#[utoipa::path(post, path = "/api/v1/studios/{id}/projects/{pid}/stage", tag = "studio activity",
    params(("id" = i64, Path), ("pid" = i64, Path)), request_body = StageMoveInput,
    responses((status = 200, body = ProjectDetail), (status = 409, body = crate::api::ErrorBody),
        (status = 422, body = crate::api::ErrorBody)))]
pub async fn move_stage(
    State(st): State<AppState>,
    me: Authed,
    Path((id, pid)): Path<(i64, i64)>,
    ApiJson(input): ApiJson<StageMoveInput>,
) -> WebResult<Json<ProjectDetail>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_projects()
            .move_stage(id, pid, &input)
            .await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/studios/{id}/projects/{pid}/milestones", tag = "studio activity",
    params(("id" = i64, Path), ("pid" = i64, Path)), request_body = MilestoneInput,
    responses((status = 201, body = MilestoneView), (status = 422, body = crate::api::ErrorBody)))]
pub async fn add_milestone(
    State(st): State<AppState>,
    me: Authed,
    Path((id, pid)): Path<(i64, i64)>,
    ApiJson(input): ApiJson<MilestoneInput>,
) -> WebResult<(StatusCode, Json<MilestoneView>)> {
    let v = st
        .store
        .scoped(&me.actor)
        .studio_projects()
        .add_milestone(id, pid, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(patch, path = "/api/v1/studios/{id}/projects/{pid}/milestones/{mid}", tag = "studio activity",
    params(("id" = i64, Path), ("pid" = i64, Path), ("mid" = i64, Path)),
    request_body = MilestonePatch,
    responses((status = 200, body = MilestoneView), (status = 404, body = crate::api::ErrorBody),
        (status = 422, body = crate::api::ErrorBody)))]
pub async fn update_milestone(
    State(st): State<AppState>,
    me: Authed,
    Path((id, pid, mid)): Path<(i64, i64, i64)>,
    ApiJson(patch): ApiJson<MilestonePatch>,
) -> WebResult<Json<MilestoneView>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_projects()
            .update_milestone(id, pid, mid, &patch)
            .await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/studios/{id}/projects/{pid}/milestones/{mid}", tag = "studio activity",
    params(("id" = i64, Path), ("pid" = i64, Path), ("mid" = i64, Path)),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody)))]
pub async fn delete_milestone(
    State(st): State<AppState>,
    me: Authed,
    Path((id, pid, mid)): Path<(i64, i64, i64)>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .studio_projects()
        .delete_milestone(id, pid, mid)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records one year's benefit; the project must have reached 成果 (result).
#[utoipa::path(post, path = "/api/v1/studios/{id}/projects/{pid}/benefits", tag = "studio activity",
    params(("id" = i64, Path), ("pid" = i64, Path)), request_body = BenefitInput,
    responses((status = 201, body = BenefitView), (status = 409, body = crate::api::ErrorBody),
        (status = 422, body = crate::api::ErrorBody)))]
pub async fn add_benefit(
    State(st): State<AppState>,
    me: Authed,
    Path((id, pid)): Path<(i64, i64)>,
    ApiJson(input): ApiJson<BenefitInput>,
) -> WebResult<(StatusCode, Json<BenefitView>)> {
    let v = st
        .store
        .scoped(&me.actor)
        .studio_projects()
        .add_benefit(id, pid, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(delete, path = "/api/v1/studios/{id}/projects/{pid}/benefits/{bid}", tag = "studio activity",
    params(("id" = i64, Path), ("pid" = i64, Path), ("bid" = i64, Path)),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody)))]
pub async fn delete_benefit(
    State(st): State<AppState>,
    me: Authed,
    Path((id, pid, bid)): Path<(i64, i64, i64)>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .studio_projects()
        .delete_benefit(id, pid, bid)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Attaches a file to a project (multipart, part `file`; pdf, images, Office files, text).
#[utoipa::path(post, path = "/api/v1/studios/{id}/projects/{pid}/files", tag = "studio activity",
    params(("id" = i64, Path), ("pid" = i64, Path)),
    request_body(content_type = "multipart/form-data"),
    responses((status = 201, body = FileView), (status = 422, body = crate::api::ErrorBody)))]
pub async fn upload_project_file(
    State(st): State<AppState>,
    me: Authed,
    Path((id, pid)): Path<(i64, i64)>,
    mut m: Multipart,
) -> WebResult<(StatusCode, Json<FileView>)> {
    let (file_name, bytes) = file_part(&mut m).await?;
    let f = st
        .store
        .scoped(&me.actor)
        .studio_projects()
        .attach(id, pid, &Upload { file_name, bytes })
        .await?;
    Ok((StatusCode::CREATED, Json(f)))
}
