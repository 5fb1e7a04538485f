//! The moves on one request over the API: actions, units and files.

use super::*;

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct ActionBody {
    /// `dispatch`, `accept`, `send_back`, `transfer`, `request_extension`,
    /// `approve_extension`, `refuse_extension`, `reply`, `follow_up`, `close`, `reopen`,
    /// `rate` or `withdraw`.
    pub(super) action: String,
    /// Required for send_back, transfer, request_extension, refuse_extension and reopen; a
    /// note otherwise (at most 500 characters).
    pub(super) reason: Option<String>,
    /// The handling unit, for dispatch and transfer.
    pub(super) node_id: Option<i64>,
    /// Working days asked, 1–30, for request_extension.
    #[schema(value_type = Option<u32>)]
    pub(super) days: Option<serde_json::Value>,
    /// The result (办理结果), for reply.
    pub(super) result: Option<String>,
    /// Ids of the request's files cited as evidence (办理佐证), for reply.
    #[serde(default)]
    pub(super) evidence: Vec<i64>,
    /// What the complainant said (回访情况), for follow_up.
    pub(super) answer: Option<String>,
    /// `satisfied`, `basically_satisfied` or `dissatisfied`: required for rate, optional at
    /// follow_up.
    pub(super) rating: Option<String>,
    /// Whether the problem was solved, for close.
    pub(super) solved: Option<bool>,
}

/// A number or a text as the text the domain parses.
pub(super) fn text_of(v: &Option<serde_json::Value>) -> String {
    match v {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(other) => other.to_string(),
    }
}

impl ActionBody {
    pub(super) fn input(self) -> ActionInput {
        ActionInput {
            action: self.action,
            reason: self.reason.unwrap_or_default(),
            node_id: self.node_id,
            days: text_of(&self.days),
            result: self.result.unwrap_or_default(),
            evidence: self.evidence,
            answer: self.answer.unwrap_or_default(),
            rating: self.rating.unwrap_or_default(),
            solved: self.solved,
        }
    }
}

/// Takes an action on a request. The caller's role on it comes from its permissions; an
/// action its role or the request's state does not allow answers 409 naming the rule; bad
/// fields answer 422; a caller who only reads the request gets 403.
#[utoipa::path(post, path = "/api/v1/requests/{id}/actions", tag = "requests", params(("id" = i64, Path, description = "Id of the request")), request_body = ActionBody,
    responses((status = 200, body = RequestView), (status = 403, body = crate::api::ErrorBody),
              (status = 404, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody),
              (status = 422, body = crate::api::ErrorBody)))]
pub async fn act(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<ActionBody>,
) -> WebResult<Json<RequestView>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .requests()
            .act(id, &b.input())
            .await?,
    ))
}

/// The units the caller may dispatch or transfer the request to besides the nodes of its own
/// scope: departments along the dispatching chain, the category's default unit first. A caller
/// who may neither dispatch nor transfer the request gets 403.
#[utoipa::path(get, path = "/api/v1/requests/{id}/units", tag = "requests", params(("id" = i64, Path, description = "Id of the request")),
    responses((status = 200, body = Vec<HandlingUnit>), (status = 403, body = crate::api::ErrorBody),
              (status = 404, body = crate::api::ErrorBody)))]
pub async fn units(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<Vec<HandlingUnit>>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .requests()
            .handling_units(id)
            .await?,
    ))
}

/// Attaches a photo or an evidence file (pdf, image, docx, xlsx, pptx or txt; at most 20 MiB)
/// to a request the caller dispatches or handles; downloaded at `/requests/files/{id}`, cited
/// by a reply's `evidence`.
#[utoipa::path(post, path = "/api/v1/requests/{id}/files", tag = "requests", params(("id" = i64, Path, description = "Id of the request")),
    request_body(content_type = "multipart/form-data", description = "`file`: the photo or document"),
    responses((status = 201, body = RequestFileView), (status = 403, body = crate::api::ErrorBody),
              (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn upload(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    mut m: Multipart,
) -> WebResult<(StatusCode, Json<RequestFileView>)> {
    let (file_name, bytes) = upload_part(&mut m).await?;
    let f = st
        .store
        .scoped(&me.actor)
        .requests()
        .attach(id, &Upload { file_name, bytes })
        .await?;
    Ok((StatusCode::CREATED, Json(f)))
}
