//! 考核评价 and 激励保障 over the API: evaluations, support and the activity totals.

use super::*;

#[utoipa::path(get, path = "/api/v1/studios/{id}/evaluations", tag = "studio activity",
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<EvaluationView>), (status = 404, body = crate::api::ErrorBody)))]
pub async fn list_evaluations(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<Vec<EvaluationView>>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_evaluations()
            .list(id)
            .await?,
    ))
}

/// Records an evaluation (`studio.manage` over the studio).
#[utoipa::path(post, path = "/api/v1/studios/{id}/evaluations", tag = "studio activity",
    params(("id" = i64, Path)), request_body = EvaluationInput,
    responses((status = 201, body = EvaluationView), (status = 403, body = crate::api::ErrorBody),
        (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn create_evaluation(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<EvaluationInput>,
) -> WebResult<(StatusCode, Json<EvaluationView>)> {
    let v = st
        .store
        .scoped(&me.actor)
        .studio_evaluations()
        .create(id, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(get, path = "/api/v1/studios/{id}/evaluations/{eid}", tag = "studio activity",
    params(("id" = i64, Path), ("eid" = i64, Path)),
    responses((status = 200, body = EvaluationView), (status = 404, body = crate::api::ErrorBody)))]
pub async fn get_evaluation(
    State(st): State<AppState>,
    me: Authed,
    Path((id, eid)): Path<(i64, i64)>,
) -> WebResult<Json<EvaluationView>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_evaluations()
            .get(id, eid)
            .await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/studios/{id}/evaluations/{eid}", tag = "studio activity",
    params(("id" = i64, Path), ("eid" = i64, Path)),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody),
        (status = 409, body = crate::api::ErrorBody)))]
pub async fn delete_evaluation(
    State(st): State<AppState>,
    me: Authed,
    Path((id, eid)): Path<(i64, i64)>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .studio_evaluations()
        .delete(id, eid)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SupportQuery {
    /// `funding`, `reward` or `material`.
    pub(super) kind: Option<String>,
    /// Received in this year.
    pub(super) year: Option<i32>,
    pub(super) page: Option<i64>,
    pub(super) per_page: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/studios/{id}/support", tag = "studio activity",
    params(("id" = i64, Path), SupportQuery),
    responses((status = 200, body = PageOf<SupportView>), (status = 404, body = crate::api::ErrorBody)))]
pub async fn list_support(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiQuery(q): ApiQuery<SupportQuery>,
) -> WebResult<Json<PageOf<SupportView>>> {
    let page = page_request(q.page, q.per_page)?;
    let f = SupportFilter {
        kind: q.kind,
        year: q.year,
    };
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_support()
            .list(id, &f, page)
            .await?
            .into(),
    ))
}

#[utoipa::path(post, path = "/api/v1/studios/{id}/support", tag = "studio activity",
    params(("id" = i64, Path)), request_body = SupportInput,
    responses((status = 201, body = SupportView), (status = 409, body = crate::api::ErrorBody),
        (status = 422, body = crate::api::ErrorBody)))]
pub async fn create_support(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<SupportInput>,
) -> WebResult<(StatusCode, Json<SupportView>)> {
    let v = st
        .store
        .scoped(&me.actor)
        .studio_support()
        .create(id, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(delete, path = "/api/v1/studios/{id}/support/{sid}", tag = "studio activity",
    params(("id" = i64, Path), ("sid" = i64, Path)),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody)))]
pub async fn delete_support(
    State(st): State<AppState>,
    me: Authed,
    Path((id, sid)): Path<(i64, i64)>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .studio_support()
        .delete(id, sid)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Support received, projects by stage, benefit, questions and the latest evaluation.
#[utoipa::path(get, path = "/api/v1/studios/{id}/activity-totals", tag = "studio activity",
    params(("id" = i64, Path)),
    responses((status = 200, body = ActivityTotals), (status = 404, body = crate::api::ErrorBody)))]
pub async fn totals(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<ActivityTotals>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_support()
            .totals(id)
            .await?,
    ))
}
