//! Post quotas over the API.

use super::*;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QuotaQuery {
    pub(super) year: Option<i32>,
    pub(super) under: Option<i64>,
    pub(super) page: Option<i64>,
    pub(super) per_page: Option<i64>,
}

/// Every quota row in scope: granted, handed down, used and remaining.
#[utoipa::path(get, path = "/api/v1/quotas", tag = "people", params(QuotaQuery), responses((status = 200, body = PageOf<QuotaView>)))]
pub async fn list_quotas(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<QuotaQuery>,
) -> WebResult<Json<PageOf<QuotaView>>> {
    let page = page_request(q.page, q.per_page)?;
    let f = QuotaFilter {
        year: q.year,
        under: q.under,
    };
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .quotas()
            .list(&f, page)
            .await?
            .into(),
    ))
}

/// Hands quota down from the node's parent (or takes it back).
#[utoipa::path(post, path = "/api/v1/quotas", tag = "people", request_body = AllocateInput,
    responses((status = 200, body = QuotaView), (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn allocate(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(b): ApiJson<AllocateInput>,
) -> WebResult<Json<QuotaView>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .quotas()
            .allocate(b.node_id, b.year, b.amount)
            .await?,
    ))
}
