//! What ties enterprises to others, over the API: the party organization linked to each
//! (its own elsewhere, a joint or incubation branch), instructors sent to it, the
//! industrial-chain committees and their members, guidance teams, incubation branches.

use crate::api::{ApiJson, ApiQuery};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::require::require;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::Json;
use serde::Deserialize;
use touyan_domain::access::Permission;
use touyan_domain::enterprise::links::{LinkInput, TeamMemberInput, TieInput};
use touyan_domain::fields::parse_date;
use touyan_storage::enterprise::{
    AssignmentView, ChainMemberView, ChainView, IncubatorView, InstructorView, LinkView,
    TeamMemberView, TeamView,
};
use touyan_storage::kit::today;
use utoipa::OpenApi;

pub fn routes() -> crate::routes::Routes {
    let write = || require(Permission::EnterpriseWrite);
    crate::routes::Routes::new()
        .route(
            "/v1/enterprises/{node_id}/links",
            get(links).merge(post(set_link).route_layer(write())),
        )
        .route(
            "/v1/enterprises/{node_id}/links/end",
            post(end_link).route_layer(write()),
        )
        .route(
            "/v1/enterprises/{node_id}/instructors",
            get(instructors_of).merge(post(assign).route_layer(write())),
        )
        .route(
            "/v1/enterprises/{node_id}/instructors/{aid}/end",
            post(end_assignment).route_layer(write()),
        )
        .route("/v1/instructors", get(instructors))
        .route("/v1/incubators", get(incubators))
        .route("/v1/joint-branches", get(joint_branches))
        .route("/v1/chains", get(chains))
        .route("/v1/chains/{node_id}", get(chain))
        .route(
            "/v1/chains/{node_id}/members",
            get(chain_members).merge(post(join_chain).route_layer(write())),
        )
        .route(
            "/v1/chains/{node_id}/members/{mid}",
            delete(leave_chain).route_layer(write()),
        )
        .route(
            "/v1/guidance-teams",
            get(teams).merge(post(create_team).route_layer(write())),
        )
        .route(
            "/v1/guidance-teams/{id}",
            get(team).merge(delete(delete_team).route_layer(write())),
        )
        .route(
            "/v1/guidance-teams/{id}/members",
            post(add_member).route_layer(write()),
        )
        .route(
            "/v1/guidance-teams/{id}/members/{mid}",
            delete(remove_member).route_layer(write()),
        )
}

#[derive(OpenApi)]
#[openapi(
    paths(links, set_link, end_link, instructors_of, assign, end_assignment, instructors,
        incubators, joint_branches, chains, chain, chain_members, join_chain, leave_chain, teams, create_team,
        team, delete_team, add_member, remove_member),
    components(schemas(LinkView, AssignmentView, InstructorView, IncubatorView, ChainView,
        ChainMemberView, TeamView, TeamMemberView, EndBody, TeamBody)),
    tags(
        (name = "chains", description = "Industrial-chain party committees (一链一党委): a committee's node links member enterprises across parks. Those who read the committee's node with `enterprise.read` see the profiles and coverage of its current members (never their people); each such read outside their own subtree is audited. Members are added by those who may change both the committee and the enterprise."),
        (name = "instructors", description = "Party-building instructors (党建工作指导员) sent to enterprises, with their visits and the problems solved (from the visits recorded); guidance teams (指导团) with members by rank; the enterprises without an instructor are `/api/v1/enterprises?without_instructor=true`."),
    ),
)]
pub struct Doc;

pub fn doc() -> utoipa::openapi::OpenApi {
    Doc::openapi()
}

/// The day a tie ends; today when blank.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct EndBody {
    #[serde(default, deserialize_with = "touyan_domain::input::text")]
    #[schema(value_type = Option<String>)]
    until_on: String,
}

impl EndBody {
    fn day(&self) -> Result<Option<chrono::NaiveDate>, touyan_domain::DomainError> {
        parse_date("until_on", &self.until_on)
    }
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct TeamBody {
    /// The node the team is formed at.
    node_id: i64,
    name: String,
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnderQuery {
    /// Only under this node; the caller's whole scope when absent.
    under: Option<i64>,
}

/// The party organizations tied to an enterprise, the current one first.
#[utoipa::path(get, path = "/api/v1/enterprises/{node_id}/links", tag = "enterprises",
    params(("node_id" = i64, Path, description = "The enterprise's node")),
    responses((status = 200, body = [LinkView]), (status = 404, body = crate::api::ErrorBody)))]
