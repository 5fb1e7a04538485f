use crate::api::{page_request, ApiJson, ApiQuery, PageOf};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::require::require;
use crate::xlsx::{self, Cell, EXPORT_CAP};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Json;
use serde::{Deserialize, Serialize};
use touyan_domain::access::Permission;
use touyan_domain::dict::KindDraft;
use touyan_domain::org::{KindInput, NodeDraftText, NodeInput, NodeMoveInput, NodePatch};
use touyan_storage::org::{OrgCounts, OrgFilter, OrgKind, OrgNode};

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route(
            "/v1/org-kinds",
            post(create_kind)
                .route_layer(require(Permission::DictManage))
                .get(kinds),
        )
        .route(
            "/v1/org-kinds/{code}",
            axum::routing::patch(update_kind)
                .delete(delete_kind)
                .route_layer(require(Permission::DictManage)),
        )
        .route(
            "/v1/orgs",
            post(create)
                .route_layer(require(Permission::OrgWrite))
                .get(list),
        )
        .route("/v1/org-kind-rules", get(kind_rules))
        .route("/v1/orgs/export.xlsx", get(export))
        .route(
            "/v1/orgs/{id}",
            axum::routing::patch(update)
                .delete(delete)
                .route_layer(require(Permission::OrgWrite))
                .get(get_one),
        )
        .route(
            "/v1/orgs/{id}/move",
            post(move_node).route_layer(require(Permission::OrgWrite)),
        )
        .route("/v1/orgs/{id}/children", get(children))
        .route("/v1/orgs/{id}/counts", get(counts))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrgQuery {
    /// Direct children of this node.
    parent: Option<i64>,
    /// Anywhere in this node's subtree (itself included).
    under: Option<i64>,
    /// Kind code.
    kind: Option<String>,
    /// Part of the name or code.
    q: Option<String>,
    /// `active` or `disabled`.
    status: Option<String>,
    page: Option<i64>,
    per_page: Option<i64>,
}

impl OrgQuery {
    fn filter(&self) -> OrgFilter {
        OrgFilter {
            parent: self.parent,
            under: self.under,
            kind: self.kind.clone(),
            q: self.q.clone(),
            status: self.status.clone(),
        }
    }
}

/// Organization kinds (the dictionary): `{code, name}` with the Chinese name.
#[utoipa::path(get, path = "/api/v1/org-kinds", tag = "orgs", responses((status = 200, body = [OrgKind])))]
pub async fn kinds(State(st): State<AppState>, me: Authed) -> WebResult<Json<Vec<OrgKind>>> {
    Ok(Json(st.store.scoped(&me.actor).orgs().kinds().await?))
}

/// Nodes in the caller's subtrees.
#[utoipa::path(get, path = "/api/v1/orgs", tag = "orgs", params(OrgQuery), responses((status = 200, body = PageOf<OrgNode>)))]
pub async fn list(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<OrgQuery>,
) -> WebResult<Json<PageOf<OrgNode>>> {
    let page = page_request(q.page, q.per_page)?;
    let p = st
        .store
        .scoped(&me.actor)
        .orgs()
        .list(&q.filter(), page)
        .await?;
    Ok(Json(p.into()))
}

/// Creates a node.
#[utoipa::path(post, path = "/api/v1/orgs", tag = "orgs", request_body = NodeInput,
    responses((status = 201, body = OrgNode), (status = 422, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody)))]
pub async fn create(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(b): ApiJson<NodeInput>,
) -> WebResult<(StatusCode, Json<OrgNode>)> {
    let orgs = st.store.scoped(&me.actor).orgs();
    let kinds: Vec<String> = orgs.kinds().await?.into_iter().map(|k| k.code).collect();
    let draft = b.draft(&kinds)?;
    Ok((
        StatusCode::CREATED,
        Json(orgs.create(b.parent_id, draft).await?),
    ))
}

