use crate::api::ApiJson;
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use touyan_domain::auth::PasswordChangeInput;

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new().route("/v1/account/password", post(change_password))
}

/// Changes the caller's own password; the caller's other sessions end.
#[utoipa::path(post, path = "/api/v1/account/password", tag = "session", request_body = PasswordChangeInput,
    responses((status = 204), (status = 422, body = crate::api::ErrorBody)))]
pub async fn change_password(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(b): ApiJson<PasswordChangeInput>,
) -> WebResult<StatusCode> {
    let keep = me.ctx.session.as_ref().map(|s| s.id);
    st.store
        .auth()
        .change_password(&me.actor, &b.current_password, &b.new_password, keep)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
