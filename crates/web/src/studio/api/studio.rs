//! Studios over the API: registry, lifecycle moves, members, photos and files, counts,
//! exports, alliances, and the public showcase.

use crate::api::{double_option, page_request, ApiJson, ApiQuery, PageOf};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::require::{require, require_any};
use crate::upload_guard::file_part;
use crate::AppState;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{delete, get, post};
use axum::Json;
use serde::Deserialize;
use touyan_domain::access::Permission;
use touyan_domain::studio::{MoveInput, StudioInput};
use touyan_storage::kit::files::Upload;
use touyan_storage::studio::{
    AllianceMemberView, AllianceView, FileView, MemberView, MoveView, PublicStudio, SharedItem,
    StudioCounts, StudioFilter, StudioNew, StudioView,
};
use touyan_storage::{Scoped, StorageError};
use utoipa::OpenApi;

pub fn routes() -> crate::routes::Routes {
    let write = || require(Permission::StudioWrite);
    let manage = || require(Permission::StudioManage);
    crate::routes::Routes::new()
        .route("/v1/studios", post(create).route_layer(write()).get(list))
        .route("/v1/studios/counts", get(counts))
        .route("/v1/studios/mine", get(mine))
        .route("/v1/studios/export.xlsx", get(export))
        .route("/v1/studios/members/export.xlsx", get(export_members))
        .route(
            "/v1/studios/{id}",
            axum::routing::patch(update)
                .delete(remove)
                .route_layer(write())
                .get(get_one),
        )
        .route(
            "/v1/studios/{id}/transitions",
            post(transition).route_layer(manage()).get(moves),
        )
        .route(
            "/v1/studios/{id}/members",
            post(add_member).route_layer(write()).get(members),
        )
        .route(
            "/v1/studios/{id}/members/{mid}",
            axum::routing::patch(update_member)
                .delete(remove_member)
                .route_layer(write()),
        )
        .route(
            "/v1/studios/{id}/photos",
            post(upload_photo)
                .route_layer(write())
                .get(photos)
                .layer(DefaultBodyLimit::max(crate::upload_guard::UPLOAD_LIMIT)),
        )
        .route(
            "/v1/studios/{id}/photo",
            post(set_photo).route_layer(write()),
        )
        .route(
            "/v1/studios/files/{fid}",
            delete(delete_file).route_layer(write()),
        )
        .route("/v1/studios/{id}/alliances", get(studio_alliances))
        .route(
            "/v1/alliances",
            post(create_alliance).route_layer(manage()).get(alliances),
        )
        .route(
            "/v1/alliances/{id}",
            axum::routing::patch(update_alliance)
                .route_layer(manage())
                .get(alliance),
        )
        .route(
            "/v1/alliances/{id}/members",
            post(join_alliance)
                .route_layer(manage())
                .get(alliance_members),
        )
        // The alliance's runner removes a member, or a studio's keeper takes it out.
        .route(
            "/v1/alliances/{id}/members/{studio_id}",
            delete(leave_alliance).route_layer(require_any(&[
                Permission::StudioManage,
                Permission::StudioWrite,
            ])),
        )
        .route("/v1/alliances/{id}/shared", get(shared))
        .route("/v1/public/studios/{slug}", get(public_studio))
}

#[derive(OpenApi)]
#[openapi(
    paths(
        list, create, get_one, update, remove, counts, mine, export, export_members,
        moves, transition, members, add_member, update_member, remove_member,
        photos, upload_photo, set_photo, delete_file, studio_alliances,
        alliances, create_alliance, alliance, update_alliance, alliance_members, join_alliance,
        leave_alliance, shared, public_studio,
    ),
    tags((name = "studios", description = "Studios (工作室): registry, lifecycle, members, files, alliances")),
)]
pub struct Doc;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StudioQuery {
    under: Option<i64>,
    /// A `studio_kind` dictionary code.
    kind: Option<String>,
    /// `district`, `city` or `provincial`.
    level: Option<String>,
    /// `applied`, `listed`, `demonstration`, `warned` or `delisted`.
    state: Option<String>,
    /// Person id of the leader.
    leader: Option<i64>,
    /// Part of the name.
    q: Option<String>,
    page: Option<i64>,
    per_page: Option<i64>,
}

impl StudioQuery {
    fn filter(&self) -> StudioFilter {
        StudioFilter {
            under: self.under,
            kind: self.kind.clone(),
            level: self.level.clone(),
            state: self.state.clone(),
            leader: self.leader,
            q: self.q.clone(),
        }
    }
}