/// One node.
#[utoipa::path(get, path = "/api/v1/orgs/{id}", tag = "orgs", params(("id" = i64, Path, description = "Id of the organization node")), responses((status = 200, body = OrgNode), (status = 404, body = crate::api::ErrorBody)))]
pub async fn get_one(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<OrgNode>> {
    Ok(Json(st.store.scoped(&me.actor).orgs().get(id).await?))
}

/// Renames, re-kinds, re-orders, enables or disables a node.
#[utoipa::path(patch, path = "/api/v1/orgs/{id}", tag = "orgs", params(("id" = i64, Path, description = "Id of the organization node")), request_body = NodePatch,
    responses((status = 200, body = OrgNode), (status = 403, body = crate::api::ErrorBody), (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn update(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<NodePatch>,
) -> WebResult<Json<OrgNode>> {
    let orgs = st.store.scoped(&me.actor).orgs();
    let cur = orgs.get(id).await?;
    let kinds: Vec<String> = orgs.kinds().await?.into_iter().map(|k| k.code).collect();
    let now = NodeDraftText {
        name: &cur.name,
        kind: &cur.kind,
        code: cur.code.as_deref(),
        sort_order: cur.sort_order as i64,
    };
    let (draft, status) = b.over(now, &kinds)?;
    Ok(Json(orgs.update(id, draft, status).await?))
}

/// Deletes a node with no children and nothing attached.
#[utoipa::path(delete, path = "/api/v1/orgs/{id}", tag = "orgs", params(("id" = i64, Path, description = "Id of the organization node")), responses((status = 204), (status = 404, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody)))]
pub async fn delete(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<StatusCode> {
    st.store.scoped(&me.actor).orgs().delete(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Moves a node with its whole subtree.
#[utoipa::path(post, path = "/api/v1/orgs/{id}/move", tag = "orgs", params(("id" = i64, Path, description = "Id of the organization node")), request_body = NodeMoveInput,
    responses((status = 200, body = OrgNode), (status = 404, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn move_node(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<NodeMoveInput>,
) -> WebResult<Json<OrgNode>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .orgs()
            .move_to(id, b.parent_id)
            .await?,
    ))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TreeChild {
    #[serde(flatten)]
    node: OrgNode,
    has_children: bool,
}

/// Children of a node, each flagged when it has children (for lazy trees).
#[utoipa::path(get, path = "/api/v1/orgs/{id}/children", tag = "orgs", params(("id" = i64, Path, description = "Id of the organization node")), responses((status = 200, body = [TreeChild])))]
pub async fn children(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<Vec<TreeChild>>> {
    let items = st.store.scoped(&me.actor).orgs().children(id).await?;
    Ok(Json(
        items
            .into_iter()
            .map(|t| TreeChild {
                node: t.node,
                has_children: t.has_children,
            })
            .collect(),
    ))
}

/// Counts of nodes by kind under a node.
#[utoipa::path(get, path = "/api/v1/orgs/{id}/counts", tag = "orgs", params(("id" = i64, Path, description = "Id of the organization node")), responses((status = 200, body = OrgCounts)))]
pub async fn counts(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<OrgCounts>> {
    Ok(Json(
        st.store.scoped(&me.actor).orgs().counts(Some(id)).await?,
    ))
}

/// The filtered list as .xlsx (at most 100 000 rows).
#[utoipa::path(get, path = "/api/v1/orgs/export.xlsx", tag = "orgs", params(OrgQuery), responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
pub async fn export(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<OrgQuery>,
) -> WebResult<Response> {
    export_orgs(&st, &me, &q.filter()).await
}

pub(crate) async fn export_orgs(st: &AppState, me: &Authed, f: &OrgFilter) -> WebResult<Response> {
    let tr = me.ctx.tr();
    let s = st.store.scoped(&me.actor);
    let rows = s.orgs().all(f, EXPORT_CAP).await?;
    let kinds = s.orgs().kinds().await?;
    let parent_ids: Vec<i64> = rows.iter().filter_map(|r| r.parent_id).collect();
    let parents = s.orgs().names(&parent_ids).await?;
    let kind_name = |c: &str| {
        kinds
            .iter()
            .find(|k| k.code == c)
            .map(|k| {
                if tr.lang == crate::i18n::Lang::En {
                    k.name_en.clone()
                } else {
                    k.name.clone()
                }
            })
            .unwrap_or_else(|| c.to_string())
    };
    let data = rows
        .iter()
        .map(|n| {
            vec![
                Cell::Int(n.id),
                n.name.as_str().into(),
                kind_name(&n.kind).into(),
                n.code.clone().into(),
                n.parent_id.and_then(|p| parents.get(&p).cloned()).into(),
                Cell::Int(n.depth as i64),
                Cell::Int(n.sort_order as i64),
                tr.t(&format!("status.{}", n.status)).into(),
                xlsx::fmt_ms(n.updated_at).into(),
            ]
        })
        .collect();
    s.audit()
        .note(
            "export",
            "org_node",
            Permission::OrgRead,
            f.under,
            Some(serde_json::json!({"rows": rows.len()})),
        )
        .await?;
    let h = [
        "col.id",
        "col.name",
        "col.kind",
        "col.code",
        "col.parent",
        "col.depth",
        "col.sort_order",
        "col.status",
        "col.updated_at",
    ];
    xlsx::download_keys(tr, "orgs.xlsx", "sheet.orgs", &h, data)
}

/// One allowed pair: a node of kind `child` may sit directly under one of kind `parent`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct KindRule {
    parent: String,
    child: String,
}

/// Which kind may sit directly under which. A top-level organization may be of any kind.
#[utoipa::path(get, path = "/api/v1/org-kind-rules", tag = "orgs", responses((status = 200, body = [KindRule])))]
pub async fn kind_rules(State(st): State<AppState>, me: Authed) -> WebResult<Json<Vec<KindRule>>> {
    let kinds = st.store.scoped(&me.actor).orgs().kinds().await?;
    Ok(Json(
        kinds
            .into_iter()
            .flat_map(|k| {
                let parent = k.code;
                k.children.into_iter().map(move |child| KindRule {
                    parent: parent.clone(),
                    child,
                })
            })
            .collect(),
    ))
}

/// Adds a kind to the dictionary (needs `dict.manage`).
#[utoipa::path(post, path = "/api/v1/org-kinds", tag = "orgs", request_body = KindInput,
    responses((status = 201, body = OrgKind), (status = 403, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn create_kind(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(b): ApiJson<KindInput>,
) -> WebResult<(StatusCode, Json<OrgKind>)> {
    let d = KindDraft::parse(
        b.code.as_deref().unwrap_or(""),
        &b.name,
        &b.name_en,
        b.sort_order,
    )?;
    Ok((
        StatusCode::CREATED,
        Json(
            st.store
                .scoped(&me.actor)
                .dict()
                .create_kind(d, b.links())
                .await?,
        ),
    ))
}

/// Renames or re-orders a kind, and sets which kinds it may sit under and hold.
#[utoipa::path(patch, path = "/api/v1/org-kinds/{code}", tag = "orgs", params(("code" = String, Path, description = "Code of the organization kind")), request_body = KindInput,
    responses((status = 200, body = OrgKind), (status = 403, body = crate::api::ErrorBody), (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn update_kind(
    State(st): State<AppState>,
    me: Authed,
    Path(code): Path<String>,
    ApiJson(b): ApiJson<KindInput>,
) -> WebResult<Json<OrgKind>> {
    let d = KindDraft::parse(&code, &b.name, &b.name_en, b.sort_order)?;
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .dict()
            .update_kind(&code, d, b.links())
            .await?,
    ))
}

/// Removes a kind that is neither built in nor in use.
#[utoipa::path(delete, path = "/api/v1/org-kinds/{code}", tag = "orgs", params(("code" = String, Path, description = "Code of the organization kind")), responses((status = 204), (status = 403, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody)))]
pub async fn delete_kind(
    State(st): State<AppState>,
    me: Authed,
    Path(code): Path<String>,
) -> WebResult<StatusCode> {
    st.store.scoped(&me.actor).dict().delete_kind(&code).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The organization tree's paths in the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    list,
    create,
    get_one,
    update,
    delete,
    move_node,
    export,
    kinds,
    create_kind,
    update_kind,
    delete_kind,
    kind_rules,
    children,
    counts
))]
pub struct Doc;

/// The area's part of the OpenAPI document.
pub fn doc() -> utoipa::openapi::OpenApi {
    <Doc as utoipa::OpenApi>::openapi()
}
