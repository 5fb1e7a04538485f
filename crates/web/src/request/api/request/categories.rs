//! Request categories over the API.

use super::*;

/// The category dictionary, in its order; everyone signed in reads it.
#[utoipa::path(get, path = "/api/v1/request-categories", tag = "requests",
    responses((status = 200, body = Vec<CategoryView>)))]
pub async fn categories(
    State(st): State<AppState>,
    me: Authed,
) -> WebResult<Json<Vec<CategoryView>>> {
    Ok(Json(
        st.store.scoped(&me.actor).requests().categories().await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CategoryBody {
    /// 2–40 lower-case letters, digits or `_`, starting with a letter.
    pub(super) code: String,
    pub(super) name_zh: String,
    /// The Chinese name when blank.
    pub(super) name_en: Option<String>,
    pub(super) default_node_id: Option<i64>,
    /// 1–240 working hours.
    pub(super) accept_within_hours: u32,
    /// 1–90 working days.
    pub(super) reply_within_days: u32,
    /// 1–30 working days.
    pub(super) follow_up_within_days: u32,
    /// 0–365 calendar days; 7 when absent.
    pub(super) reopen_window_days: Option<u32>,
    /// 1–2400 working hours; absent or `null`: the step's own limit once more.
    pub(super) red_after_work_hours: Option<u32>,
    pub(super) sort_order: Option<i32>,
    /// True when absent.
    pub(super) active: Option<bool>,
}

/// A new category (`request.manage` over the whole tree; 403 otherwise).
#[utoipa::path(post, path = "/api/v1/request-categories", tag = "requests", request_body = CategoryBody,
    responses((status = 201, body = CategoryView), (status = 403, body = crate::api::ErrorBody),
              (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn create_category(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(b): ApiJson<CategoryBody>,
) -> WebResult<(StatusCode, Json<CategoryView>)> {
    let input = CategoryInput {
        name_zh: b.name_zh,
        name_en: b.name_en.unwrap_or_default(),
        default_node_id: b.default_node_id,
        policy: PolicyInput {
            accept_within_hours: b.accept_within_hours.to_string(),
            reply_within_days: b.reply_within_days.to_string(),
            follow_up_within_days: b.follow_up_within_days.to_string(),
            reopen_window_days: b.reopen_window_days.unwrap_or(7).to_string(),
            red_after_work_hours: b
                .red_after_work_hours
                .map(|h| h.to_string())
                .unwrap_or_default(),
        },
        sort_order: b.sort_order,
        active: b.active.unwrap_or(true),
    };
    let v = st
        .store
        .scoped(&me.actor)
        .requests()
        .create_category(&b.code, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

/// Changes to a category; absent fields keep their value, `null` clears the default unit or
/// the red-card hours.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct CategoryPatchBody {
    pub(super) name_zh: Option<String>,
    pub(super) name_en: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub(super) default_node_id: Option<Option<i64>>,
    pub(super) accept_within_hours: Option<u32>,
    pub(super) reply_within_days: Option<u32>,
    pub(super) follow_up_within_days: Option<u32>,
    pub(super) reopen_window_days: Option<u32>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<u32>)]
    pub(super) red_after_work_hours: Option<Option<u32>>,
    pub(super) sort_order: Option<i32>,
    pub(super) active: Option<bool>,
}

/// Changes a category (`request.manage` over the whole tree). New limits apply to steps
/// started from now on.
#[utoipa::path(patch, path = "/api/v1/request-categories/{code}", tag = "requests", params(("code" = String, Path, description = "Code of the request category")), request_body = CategoryPatchBody,
    responses((status = 200, body = CategoryView), (status = 403, body = crate::api::ErrorBody),
              (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn update_category(
    State(st): State<AppState>,
    me: Authed,
    Path(code): Path<String>,
    ApiJson(b): ApiJson<CategoryPatchBody>,
) -> WebResult<Json<CategoryView>> {
    let n = |v: Option<u32>| v.map(|x| x.to_string());
    let patch = CategoryPatch {
        name_zh: b.name_zh,
        name_en: b.name_en,
        default_node_id: b.default_node_id,
        accept_within_hours: n(b.accept_within_hours),
        reply_within_days: n(b.reply_within_days),
        follow_up_within_days: n(b.follow_up_within_days),
        reopen_window_days: n(b.reopen_window_days),
        red_after_work_hours: b
            .red_after_work_hours
            .map(|h| h.map(|x| x.to_string()).unwrap_or_default()),
        sort_order: b.sort_order,
        active: b.active,
    };
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .requests()
            .update_category(&code, &patch)
            .await?,
    ))
}
