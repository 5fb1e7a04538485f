//! Honours over the API.

use super::*;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HonourQuery {
    pub(super) under: Option<i64>,
    /// Holders of this title.
    pub(super) title: Option<String>,
    pub(super) person: Option<i64>,
    pub(super) year: Option<i32>,
    pub(super) page: Option<i64>,
    pub(super) per_page: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/honours", tag = "people", params(HonourQuery), responses((status = 200, body = PageOf<HonourView>)))]
pub async fn list_honours(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<HonourQuery>,
) -> WebResult<Json<PageOf<HonourView>>> {
    let page = page_request(q.page, q.per_page)?;
    let f = HonourFilter {
        under: q.under,
        title: q.title,
        person: q.person,
        year: q.year,
    };
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .honours()
            .list(&f, page)
            .await?
            .into(),
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnderQuery {
    pub(super) under: Option<i64>,
}

/// Titles with the number of holders in scope.
#[utoipa::path(get, path = "/api/v1/honours/titles", tag = "people", params(UnderQuery), responses((status = 200, body = Vec<TitleCount>)))]
pub async fn titles(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<UnderQuery>,
) -> WebResult<Json<Vec<TitleCount>>> {
    Ok(Json(
        st.store.scoped(&me.actor).honours().titles(q.under).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/honours", tag = "people", request_body = HonourInput,
    responses((status = 201, body = HonourView), (status = 422, body = crate::api::ErrorBody)))]
pub async fn create_honour(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(b): ApiJson<HonourInput>,
) -> WebResult<(StatusCode, Json<HonourView>)> {
    let h = parse_honour(&b.title, &b.level, &b.awarded_on, &b.note, today())?;
    let Some(person) = b.person_id else {
        return Err(StorageError::field("person_id", "err.required").into());
    };
    let v = st
        .store
        .scoped(&me.actor)
        .honours()
        .create(person, h, b.awarding_node_id)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(patch, path = "/api/v1/honours/{id}", tag = "people", params(("id" = i64, Path, description = "Id of the honour")), request_body = HonourInput,
    responses((status = 200, body = HonourView), (status = 404, body = crate::api::ErrorBody)))]
pub async fn update_honour(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<HonourInput>,
) -> WebResult<Json<HonourView>> {
    let h = parse_honour(&b.title, &b.level, &b.awarded_on, &b.note, today())?;
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .honours()
            .update(id, h, b.awarding_node_id)
            .await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/honours/{id}", tag = "people", params(("id" = i64, Path, description = "Id of the honour")), responses((status = 204), (status = 404, body = crate::api::ErrorBody)))]
pub async fn delete_honour(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<StatusCode> {
    st.store.scoped(&me.actor).honours().delete(id).await?;
    Ok(StatusCode::NO_CONTENT)
}
