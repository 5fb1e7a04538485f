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

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PostBody {
    pub(super) person_id: Option<i64>,
    pub(super) post_code: Option<String>,
    pub(super) node_id: Option<i64>,
    pub(super) start_on: Option<String>,
    pub(super) end_on: Option<String>,
    pub(super) note: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/posts", tag = "people", request_body = PostBody,
    responses((status = 201, body = PostView), (status = 422, body = crate::api::ErrorBody)))]
pub async fn create_post(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(b): ApiJson<PostBody>,
) -> WebResult<(StatusCode, Json<PostView>)> {
    let term = parse_term(
        b.start_on.as_deref().unwrap_or(""),
        b.end_on.as_deref().unwrap_or(""),
        today(),
    )?;
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
        .create(
            person,
            b.post_code.as_deref().unwrap_or(""),
            node,
            term,
            b.note.as_deref().unwrap_or(""),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct TermBody {
    pub(super) start_on: String,
    pub(super) end_on: Option<String>,
    pub(super) note: Option<String>,
}

#[utoipa::path(patch, path = "/api/v1/posts/{id}", tag = "people", params(("id" = i64, Path, description = "Id of the post")), request_body = TermBody,
    responses((status = 200, body = PostView), (status = 404, body = crate::api::ErrorBody)))]
pub async fn update_post(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<TermBody>,
) -> WebResult<Json<PostView>> {
    let term = parse_term(&b.start_on, b.end_on.as_deref().unwrap_or(""), today())?;
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .posts()
            .update(id, term, b.note.as_deref().unwrap_or(""))
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