#[utoipa::path(get, path = "/api/v1/studios", tag = "studios", params(StudioQuery),
    responses((status = 200, body = PageOf<StudioView>)))]
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
            .list(&q.filter(), page)
            .await?
            .into(),
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct StudioBody {
    name: String,
    kind: String,
    level: String,
    #[serde(default)]
    demonstration: bool,
    node_id: i64,
    leader_id: Option<i64>,
    field: Option<String>,
    plaque_on: Option<String>,
    description: Option<String>,
    /// Address of the public page `/s/{slug}`.
    slug: Option<String>,
    /// Show the public page.
    #[serde(default)]
    public: bool,
}

fn input_of(b: &StudioBody) -> StudioInput {
    let s = |v: &Option<String>| v.clone().unwrap_or_default();
    StudioInput {
        name: b.name.clone(),
        kind: b.kind.clone(),
        level: b.level.clone(),
        demonstration: b.demonstration,
        field: s(&b.field),
        plaque_on: s(&b.plaque_on),
        description: s(&b.description),
        slug: s(&b.slug),
        public: b.public,
    }
}

#[utoipa::path(post, path = "/api/v1/studios", tag = "studios", request_body = StudioBody,
    responses((status = 201, body = StudioView), (status = 422, body = crate::api::ErrorBody)))]