pub async fn links(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<Vec<LinkView>>> {
    Ok(Json(
        st.store.scoped(&me.actor).enterprises().links(id).await?,
    ))
}

/// Ties the enterprise to a party organization from a day on; the tie it had ends that day
/// (leaving an incubation branch for an organization of its own counts as incubated).
#[utoipa::path(post, path = "/api/v1/enterprises/{node_id}/links", tag = "enterprises",
    params(("node_id" = i64, Path, description = "The enterprise's node")),
    request_body = LinkInput,
    responses((status = 201, body = LinkView), (status = 404, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn set_link(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<LinkInput>,
) -> WebResult<(StatusCode, Json<LinkView>)> {
    let link = input.parse(today())?;
    let v = st
        .store
        .scoped(&me.actor)
        .enterprises()
        .set_link(id, link)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

/// Ends the enterprise's current tie to a party organization.
#[utoipa::path(post, path = "/api/v1/enterprises/{node_id}/links/end", tag = "enterprises",
    params(("node_id" = i64, Path, description = "The enterprise's node")),
    request_body = EndBody,
    responses((status = 204), (status = 404, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn end_link(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<EndBody>,
) -> WebResult<StatusCode> {
    let on = input.day()?.unwrap_or_else(today);
    st.store
        .scoped(&me.actor)
        .enterprises()
        .end_link(id, on)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/enterprises/{node_id}/instructors", tag = "instructors",
    params(("node_id" = i64, Path, description = "The enterprise's node")),
    responses((status = 200, body = [AssignmentView]), (status = 404, body = crate::api::ErrorBody)))]
pub async fn instructors_of(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<Vec<AssignmentView>>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .enterprises()
            .instructors_of(id)
            .await?,
    ))
}

/// Sends a person (`id`) to the enterprise as its instructor from a day on.
#[utoipa::path(post, path = "/api/v1/enterprises/{node_id}/instructors", tag = "instructors",
    params(("node_id" = i64, Path, description = "The enterprise's node")),
    request_body = TieInput,
    responses((status = 201, body = AssignmentView), (status = 404, body = crate::api::ErrorBody),
    (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn assign(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<TieInput>,
) -> WebResult<(StatusCode, Json<AssignmentView>)> {
    let tie = input.parse(today())?;
    let v = st
        .store
        .scoped(&me.actor)
        .enterprises()
        .assign(id, tie)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(post, path = "/api/v1/enterprises/{node_id}/instructors/{aid}/end", tag = "instructors",
    params(("node_id" = i64, Path, description = "The enterprise's node"), ("aid" = i64, Path, description = "The assignment")),
    request_body = EndBody,
    responses((status = 204), (status = 404, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn end_assignment(
    State(st): State<AppState>,
    me: Authed,
    Path((id, aid)): Path<(i64, i64)>,
    ApiJson(input): ApiJson<EndBody>,
) -> WebResult<StatusCode> {
    let on = input.day()?;
    st.store
        .scoped(&me.actor)
        .enterprises()
        .end_assignment(id, aid, on)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Instructors sent now to enterprises in the caller's subtree, with their visits.
#[utoipa::path(get, path = "/api/v1/instructors", tag = "instructors", params(UnderQuery),
    responses((status = 200, body = [InstructorView]), (status = 404, body = crate::api::ErrorBody)))]
pub async fn instructors(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<UnderQuery>,
) -> WebResult<Json<Vec<InstructorView>>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .enterprises()
            .instructors(q.under)
            .await?,
    ))
}

/// Incubation branches (孵化育新党支部) with the enterprises they cover, those incubated and
/// the applicants recruited while covering.
#[utoipa::path(get, path = "/api/v1/incubators", tag = "enterprises", params(UnderQuery),
    responses((status = 200, body = [IncubatorView]), (status = 404, body = crate::api::ErrorBody)))]
pub async fn incubators(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<UnderQuery>,
) -> WebResult<Json<Vec<IncubatorView>>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .enterprises()
            .incubators(q.under)
            .await?,
    ))
}

/// Joint branches (联合党支部) with the enterprises they cover now and the applicants
/// recruited while covering; the enterprises one covers are
/// `/api/v1/enterprises?covered_by={id}`.
#[utoipa::path(get, path = "/api/v1/joint-branches", tag = "enterprises", params(UnderQuery),
    responses((status = 200, body = [IncubatorView]), (status = 404, body = crate::api::ErrorBody)))]
pub async fn joint_branches(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<UnderQuery>,
) -> WebResult<Json<Vec<IncubatorView>>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .enterprises()
            .joint_branches(q.under)
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/chains", tag = "chains", params(UnderQuery),
    responses((status = 200, body = [ChainView]), (status = 404, body = crate::api::ErrorBody)))]
