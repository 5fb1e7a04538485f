//! Studio achievements over the API: a studio's records with their evidence, the list and
//! counts across the caller's scope, and the spreadsheet export, template and import.

use crate::api::{page_request, ApiJson, ApiQuery, PageOf};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::import_answer::AdmittedFile;
use crate::pages::{parse_sort, Selected};
use crate::require::require;
use crate::studio::achievement_io;
use crate::upload_guard::{file_part, IMPORT_LIMIT};
use crate::AppState;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{delete, get, post};
use axum::Json;
use serde::Deserialize;
use touyan_domain::access::Permission;
use touyan_domain::studio::achievement::{AchievementInput, AchievementPatch};
use touyan_storage::kit::files::Upload;
use touyan_storage::kit::today;
use touyan_storage::studio::achievement::{
    input_of, AchievementCounts, AchievementFilter, AchievementView,
};
use touyan_storage::studio::FileView;
use utoipa::OpenApi;

pub fn routes() -> crate::routes::Routes {
    let write = || require(Permission::StudioWrite);
    crate::routes::Routes::new()
        .route(
            "/v1/studios/{id}/achievements",
            post(create).route_layer(write()).get(list_in_studio),
        )
        .route(
            "/v1/studios/{id}/achievements/{aid}",
            axum::routing::patch(update)
                .delete(remove)
                .route_layer(write())
                .get(get_one),
        )
        .route(
            "/v1/studios/{id}/achievements/{aid}/evidence",
            post(add_evidence)
                .layer(DefaultBodyLimit::max(IMPORT_LIMIT))
                .route_layer(write()),
        )
        .route(
            "/v1/studios/{id}/achievements/{aid}/evidence/{fid}",
            delete(remove_evidence).route_layer(write()),
        )
        .route("/v1/achievements", get(list))
        .route("/v1/achievements/counts", get(counts))
        .route("/v1/achievements/export.xlsx", get(export))
        .route("/v1/achievements/import-template.xlsx", get(template))
        .route(
            "/v1/achievements/import",
            post(import)
                .layer(DefaultBodyLimit::max(IMPORT_LIMIT))
                .route_layer(write()),
        )
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AchievementQuery {
    /// Studios hosted in this subtree.
    under: Option<i64>,
    /// A studio.
    studio: Option<i64>,
    /// An achievement kind code.
    kind: Option<String>,
    year: Option<i32>,
    /// Part of the title.
    q: Option<String>,
    /// Achievements naming this person.
    person: Option<i64>,
    page: Option<i64>,
    per_page: Option<i64>,
    /// The order: `achieved_on` (the default, latest first), `title`, `kind` (in the kinds'
    /// own order) or `studio` (by name). Another key answers 400.
    sort: Option<String>,
    /// `asc` or `desc`; a chosen key runs ascending unless told otherwise.
    dir: Option<String>,
}

impl AchievementQuery {
    pub(crate) fn filter(&self) -> WebResult<AchievementFilter> {
        Ok(AchievementFilter {
            studio: self.studio,
            under: self.under,
            kind: self.kind.clone(),
            year: self.year,
            q: self.q.clone(),
            person: self.person,
            ids: None,
            sort: parse_sort(&self.sort, &self.dir)?,
        })
    }
}

/// Achievements of the studios the caller reads.
#[utoipa::path(get, path = "/api/v1/achievements", tag = "studios", params(AchievementQuery),
    responses((status = 200, body = PageOf<AchievementView>), (status = 400, body = crate::api::ErrorBody), (status = 404, body = crate::api::ErrorBody)))]
pub async fn list(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<AchievementQuery>,
) -> WebResult<Json<PageOf<AchievementView>>> {
    let page = page_request(q.page, q.per_page)?;
    let p = st
        .store
        .scoped(&me.actor)
        .studio_achievements()
        .list(&q.filter()?, page)
        .await?;
    Ok(Json(p.into()))
}

