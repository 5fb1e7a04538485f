//! Mentorships over the API: list, create, read, update, delete.

use super::*;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MentorshipQuery {
    /// `open` or `closed`.
    pub(super) state: Option<String>,
    /// Mentorships this person leads or is an apprentice in.
    pub(super) person: Option<i64>,
    pub(super) page: Option<i64>,
    pub(super) per_page: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/studios/{id}/mentorships", tag = "studios", params(("id" = i64, Path, description = "Id of the studio"), MentorshipQuery),
    responses((status = 200, body = PageOf<MentorshipView>), (status = 404, body = crate::api::ErrorBody)))]
pub async fn list_mentorships(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiQuery(q): ApiQuery<MentorshipQuery>,
) -> WebResult<Json<PageOf<MentorshipView>>> {
    let page = page_request(q.page, q.per_page)?;
    let f = MentorshipFilter {
        state: q.state,
        person: q.person,
    };
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_mentorships()
            .list(id, &f, page)
            .await?
            .into(),
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ApprenticeBody {
    pub(super) person_id: Option<i64>,
    /// `core` or `other`; blank is `core` in a pair and `other` in a group.
    pub(super) tier: Option<String>,
}

impl ApprenticeBody {
    pub(super) fn input(self) -> ApprenticeInput {
        ApprenticeInput {
            person_id: self.person_id,
            tier: self.tier.unwrap_or_default(),
        }
    }
}

/// A mentorship. On PATCH absent fields are kept and `null` clears `plan` and
/// `planned_end_on`; `apprentices`, when given, is the whole new list.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct MentorshipBody {
    pub(super) title: Option<String>,
    pub(super) mentor_id: Option<i64>,
    /// `pair` (一对一带教, exactly one apprentice) or `group` (1+5+N: at most 5 core).
    pub(super) shape: Option<String>,
    pub(super) apprentices: Option<Vec<ApprenticeBody>>,
    /// `YYYY-MM-DD`, not in the future.
    pub(super) started_on: Option<String>,
    pub(super) goals: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub(super) plan: Option<Option<String>>,
    /// On or after `started_on`.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub(super) planned_end_on: Option<Option<String>>,
}

#[utoipa::path(post, path = "/api/v1/studios/{id}/mentorships", tag = "studios", params(("id" = i64, Path, description = "Id of the studio")), request_body = MentorshipBody,
    responses((status = 201, body = MentorshipView), (status = 404, body = crate::api::ErrorBody),
              (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn create_mentorship(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<MentorshipBody>,
) -> WebResult<(StatusCode, Json<MentorshipView>)> {
    let input = MentorshipInput {
        title: b.title.unwrap_or_default(),
        mentor_id: b.mentor_id,
        shape: b.shape.unwrap_or_default(),
        apprentices: b
            .apprentices
            .unwrap_or_default()
            .into_iter()
            .map(ApprenticeBody::input)
            .collect(),
        started_on: b.started_on.unwrap_or_default(),
        goals: b.goals.unwrap_or_default(),
        plan: b.plan.flatten().unwrap_or_default(),
        planned_end_on: b.planned_end_on.flatten().unwrap_or_default(),
    };
    let v = st
        .store
        .scoped(&me.actor)
        .studio_mentorships()
        .create(id, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(get, path = "/api/v1/studios/{id}/mentorships/{mid}", tag = "studios", params(("id" = i64, Path, description = "Id of the studio"), ("mid" = i64, Path, description = "Id of the mentorship")),
    responses((status = 200, body = MentorshipView), (status = 404, body = crate::api::ErrorBody)))]
pub async fn get_mentorship(
    State(st): State<AppState>,
    me: Authed,
    Path((id, mid)): Path<(i64, i64)>,
) -> WebResult<Json<MentorshipView>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_mentorships()
            .get(id, mid)
            .await?,
    ))
}

#[utoipa::path(patch, path = "/api/v1/studios/{id}/mentorships/{mid}", tag = "studios", params(("id" = i64, Path, description = "Id of the studio"), ("mid" = i64, Path, description = "Id of the mentorship")), request_body = MentorshipBody,
    responses((status = 200, body = MentorshipView), (status = 404, body = crate::api::ErrorBody),
              (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn update_mentorship(
    State(st): State<AppState>,
    me: Authed,
    Path((id, mid)): Path<(i64, i64)>,
    ApiJson(b): ApiJson<MentorshipBody>,
) -> WebResult<Json<MentorshipView>> {
    let patch = MentorshipPatch {
        title: b.title,
        mentor_id: b.mentor_id,
        shape: b.shape,
        apprentices: b
            .apprentices
            .map(|l| l.into_iter().map(ApprenticeBody::input).collect()),
        started_on: b.started_on,
        goals: b.goals,
        plan: b.plan.map(Option::unwrap_or_default),
        planned_end_on: b.planned_end_on.map(Option::unwrap_or_default),
    };
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_mentorships()
            .update(id, mid, patch)
            .await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/studios/{id}/mentorships/{mid}", tag = "studios", params(("id" = i64, Path, description = "Id of the studio"), ("mid" = i64, Path, description = "Id of the mentorship")),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody)))]
pub async fn delete_mentorship(
    State(st): State<AppState>,
    me: Authed,
    Path((id, mid)): Path<(i64, i64)>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .studio_mentorships()
        .delete(id, mid)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