pub async fn create(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(b): ApiJson<StudioBody>,
) -> WebResult<(StatusCode, Json<StudioView>)> {
    let repo = st.store.scoped(&me.actor).studios();
    let studio = repo.parse(&input_of(&b)).await?;
    let v = repo
        .create(StudioNew {
            studio,
            node_id: b.node_id,
            leader_id: b.leader_id,
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

/// Changes to a studio; absent fields keep their value, `null` clears an optional one.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct StudioPatch {
    name: Option<String>,
    kind: Option<String>,
    level: Option<String>,
    demonstration: Option<bool>,
    node_id: Option<i64>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    leader_id: Option<Option<i64>>,
    field: Option<String>,
    plaque_on: Option<String>,
    description: Option<String>,
    slug: Option<String>,
    public: Option<bool>,
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
    let or = |v: Option<String>, c: Option<String>| v.or(c);
    let b = StudioBody {
        name: p.name.unwrap_or(cur.name),
        kind: p.kind.unwrap_or(cur.kind),
        level: p.level.unwrap_or(cur.level),
        demonstration: p.demonstration.unwrap_or(cur.demonstration),
        node_id: p.node_id.unwrap_or(cur.node_id),
        leader_id: p.leader_id.unwrap_or(cur.leader_id),
        field: or(p.field, cur.field),
        plaque_on: or(p.plaque_on, cur.plaque_on.map(|d| d.to_string())),
        description: or(p.description, cur.description),
        slug: or(p.slug, cur.slug),
        public: p.public.unwrap_or(cur.public),
    };
    let studio = repo.parse(&input_of(&b)).await?;
    Ok(Json(
        repo.update(
            id,
            StudioNew {
                studio,
                node_id: b.node_id,
                leader_id: b.leader_id,
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
    under: Option<i64>,
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

#[utoipa::path(get, path = "/api/v1/studios/export.xlsx", tag = "studios", params(StudioQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
pub async fn export(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<StudioQuery>,
) -> WebResult<Response> {
    crate::studio::io::export_studios(st.store.scoped(&me.actor), me.ctx.tr(), &q.filter()).await
}

#[utoipa::path(get, path = "/api/v1/studios/members/export.xlsx", tag = "studios", params(StudioQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
pub async fn export_members(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<StudioQuery>,
) -> WebResult<Response> {
    crate::studio::io::export_members(st.store.scoped(&me.actor), me.ctx.tr(), &q.filter()).await
}

#[utoipa::path(get, path = "/api/v1/studios/{id}/transitions", tag = "studios", params(("id" = i64, Path, description = "Id of the studio")),
    responses((status = 200, body = Vec<MoveView>)))]
pub async fn moves(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<Vec<MoveView>>> {
    Ok(Json(st.store.scoped(&me.actor).studios().moves(id).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct MoveBody {
    /// `listed` (挂牌), `demonstration` (示范), `warned` (预警) or `delisted` (摘牌).
    to: String,
    on: String,
    reason: String,
    /// The decision's document number (文号); required for every move but withdrawing an
    /// application.
    document_no: Option<String>,
    /// An evaluation the move follows from.
    evaluation_id: Option<i64>,
}

/// A lifecycle move. A move the table does not allow answers 409 naming the rule.
#[utoipa::path(post, path = "/api/v1/studios/{id}/transitions", tag = "studios", params(("id" = i64, Path, description = "Id of the studio")), request_body = MoveBody,
    responses((status = 201, body = MoveView), (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn transition(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<MoveBody>,
) -> WebResult<(StatusCode, Json<MoveView>)> {
    let input = MoveInput {
        to: b.to,
        on: b.on,
        reason: b.reason,
        document_no: b.document_no.unwrap_or_default(),
        evaluation_id: b.evaluation_id,
    };
    let v = st
        .store
        .scoped(&me.actor)
        .studios()
        .transition(id, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(get, path = "/api/v1/studios/{id}/members", tag = "studios", params(("id" = i64, Path, description = "Id of the studio")),
    responses((status = 200, body = Vec<MemberView>)))]
pub async fn members(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<Vec<MemberView>>> {
    Ok(Json(
        st.store.scoped(&me.actor).studios().members(id).await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct MemberBody {
    /// Ignored on PATCH.
    person_id: Option<i64>,
    /// `core` (核心成员), `member` (成员) or `trainee` (学员).
    role: String,
    joined_on: String,
    left_on: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/studios/{id}/members", tag = "studios", params(("id" = i64, Path, description = "Id of the studio")), request_body = MemberBody,
    responses((status = 201, body = MemberView), (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn add_member(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<MemberBody>,
) -> WebResult<(StatusCode, Json<MemberView>)> {
    let Some(person) = b.person_id else {
        return Err(StorageError::field("person_id", "err.required").into());
    };
    let v = st
        .store
        .scoped(&me.actor)
        .studios()
        .add_member(
            id,
            person,
            &b.role,
            &b.joined_on,
            b.left_on.as_deref().unwrap_or(""),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(patch, path = "/api/v1/studios/{id}/members/{mid}", tag = "studios", params(("id" = i64, Path, description = "Id of the studio"), ("mid" = i64, Path, description = "Id of the member")), request_body = MemberBody,
    responses((status = 200, body = MemberView), (status = 404, body = crate::api::ErrorBody)))]
pub async fn update_member(
    State(st): State<AppState>,
    me: Authed,
    Path((id, mid)): Path<(i64, i64)>,
    ApiJson(b): ApiJson<MemberBody>,
) -> WebResult<Json<MemberView>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studios()
            .update_member(
                id,
                mid,
                &b.role,
                &b.joined_on,
                b.left_on.as_deref().unwrap_or(""),
            )
            .await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/studios/{id}/members/{mid}", tag = "studios", params(("id" = i64, Path, description = "Id of the studio"), ("mid" = i64, Path, description = "Id of the member")),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody)))]
pub async fn remove_member(
    State(st): State<AppState>,
    me: Authed,
    Path((id, mid)): Path<(i64, i64)>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .studios()
        .remove_member(id, mid)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/studios/{id}/photos", tag = "studios", params(("id" = i64, Path, description = "Id of the studio")),
    responses((status = 200, body = Vec<FileView>)))]
pub async fn photos(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<Vec<FileView>>> {
    Ok(Json(st.store.scoped(&me.actor).studios().photos(id).await?))
}

/// Stores a photo of the studio; the first one becomes the studio's photo.
pub(crate) async fn store_photo(
    s: Scoped<'_>,
    id: i64,
    file_name: String,
    bytes: Vec<u8>,
) -> WebResult<FileView> {
    let f = s
        .studio_files()
        .attach(id, "photo", id, &Upload { file_name, bytes })
        .await?;
    if s.studios().get(id).await?.photo_id.is_none() {
        s.studios().set_photo(id, Some(f.id)).await?;
    }
    Ok(f)
}

#[utoipa::path(post, path = "/api/v1/studios/{id}/photos", tag = "studios", params(("id" = i64, Path, description = "Id of the studio")),
    request_body(content_type = "multipart/form-data", description = "`file`: a PNG, JPEG, WebP or GIF image up to 20 MiB"),
    responses((status = 201, body = FileView), (status = 422, body = crate::api::ErrorBody)))]
pub async fn upload_photo(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    mut m: Multipart,
) -> WebResult<(StatusCode, Json<FileView>)> {
    let (name, bytes) = file_part(&mut m).await?;
    let f = store_photo(st.store.scoped(&me.actor), id, name, bytes).await?;
    Ok((StatusCode::CREATED, Json(f)))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PhotoBody {
    /// One of the studio's photos, or null for none.
    file_id: Option<i64>,
}

#[utoipa::path(post, path = "/api/v1/studios/{id}/photo", tag = "studios", params(("id" = i64, Path, description = "Id of the studio")), request_body = PhotoBody,
    responses((status = 200, body = StudioView)))]
pub async fn set_photo(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<PhotoBody>,
) -> WebResult<Json<StudioView>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studios()
            .set_photo(id, b.file_id)
            .await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/studios/files/{fid}", tag = "studios", params(("fid" = i64, Path, description = "Id of the file")),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody)))]
pub async fn delete_file(
    State(st): State<AppState>,
    me: Authed,
    Path(fid): Path<i64>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .studio_files()
        .delete(fid)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/studios/{id}/alliances", tag = "studios", params(("id" = i64, Path, description = "Id of the studio")),
    responses((status = 200, body = Vec<AllianceView>)))]
pub async fn studio_alliances(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<Vec<AllianceView>>> {
    Ok(Json(
        st.store.scoped(&me.actor).alliances().of_studio(id).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/alliances", tag = "studios",
    responses((status = 200, body = Vec<AllianceView>)))]
pub async fn alliances(
    State(st): State<AppState>,
    me: Authed,
) -> WebResult<Json<Vec<AllianceView>>> {
    Ok(Json(st.store.scoped(&me.actor).alliances().list().await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct AllianceBody {
    /// Ignored on PATCH.
    node_id: Option<i64>,
    name: String,
    description: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/alliances", tag = "studios", request_body = AllianceBody,
    responses((status = 201, body = AllianceView), (status = 422, body = crate::api::ErrorBody)))]
pub async fn create_alliance(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(b): ApiJson<AllianceBody>,
) -> WebResult<(StatusCode, Json<AllianceView>)> {
    let Some(node) = b.node_id else {
        return Err(StorageError::field("node_id", "err.required").into());
    };
    let v = st
        .store
        .scoped(&me.actor)
        .alliances()
        .create(node, &b.name, b.description.as_deref().unwrap_or(""))
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(get, path = "/api/v1/alliances/{id}", tag = "studios", params(("id" = i64, Path, description = "Id of the alliance")),
    responses((status = 200, body = AllianceView), (status = 404, body = crate::api::ErrorBody)))]
pub async fn alliance(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<AllianceView>> {
    Ok(Json(st.store.scoped(&me.actor).alliances().get(id).await?))
}

#[utoipa::path(patch, path = "/api/v1/alliances/{id}", tag = "studios", params(("id" = i64, Path, description = "Id of the alliance")), request_body = AllianceBody,
    responses((status = 200, body = AllianceView), (status = 403, body = crate::api::ErrorBody)))]
pub async fn update_alliance(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<AllianceBody>,
) -> WebResult<Json<AllianceView>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .alliances()
            .update(id, &b.name, b.description.as_deref().unwrap_or(""))
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/alliances/{id}/members", tag = "studios", params(("id" = i64, Path, description = "Id of the alliance")),
    responses((status = 200, body = Vec<AllianceMemberView>)))]
pub async fn alliance_members(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<Vec<AllianceMemberView>>> {
    Ok(Json(
        st.store.scoped(&me.actor).alliances().members(id).await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct JoinBody {
    studio_id: i64,
    /// Today when absent.
    joined_on: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/alliances/{id}/members", tag = "studios", params(("id" = i64, Path, description = "Id of the alliance")), request_body = JoinBody,
    responses((status = 201, body = AllianceMemberView), (status = 409, body = crate::api::ErrorBody)))]
pub async fn join_alliance(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<JoinBody>,
) -> WebResult<(StatusCode, Json<AllianceMemberView>)> {
    let v = st
        .store
        .scoped(&me.actor)
        .alliances()
        .join(id, b.studio_id, b.joined_on.as_deref().unwrap_or(""))
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(delete, path = "/api/v1/alliances/{id}/members/{studio_id}", tag = "studios", params(("id" = i64, Path, description = "Id of the alliance"), ("studio_id" = i64, Path, description = "Id of the member")),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody)))]
pub async fn leave_alliance(
    State(st): State<AppState>,
    me: Authed,
    Path((id, studio_id)): Path<(i64, i64)>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .alliances()
        .leave(id, studio_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What the member studios share: achievements, training sessions (methods) and projects
/// marked shared, with their files. Reads across subtrees are audited.
#[utoipa::path(get, path = "/api/v1/alliances/{id}/shared", tag = "studios", params(("id" = i64, Path, description = "Id of the alliance")),
    responses((status = 200, body = Vec<SharedItem>)))]
pub async fn shared(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<Vec<SharedItem>>> {
    Ok(Json(
        st.store.scoped(&me.actor).alliances().shared(id).await?,
    ))
}

/// A studio's public page data; no sign-in. Only studios that opted in are found.
#[utoipa::path(get, path = "/api/v1/public/studios/{slug}", tag = "studios", params(("slug" = String, Path, description = "The studio's public address name")),
    responses((status = 200, body = PublicStudio), (status = 404, body = crate::api::ErrorBody)))]
pub async fn public_studio(
    State(st): State<AppState>,
    Path(slug): Path<String>,
) -> WebResult<Json<PublicStudio>> {
    Ok(Json(st.store.public_studio(&slug).await?))
}
