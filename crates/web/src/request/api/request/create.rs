//! New requests over the API, and the intake shared with the staff form.

use super::*;

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct RequestBody {
    /// `window` (窗口帮办), `doorstep` (上门代办), `enterprise` (企业下单), `visit` (走访) or
    /// `patrol` (网格巡查, 未诉先办: no contact). 12345 orders come through the import, the
    /// public form through `/api/v1/public/requests`.
    pub(super) channel: Option<String>,
    pub(super) category: Option<String>,
    /// Where the request lies; the caller must dispatch or handle requests there.
    pub(super) node_id: Option<i64>,
    pub(super) address: Option<String>,
    /// 5–2000 characters.
    pub(super) description: Option<String>,
    pub(super) contact_name: Option<String>,
    /// A mobile or a landline with its area code.
    pub(super) contact_phone: Option<String>,
    /// `normal` (default), `urgent` or `critical`.
    pub(super) urgency: Option<String>,
    /// Required for `enterprise`.
    pub(super) enterprise_name: Option<String>,
}

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

impl RequestBody {
    pub(super) fn input(self) -> RequestInput {
        RequestInput {
            channel: self.channel.unwrap_or_default(),
            category: self.category.unwrap_or_default(),
            node_id: self.node_id,
            address: self.address.unwrap_or_default(),
            description: self.description.unwrap_or_default(),
            contact_name: self.contact_name.unwrap_or_default(),
            contact_phone: self.contact_phone.unwrap_or_default(),
            urgency: self.urgency.unwrap_or_default(),
            hotline_no: String::new(),
            enterprise_name: self.enterprise_name.unwrap_or_default(),
        }
    }
}

/// Staff intake (window, doorstep, enterprise, visit, patrol); received at once.
#[utoipa::path(post, path = "/api/v1/requests", tag = "requests", request_body = RequestBody,
    responses((status = 201, body = RequestView), (status = 422, body = crate::api::ErrorBody)))]
pub async fn create(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(b): ApiJson<RequestBody>,
) -> WebResult<(StatusCode, Json<RequestView>)> {
    let v = take_in(st.store.scoped(&me.actor), &b.input()).await?;
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
