//! Posts over the API.

use super::*;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PostQuery {
    pub(super) under: Option<i64>,
    pub(super) post: Option<String>,
    pub(super) person: Option<i64>,
    #[serde(default)]
    pub(super) current: bool,
    pub(super) page: Option<i64>,
    pub(super) per_page: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/posts", tag = "people", params(PostQuery), responses((status = 200, body = PageOf<PostView>)))]
pub async fn list_posts(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<PostQuery>,
) -> WebResult<Json<PageOf<PostView>>> {
    let page = page_request(q.page, q.per_page)?;
    let f = PostFilter {
        under: q.under,
        post: q.post,
        person: q.person,
        current: q.current,
    };
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .posts()
            .list(&f, page)
            .await?
            .into(),
    ))
}

#[utoipa::path(post, path = "/api/v1/posts", tag = "people", request_body = PostInput,
    responses((status = 201, body = PostView), (status = 422, body = crate::api::ErrorBody)))]
pub async fn create_post(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(b): ApiJson<PostInput>,
) -> WebResult<(StatusCode, Json<PostView>)> {
    let term = parse_term(&b.start_on, &b.end_on, today())?;
    let (Some(person), Some(node)) = (b.person_id, b.node_id) else {
        let mut fe = touyan_domain::FieldErrors::new();
        if b.person_id.is_none() {
            fe.add("person_id", "err.required");
        }
        if b.node_id.is_none() {
            fe.add("node_id", "err.required");
        }
        return Err(StorageError::Invalid(fe).into());
    };
    let v = st
        .store
        .scoped(&me.actor)
        .posts()
        .create(person, &b.post_code, node, term, &b.note)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(patch, path = "/api/v1/posts/{id}", tag = "people", params(("id" = i64, Path, description = "Id of the post")), request_body = TermInput,
    responses((status = 200, body = PostView), (status = 404, body = crate::api::ErrorBody)))]
pub async fn update_post(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<TermInput>,
) -> WebResult<Json<PostView>> {
    let term = parse_term(&b.start_on, &b.end_on, today())?;
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .posts()
            .update(id, term, &b.note)
            .await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/posts/{id}", tag = "people", params(("id" = i64, Path, description = "Id of the post")), responses((status = 204), (status = 404, body = crate::api::ErrorBody)))]
pub async fn delete_post(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<StatusCode> {
    st.store.scoped(&me.actor).posts().delete(id).await?;
    Ok(StatusCode::NO_CONTENT)
}