/// One studio's achievements; 404 when the studio is out of scope.
#[utoipa::path(get, path = "/api/v1/studios/{id}/achievements", tag = "studios", params(("id" = i64, Path, description = "Id of the studio"), AchievementQuery),
    responses((status = 200, body = PageOf<AchievementView>), (status = 400, body = crate::api::ErrorBody), (status = 404, body = crate::api::ErrorBody)))]
pub async fn list_in_studio(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiQuery(mut q): ApiQuery<AchievementQuery>,
) -> WebResult<Json<PageOf<AchievementView>>> {
    let page = page_request(q.page, q.per_page)?;
    q.studio = Some(id);
    q.under = None;
    let p = st
        .store
        .scoped(&me.actor)
        .studio_achievements()
        .list(&q.filter()?, page)
        .await?;
    Ok(Json(p.into()))
}

#[utoipa::path(post, path = "/api/v1/studios/{id}/achievements", tag = "studios", params(("id" = i64, Path, description = "Id of the studio")), request_body = AchievementPatch,
    responses((status = 201, body = AchievementView), (status = 404, body = crate::api::ErrorBody),
        (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn create(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<AchievementPatch>,
) -> WebResult<(StatusCode, Json<AchievementView>)> {
    let base = AchievementInput {
        public: true,
        ..Default::default()
    };
    let (input, contributors) = b.over(base);
    let a = input.parse(today())?;
    let v = st
        .store
        .scoped(&me.actor)
        .studio_achievements()
        .create(id, a, contributors.unwrap_or_default(), vec![])
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(get, path = "/api/v1/studios/{id}/achievements/{aid}", tag = "studios", params(("id" = i64, Path, description = "Id of the studio"), ("aid" = i64, Path, description = "Id of the achievement")),
    responses((status = 200, body = AchievementView), (status = 404, body = crate::api::ErrorBody)))]
pub async fn get_one(
    State(st): State<AppState>,
    me: Authed,
    Path((id, aid)): Path<(i64, i64)>,
) -> WebResult<Json<AchievementView>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_achievements()
            .get(id, aid)
            .await?,
    ))
}

