//! New requests over the API, and the intake shared with the staff form.

use super::*;

/// The channels staff take requests through.
pub const STAFF_CHANNELS: [Channel; 5] = [
    Channel::Window,
    Channel::Doorstep,
    Channel::Enterprise,
    Channel::Visit,
    Channel::Patrol,
];

/// Staff intake: the request is received at once, ready to dispatch.
pub(crate) async fn take_in(s: Scoped<'_>, input: &RequestInput) -> WebResult<RequestView> {
    let ch = input.channel.trim();
    if Channel::from_code(ch).is_some_and(|c| !STAFF_CHANNELS.contains(&c)) {
        // Report the other fields along with the channel.
        let mut fe = FieldErrors::new();
        fe.add("channel", "err.rq_channel_not_staff");
        let cats: Vec<String> = s
            .requests()
            .categories()
            .await?
            .into_iter()
            .filter(|c| c.active)
            .map(|c| c.code)
            .collect();
        let mut probe = input.clone();
        probe.channel = Channel::Window.code().into();
        probe.hotline_no.clear();
        if let Err(touyan_domain::DomainError::Invalid(x)) = probe.parse(&cats) {
            for (k, v) in x.0 {
                fe.add(&k, &v);
            }
        }
        return Err(StorageError::Invalid(fe).into());
    }
    Ok(s.requests().create(input).await?)
}

/// Staff intake (window, doorstep, enterprise, visit, patrol); received at once.
#[utoipa::path(post, path = "/api/v1/requests", tag = "requests", request_body = RequestInput,
    responses((status = 201, body = RequestView), (status = 422, body = crate::api::ErrorBody)))]
pub async fn create(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(input): ApiJson<RequestInput>,
) -> WebResult<(StatusCode, Json<RequestView>)> {
    let v = take_in(st.store.scoped(&me.actor), &input).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

/// A request with its whole timeline, cards, files and the actions the caller may take.
#[utoipa::path(get, path = "/api/v1/requests/{id}", tag = "requests", params(("id" = i64, Path, description = "Id of the request")),
    responses((status = 200, body = RequestDetail), (status = 404, body = crate::api::ErrorBody)))]
pub async fn get_one(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<RequestDetail>> {
    Ok(Json(st.store.scoped(&me.actor).requests().get(id).await?))
}