pub async fn chains(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<UnderQuery>,
) -> WebResult<Json<Vec<ChainView>>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .enterprises()
            .chains(q.under)
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/chains/{node_id}", tag = "chains",
    params(("node_id" = i64, Path, description = "The chain committee's node")),
    responses((status = 200, body = ChainView), (status = 404, body = crate::api::ErrorBody)))]
pub async fn chain(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<ChainView>> {
    Ok(Json(
        st.store.scoped(&me.actor).enterprises().chain(id).await?,
    ))
}

/// The chain's members, current first, with the profiles of current members.
#[utoipa::path(get, path = "/api/v1/chains/{node_id}/members", tag = "chains",
    params(("node_id" = i64, Path, description = "The chain committee's node")),
    responses((status = 200, body = [ChainMemberView]), (status = 404, body = crate::api::ErrorBody)))]
pub async fn chain_members(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<Vec<ChainMemberView>>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .enterprises()
            .chain_members(id)
            .await?,
    ))
}

/// Adds an enterprise (`id`, its node) to the chain from a day on.
#[utoipa::path(post, path = "/api/v1/chains/{node_id}/members", tag = "chains",
    params(("node_id" = i64, Path, description = "The chain committee's node")),
    request_body = TieInput,
    responses((status = 201, body = ChainMemberView), (status = 404, body = crate::api::ErrorBody),
    (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn join_chain(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<TieInput>,
) -> WebResult<(StatusCode, Json<ChainMemberView>)> {
    let tie = input.parse(today())?;
    let v = st
        .store
        .scoped(&me.actor)
        .enterprises()
        .join_chain(id, tie)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

/// The member enterprise leaves the chain today.
#[utoipa::path(delete, path = "/api/v1/chains/{node_id}/members/{mid}", tag = "chains",
    params(("node_id" = i64, Path, description = "The chain committee's node"), ("mid" = i64, Path, description = "The membership")),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody)))]
pub async fn leave_chain(
    State(st): State<AppState>,
    me: Authed,
    Path((id, mid)): Path<(i64, i64)>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .enterprises()
        .leave_chain(id, mid)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/guidance-teams", tag = "instructors", params(UnderQuery),
    responses((status = 200, body = [TeamView]), (status = 404, body = crate::api::ErrorBody)))]
pub async fn teams(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<UnderQuery>,
) -> WebResult<Json<Vec<TeamView>>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .enterprises()
            .teams(q.under)
            .await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/guidance-teams", tag = "instructors", request_body = TeamBody,
    responses((status = 201, body = TeamView), (status = 422, body = crate::api::ErrorBody)))]
pub async fn create_team(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(input): ApiJson<TeamBody>,
) -> WebResult<(StatusCode, Json<TeamView>)> {
    let v = st
        .store
        .scoped(&me.actor)
        .enterprises()
        .create_team(input.node_id, &input.name)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(get, path = "/api/v1/guidance-teams/{id}", tag = "instructors",
    params(("id" = i64, Path, description = "The team")),
    responses((status = 200, body = TeamView), (status = 404, body = crate::api::ErrorBody)))]
pub async fn team(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<TeamView>> {
    Ok(Json(
        st.store.scoped(&me.actor).enterprises().team(id).await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/guidance-teams/{id}", tag = "instructors",
    params(("id" = i64, Path, description = "The team")),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody)))]
pub async fn delete_team(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .enterprises()
        .delete_team(id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Adds a person to the team with a rank (`county` 县级, `section` 科级, `other`).
#[utoipa::path(post, path = "/api/v1/guidance-teams/{id}/members", tag = "instructors",
    params(("id" = i64, Path, description = "The team")),
    request_body = TeamMemberInput,
    responses((status = 201, body = TeamView), (status = 404, body = crate::api::ErrorBody),
    (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn add_member(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<TeamMemberInput>,
) -> WebResult<(StatusCode, Json<TeamView>)> {
    let m = input.parse()?;
    let v = st
        .store
        .scoped(&me.actor)
        .enterprises()
        .add_team_member(id, m)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(delete, path = "/api/v1/guidance-teams/{id}/members/{mid}", tag = "instructors",
    params(("id" = i64, Path, description = "The team"), ("mid" = i64, Path, description = "The membership")),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody)))]
pub async fn remove_member(
    State(st): State<AppState>,
    me: Authed,
    Path((id, mid)): Path<(i64, i64)>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .enterprises()
        .remove_team_member(id, mid)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
