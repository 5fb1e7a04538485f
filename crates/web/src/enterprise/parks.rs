//! Park profiles (园区台账) over the API: the parks overview of a node with its summary
//! (parks, key parks, parks with a party organization, parks fully covered by level,
//! enterprises with their own organization), a park's profile read, recorded, replaced and
//! removed, and the overview as .xlsx. The pages are in `parks_pages`.

use crate::api::{page_request, ApiJson, ApiQuery};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::i18n::Tr;
use crate::require::require;
use crate::xlsx::{self, Cell};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Json;
use serde::{Deserialize, Serialize};
use touyan_domain::access::Permission;
use touyan_domain::enterprise::parks::ParkInput;
use touyan_storage::enterprise::{
    ParkFilter, ParkLevelLine, ParkProfileView, ParkSummary, ParkView, ParksOverview,
};
use touyan_storage::Scoped;
use utoipa::OpenApi;

pub fn api_routes() -> crate::routes::Routes {
    let write = || require(Permission::EnterpriseWrite);
    crate::routes::Routes::new()
        .route("/v1/parks", get(list))
        .route("/v1/parks/export.xlsx", get(export))
        .route(
            "/v1/parks/{node_id}/profile",
            get(profile).merge(axum::routing::put(save).delete(remove).route_layer(write())),
        )
}

#[derive(OpenApi)]
#[openapi(
    paths(list, export, profile, save, remove),
    components(schemas(ParksPage, ParkView, ParkSummary, ParkLevelLine, ParkProfileView)),
    tags((name = "parks", description = "Park profiles (园区台账): on each node of kind 开发区/园区 its level (national, provincial, municipal, district), whether it is a key park (重点园区), its operator, address and area, and its party organization when the party line files it elsewhere (`committee`, a party committee, general branch or branch the caller reads); and the parks overview of a node: each park with its party organization (one filed directly at the park node, or the one its profile names) and the coverage of the operating enterprises whose nearest park it is, summed from their marks, a park being fully covered (全覆盖) when every one of them has its own organization or a joint or incubation cover. Read with `enterprise.read`, changed with `enterprise.write` over the park's node.")),
)]
pub struct Doc;

pub fn doc() -> utoipa::openapi::OpenApi {
    Doc::openapi()
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ParkQuery {
    /// Parks in this subtree; the caller's whole scope when absent.
    under: Option<i64>,
    /// `national`, `provincial`, `municipal` or `district`.
    level: Option<String>,
    /// Only key parks (true) or only the others (false).
    key: Option<bool>,
    /// Only parks with a party organization filed at them (true) or without (false).
    has_organization: Option<bool>,
    /// Only parks where every operating enterprise has its own organization or a cover
    /// (true), or the others (false).
    fully_covered: Option<bool>,
    page: Option<i64>,
    per_page: Option<i64>,
}

impl ParkQuery {
    fn filter(&self) -> ParkFilter {
        ParkFilter {
            under: self.under,
            level: self.level.clone(),
            key: self.key,
            has_organization: self.has_organization,
            fully_covered: self.fully_covered,
        }
    }
}

/// One page of parks, with the summary of every park the filters keep.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ParksPage {
    pub items: Vec<ParkView>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
    pub summary: ParkSummary,
}

impl From<ParksOverview> for ParksPage {
    fn from(o: ParksOverview) -> Self {
        ParksPage {
            items: o.page.items,
            total: o.page.total,
            page: o.page.page,
            per_page: o.page.per_page,
            summary: o.summary,
        }
    }
}

