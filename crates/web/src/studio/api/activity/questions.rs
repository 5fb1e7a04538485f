//! 驻室答疑 over the API: questions, answers and office hours.

use super::*;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QuestionQuery {
    /// Part of the title, the question or the answer (ASCII letters in any case).
    pub(super) q: Option<String>,
    /// `true`: answered only; `false`: open only.
    pub(super) answered: Option<bool>,
    /// Search only: studios filed in this subtree.
    pub(super) under: Option<i64>,
    pub(super) page: Option<i64>,
    pub(super) per_page: Option<i64>,
}

impl QuestionQuery {
    pub(super) fn filter(&self) -> QuestionFilter {
        QuestionFilter {
            q: self.q.clone(),
            answered: self.answered,
            under: self.under,
        }
    }
}

/// Questions of every studio in the caller's scope.
#[utoipa::path(get, path = "/api/v1/questions", tag = "studio activity", params(QuestionQuery),
    responses((status = 200, body = PageOf<QuestionView>)))]
pub async fn search_questions(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<QuestionQuery>,
) -> WebResult<Json<PageOf<QuestionView>>> {
    let page = page_request(q.page, q.per_page)?;
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_questions()
            .search(&q.filter(), page)
            .await?
            .into(),
    ))
}

#[utoipa::path(get, path = "/api/v1/studios/{id}/questions", tag = "studio activity",
    params(("id" = i64, Path), QuestionQuery),
    responses((status = 200, body = PageOf<QuestionView>), (status = 404, body = crate::api::ErrorBody)))]
pub async fn list_questions(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiQuery(q): ApiQuery<QuestionQuery>,
) -> WebResult<Json<PageOf<QuestionView>>> {
    let page = page_request(q.page, q.per_page)?;
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_questions()
            .list(id, &q.filter(), page)
            .await?
            .into(),
    ))
}

/// Raises a question; anyone who reads the studio may.
#[utoipa::path(post, path = "/api/v1/studios/{id}/questions", tag = "studio activity",
    params(("id" = i64, Path)), request_body = QuestionInput,
    responses((status = 201, body = QuestionView), (status = 409, body = crate::api::ErrorBody),
        (status = 422, body = crate::api::ErrorBody)))]
pub async fn ask(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<QuestionInput>,
) -> WebResult<(StatusCode, Json<QuestionView>)> {
    let v = st
        .store
        .scoped(&me.actor)
        .studio_questions()
        .ask(id, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(get, path = "/api/v1/studios/{id}/questions/{qid}", tag = "studio activity",
    params(("id" = i64, Path), ("qid" = i64, Path)),
    responses((status = 200, body = QuestionView), (status = 404, body = crate::api::ErrorBody)))]
pub async fn get_question(
    State(st): State<AppState>,
    me: Authed,
    Path((id, qid)): Path<(i64, i64)>,
) -> WebResult<Json<QuestionView>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_questions()
            .get(id, qid)
            .await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/studios/{id}/questions/{qid}", tag = "studio activity",
    params(("id" = i64, Path), ("qid" = i64, Path)),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody)))]
pub async fn delete_question(
    State(st): State<AppState>,
    me: Authed,
    Path((id, qid)): Path<(i64, i64)>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .studio_questions()
        .delete(id, qid)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Answers a question (`studio.write`).
#[utoipa::path(post, path = "/api/v1/studios/{id}/questions/{qid}/answer", tag = "studio activity",
    params(("id" = i64, Path), ("qid" = i64, Path)), request_body = AnswerInput,
    responses((status = 200, body = QuestionView), (status = 403, body = crate::api::ErrorBody),
        (status = 422, body = crate::api::ErrorBody)))]
pub async fn answer(
    State(st): State<AppState>,
    me: Authed,
    Path((id, qid)): Path<(i64, i64)>,
    ApiJson(input): ApiJson<AnswerInput>,
) -> WebResult<Json<QuestionView>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_questions()
            .answer(id, qid, &input.answer, input.answerer_id)
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/studios/{id}/office-hours", tag = "studio activity",
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<OfficeHourView>), (status = 404, body = crate::api::ErrorBody)))]
pub async fn office_hours(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<Vec<OfficeHourView>>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_questions()
            .office_hours(id)
            .await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/studios/{id}/office-hours", tag = "studio activity",
    params(("id" = i64, Path)), request_body = OfficeHourInput,
    responses((status = 201, body = OfficeHourView), (status = 422, body = crate::api::ErrorBody)))]
pub async fn add_office_hour(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<OfficeHourInput>,
) -> WebResult<(StatusCode, Json<OfficeHourView>)> {
    let v = st
        .store
        .scoped(&me.actor)
        .studio_questions()
        .add_office_hour(id, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(delete, path = "/api/v1/studios/{id}/office-hours/{hid}", tag = "studio activity",
    params(("id" = i64, Path), ("hid" = i64, Path)),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody)))]
pub async fn delete_office_hour(
    State(st): State<AppState>,
    me: Authed,
    Path((id, hid)): Path<(i64, i64)>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .studio_questions()
        .delete_office_hour(id, hid)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
