//! The studios themselves over the API: list, create, read, update, remove, counts, export.

use super::*;
use crate::pages::{parse_sort, Selected};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StudioQuery {
    pub(super) under: Option<i64>,
    /// A `studio_kind` dictionary code.
    pub(super) kind: Option<String>,
    /// `district`, `city` or `provincial`.
    pub(super) level: Option<String>,
    /// `applied`, `listed`, `demonstration`, `warned` or `delisted`.
    pub(super) state: Option<String>,
    /// Person id of the leader.
    pub(super) leader: Option<i64>,
    /// Part of the name.
    pub(super) q: Option<String>,
    pub(super) page: Option<i64>,
    pub(super) per_page: Option<i64>,
    /// The order: `name`, `level` (district first), `state` (in lifecycle order),
    /// `plaque_on` (none last) or `node` (the host node, in tree order: the default). Another
    /// key answers 400.
    pub(super) sort: Option<String>,
    /// `asc` (the default) or `desc`.
    pub(super) dir: Option<String>,
}

impl StudioQuery {
    pub(super) fn filter(&self) -> WebResult<StudioFilter> {
        Ok(StudioFilter {
            under: self.under,
            kind: self.kind.clone(),
            level: self.level.clone(),
            state: self.state.clone(),
            leader: self.leader,
            q: self.q.clone(),
            ids: None,
            sort: parse_sort(&self.sort, &self.dir)?,
        })
    }
}

#[utoipa::path(get, path = "/api/v1/studios", tag = "studios", params(StudioQuery),
    responses((status = 200, body = PageOf<StudioView>), (status = 400, body = crate::api::ErrorBody)))]
pub async fn list(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<StudioQuery>,
) -> WebResult<Json<PageOf<StudioView>>> {
    let page = page_request(q.page, q.per_page)?;
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studios()
            .list(&q.filter()?, page)
            .await?
            .into(),
    ))
}

#[utoipa::path(post, path = "/api/v1/studios", tag = "studios", request_body = StudioInput,
    responses((status = 201, body = StudioView), (status = 422, body = crate::api::ErrorBody)))]
pub async fn create(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(input): ApiJson<StudioInput>,
) -> WebResult<(StatusCode, Json<StudioView>)> {
    let repo = st.store.scoped(&me.actor).studios();
    let studio = repo.parse(&input).await?;
    let v = repo
        .create(StudioNew {
            studio,
            node_id: input.node_id,
            leader_id: input.leader_id,
            applied_on: None,
        })
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(get, path = "/api/v1/studios/{id}", tag = "studios", params(("id" = i64, Path, description = "Id of the studio")),
    responses((status = 200, body = StudioView), (status = 404, body = crate::api::ErrorBody)))]
pub async fn get_one(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<StudioView>> {
    Ok(Json(st.store.scoped(&me.actor).studios().get(id).await?))
}

#[utoipa::path(patch, path = "/api/v1/studios/{id}", tag = "studios", params(("id" = i64, Path, description = "Id of the studio")), request_body = StudioPatch,
    responses((status = 200, body = StudioView), (status = 404, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody)))]
pub async fn update(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(p): ApiJson<StudioPatch>,
) -> WebResult<Json<StudioView>> {
    let repo = st.store.scoped(&me.actor).studios();
    let cur = repo.get(id).await?;
    let input = p.over(StudioInput {
        name: cur.name,
        kind: cur.kind,
        level: cur.level,
        demonstration: cur.demonstration,
        node_id: cur.node_id,
        leader_id: cur.leader_id,
        field: cur.field.unwrap_or_default(),
        plaque_on: cur.plaque_on.map(|d| d.to_string()).unwrap_or_default(),
        description: cur.description.unwrap_or_default(),
        slug: cur.slug.unwrap_or_default(),
        public: cur.public,
    });
    let studio = repo.parse(&input).await?;
    Ok(Json(
        repo.update(
            id,
            StudioNew {
                studio,
                node_id: input.node_id,
                leader_id: input.leader_id,
                applied_on: None,
            },
        )
        .await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/studios/{id}", tag = "studios", params(("id" = i64, Path, description = "Id of the studio")),
    responses((status = 204), (status = 409, body = crate::api::ErrorBody)))]
pub async fn remove(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<StatusCode> {
    st.store.scoped(&me.actor).studios().delete(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnderQuery {
    pub(super) under: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/studios/counts", tag = "studios", params(UnderQuery),
    responses((status = 200, body = StudioCounts)))]
pub async fn counts(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<UnderQuery>,
) -> WebResult<Json<StudioCounts>> {
    Ok(Json(
        st.store.scoped(&me.actor).studios().counts(q.under).await?,
    ))
}

/// Studios the signed-in account's person leads or belongs to.
#[utoipa::path(get, path = "/api/v1/studios/mine", tag = "studios",
    responses((status = 200, body = Vec<StudioView>)))]
pub async fn mine(State(st): State<AppState>, me: Authed) -> WebResult<Json<Vec<StudioView>>> {
    Ok(Json(st.store.scoped(&me.actor).studios().mine().await?))
}

/// The filtered list, in its order, as .xlsx; `ids` limits it to ticked rows.
#[utoipa::path(get, path = "/api/v1/studios/export.xlsx", tag = "studios", params(StudioQuery, Selected),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
              (status = 400, body = crate::api::ErrorBody)))]
pub async fn export(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<StudioQuery>,
    picked: Selected,
) -> WebResult<Response> {
    let f = StudioFilter {
        ids: picked.ids,
        ..q.filter()?
    };
    crate::studio::io::export_studios(st.store.scoped(&me.actor), me.ctx.tr(), &f).await
}

#[utoipa::path(get, path = "/api/v1/studios/members/export.xlsx", tag = "studios", params(StudioQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
              (status = 400, body = crate::api::ErrorBody)))]
pub async fn export_members(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<StudioQuery>,
) -> WebResult<Response> {
    crate::studio::io::export_members(st.store.scoped(&me.actor), me.ctx.tr(), &q.filter()?).await
}