/// The parks under a node with their level, key flag, party organization and enterprise
/// coverage; the summary counts every park the filters keep.
#[utoipa::path(get, path = "/api/v1/parks", tag = "parks", params(ParkQuery),
    responses((status = 200, body = ParksPage), (status = 404, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn list(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<ParkQuery>,
) -> WebResult<Json<ParksPage>> {
    let page = page_request(q.page, q.per_page)?;
    let s = st.store.scoped(&me.actor);
    Ok(Json(s.enterprises().parks(&q.filter(), page).await?.into()))
}

/// A park's profile; `recorded` is false while none has been recorded.
#[utoipa::path(get, path = "/api/v1/parks/{node_id}/profile", tag = "parks",
    params(("node_id" = i64, Path, description = "The park's node (of kind 开发区/园区)")),
    responses((status = 200, body = ParkProfileView), (status = 404, body = crate::api::ErrorBody)))]
pub async fn profile(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<ParkProfileView>> {
    let s = st.store.scoped(&me.actor);
    Ok(Json(s.enterprises().park_profile(id).await?))
}

/// Records a park's profile, or replaces the one it has.
#[utoipa::path(put, path = "/api/v1/parks/{node_id}/profile", tag = "parks",
    params(("node_id" = i64, Path, description = "The park's node (of kind 开发区/园区)")),
    request_body = ParkInput,
    responses((status = 200, body = ParkProfileView), (status = 404, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn save(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ParkInput>,
) -> WebResult<Json<ParkProfileView>> {
    let s = st.store.scoped(&me.actor);
    // The park first: a caller who may not see it learns nothing from its body's errors.
    s.enterprises().park_profile(id).await?;
    let p = input.parse()?;
    Ok(Json(s.enterprises().save_park(id, p).await?))
}

/// Removes a park's profile; the node stays.
#[utoipa::path(delete, path = "/api/v1/parks/{node_id}/profile", tag = "parks",
    params(("node_id" = i64, Path, description = "The park's node")),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody)))]
pub async fn remove(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .enterprises()
        .delete_park(id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A rate as the sheet and the pages show it.
pub(super) fn rate_cell(r: Option<f64>) -> Cell {
    r.map(|v| format!("{v:.1}%")).into()
}

/// The parks the filters keep as .xlsx (audited).
#[utoipa::path(get, path = "/api/v1/parks/export.xlsx", tag = "parks", params(ParkQuery),
    responses((status = 200, description = "The parks as .xlsx", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn export(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<ParkQuery>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    export_parks(&s, me.ctx.tr(), &q.filter()).await
}

pub(super) async fn export_parks(s: &Scoped<'_>, tr: Tr, f: &ParkFilter) -> WebResult<Response> {
    let (_, parks) = s.enterprises().parks_all(f).await?;
    let detail = serde_json::json!({"rows": parks.len()});
    s.audit()
        .note(
            "export",
            "park_profile",
            Permission::EnterpriseRead,
            f.under,
            Some(detail),
        )
        .await?;
    let yes_no = |b: bool| -> Cell { tr.t(if b { "park.yes" } else { "park.no" }).into() };
    let data = parks
        .iter()
        .map(|p| {
            vec![
                p.name.as_str().into(),
                tr.t(&level_key(&p.level)).into(),
                yes_no(p.key),
                p.operator.clone().into(),
                yes_no(p.has_organization),
                Cell::Int(p.enterprises as i64),
                Cell::Int(p.own as i64),
                Cell::Int(p.covered as i64),
                rate_cell(p.organization_rate),
                yes_no(p.fully_covered),
            ]
        })
        .collect();
    let h = [
        "park.col.name",
        "park.col.level",
        "park.col.key",
        "park.col.operator",
        "park.col.organization",
        "park.enterprises",
        "park.own",
        "park.covered",
        "park.organization_rate",
        "park.col.fully_covered",
    ];
    xlsx::download_keys(tr, "parks.xlsx", "park.sheet", &h, data)
}

/// The translation key of a level (`park.level.none` when no profile is recorded).
pub(super) fn level_key(level: &Option<String>) -> String {
    match level.as_deref() {
        Some(l) if !l.is_empty() => format!("park.level.{l}"),
        _ => "park.level.none".to_string(),
    }
}