#[utoipa::path(patch, path = "/api/v1/studios/{id}/achievements/{aid}", tag = "studios", params(("id" = i64, Path, description = "Id of the studio"), ("aid" = i64, Path, description = "Id of the achievement")), request_body = AchievementPatch,
    responses((status = 200, body = AchievementView), (status = 404, body = crate::api::ErrorBody),
        (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn update(
    State(st): State<AppState>,
    me: Authed,
    Path((id, aid)): Path<(i64, i64)>,
    ApiJson(b): ApiJson<AchievementPatch>,
) -> WebResult<Json<AchievementView>> {
    let repo = st.store.scoped(&me.actor).studio_achievements();
    let current = repo.get(id, aid).await?;
    let (input, contributors) = b.over(input_of(&current));
    let a = input.parse(today())?;
    Ok(Json(repo.update(id, aid, a, contributors, vec![]).await?))
}

#[utoipa::path(delete, path = "/api/v1/studios/{id}/achievements/{aid}", tag = "studios", params(("id" = i64, Path, description = "Id of the studio"), ("aid" = i64, Path, description = "Id of the achievement")),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody)))]
pub async fn remove(
    State(st): State<AppState>,
    me: Authed,
    Path((id, aid)): Path<(i64, i64)>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .studio_achievements()
        .delete(id, aid)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Attaches an evidence file (pdf, image, docx, xlsx, pptx or txt; at most 20 MiB),
/// downloaded afterwards at `/studios/files/{id}`.
#[utoipa::path(post, path = "/api/v1/studios/{id}/achievements/{aid}/evidence", tag = "studios", params(("id" = i64, Path, description = "Id of the studio"), ("aid" = i64, Path, description = "Id of the achievement")),
    request_body(content_type = "multipart/form-data", description = "`file`: the evidence"),
    responses((status = 201, body = FileView), (status = 404, body = crate::api::ErrorBody),
        (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn add_evidence(
    State(st): State<AppState>,
    me: Authed,
    Path((id, aid)): Path<(i64, i64)>,
    mut m: Multipart,
) -> WebResult<(StatusCode, Json<FileView>)> {
    let (file_name, bytes) = file_part(&mut m).await?;
    let f = st
        .store
        .scoped(&me.actor)
        .studio_achievements()
        .add_evidence(id, aid, &Upload { file_name, bytes })
        .await?;
    Ok((StatusCode::CREATED, Json(f)))
}

#[utoipa::path(delete, path = "/api/v1/studios/{id}/achievements/{aid}/evidence/{fid}", tag = "studios", params(("id" = i64, Path, description = "Id of the studio"), ("aid" = i64, Path, description = "Id of the achievement"), ("fid" = i64, Path, description = "Id of the evidence file")),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody)))]
pub async fn remove_evidence(
    State(st): State<AppState>,
    me: Authed,
    Path((id, aid, fid)): Path<(i64, i64, i64)>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .studio_achievements()
        .remove_evidence(id, aid, fid)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CountsQuery {
    /// A node in scope; the caller's whole scope when absent.
    under: Option<i64>,
    /// One studio.
    studio: Option<i64>,
}

/// Achievements by kind, year and studio ("申报各级各类创新成果、发明专利百余项" [002]).
#[utoipa::path(get, path = "/api/v1/achievements/counts", tag = "studios", params(CountsQuery),
    responses((status = 200, body = AchievementCounts), (status = 404, body = crate::api::ErrorBody)))]
pub async fn counts(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<CountsQuery>,
) -> WebResult<Json<AchievementCounts>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_achievements()
            .counts(q.under, q.studio)
            .await?,
    ))
}

/// The achievements the list would show, in its order, as .xlsx with the import template's
/// columns; `ids` limits it to ticked rows.
#[utoipa::path(get, path = "/api/v1/achievements/export.xlsx", tag = "studios", params(AchievementQuery, Selected),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
              (status = 400, body = crate::api::ErrorBody)))]
pub async fn export(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<AchievementQuery>,
    picked: Selected,
) -> WebResult<Response> {
    let f = AchievementFilter {
        ids: picked.ids,
        ..q.filter()?
    };
    achievement_io::export(&st.store.scoped(&me.actor), me.ctx.tr(), &f).await
}

/// A blank import file with dropdowns for the studio, kind and level.
#[utoipa::path(get, path = "/api/v1/achievements/import-template.xlsx", tag = "studios",
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
pub async fn template(State(st): State<AppState>, me: Authed) -> WebResult<Response> {
    achievement_io::template(&st.store.scoped(&me.actor), me.ctx.tr()).await
}

/// All or nothing: 200 with the count, or 422 with every bad cell (sheet, row, column,
/// value, reason) and a link to the file with those cells marked.
#[utoipa::path(post, path = "/api/v1/achievements/import", tag = "studios",
    request_body(content_type = "multipart/form-data", description = "`file`: an .xlsx filled from the template"),
    responses((status = 200, body = crate::import_answer::ImportDone), (status = 400, body = crate::api::ErrorBody), (status = 403, body = crate::api::ErrorBody), (status = 413, body = crate::api::ErrorBody), (status = 422, body = crate::import_answer::ImportUnprocessable), (status = 429, body = crate::api::ErrorBody)))]
pub async fn import(
    State(st): State<AppState>,
    me: Authed,
    up: AdmittedFile,
) -> WebResult<Response> {
    let tr = me.ctx.tr();
    let imported =
        achievement_io::import(&st.store.scoped(&me.actor), tr, &up.name, up.bytes.into()).await?;
    Ok(crate::import_answer::api_answer(tr, imported))
}

#[derive(OpenApi)]
#[openapi(paths(
    list,
    list_in_studio,
    create,
    get_one,
    update,
    remove,
    add_evidence,
    remove_evidence,
    counts,
    export,
    template,
    import
))]
pub struct Doc;
