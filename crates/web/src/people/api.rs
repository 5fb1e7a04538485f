//! People and party members: persons, pipeline steps, growth ledger, posts, honours,
//! quotas, the post dictionary, and the four ledgers' spreadsheets.

use crate::api::{page_request, ApiJson, ApiQuery, PageOf};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::people::io::{self as people_io, ExportFilter, Ledger};
use crate::require::require;
use crate::upload_guard::{file_part, IMPORT_LIMIT};
use crate::AppState;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::Json;
use chrono::Datelike;
use serde::Deserialize;
use touyan_domain::access::Permission;
use touyan_domain::fields::parse_date;
use touyan_domain::org::KindDraft;
use touyan_domain::people::{parse_honour, parse_term, PersonInput, Step};
use touyan_storage::dict::DictEntry;
use touyan_storage::kit::today;
use touyan_storage::people::{
    HonourFilter, HonourView, LedgerEvent, PeopleCounts, PersonFilter, PersonPatch, PersonView,
    PostFilter, PostView, QuotaFilter, QuotaView, TitleCount, TransitionInput,
};
use touyan_storage::StorageError;

pub fn routes() -> crate::routes::Routes {
    let ledger_routes = |slug: &'static str, l: Ledger| {
        // Quotas are handed down by those who manage them; the other ledgers are records
        // of people.
        let needs = match l {
            Ledger::Quotas => Permission::QuotaManage,
            _ => Permission::PersonWrite,
        };
        crate::routes::Routes::new()
            .route(
                &format!("/v1/{slug}/export.xlsx"),
                get(move |st, me, q| export(st, me, q, l)),
            )
            .route(
                &format!("/v1/{slug}/import-template.xlsx"),
                get(move |st, me| template(st, me, l)),
            )
            .route(
                &format!("/v1/{slug}/import"),
                post(move |st, me, m| import(st, me, m, l))
                    .layer(DefaultBodyLimit::max(IMPORT_LIMIT))
                    .route_layer(require(needs)),
            )
    };
    let write = || require(Permission::PersonWrite);
    let mut r = crate::routes::Routes::new()
        .route("/v1/people", post(create).route_layer(write()).get(list))
        .route("/v1/people/counts", get(counts))
        .route(
            "/v1/people/{id}",
            patch(update)
                .delete(delete)
                .route_layer(write())
                .get(get_one),
        )
        .route(
            "/v1/people/{id}/transitions",
            post(transition).route_layer(write()),
        )
        .route("/v1/people/{id}/ledger", get(ledger))
        .route("/v1/people/{id}/notes", post(add_note).route_layer(write()))
        .route(
            "/v1/posts",
            post(create_post).route_layer(write()).get(list_posts),
        )
        .route(
            "/v1/posts/{id}",
            patch(update_post).delete(delete_post).route_layer(write()),
        )
        .route(
            "/v1/honours",
            post(create_honour).route_layer(write()).get(list_honours),
        )
        .route("/v1/honours/titles", get(titles))
        .route(
            "/v1/honours/{id}",
            patch(update_honour)
                .delete(delete_honour)
                .route_layer(write()),
        )
        .route(
            "/v1/quotas",
            post(allocate)
                .route_layer(require(Permission::QuotaManage))
                .get(list_quotas),
        )
        .route(
            "/v1/dict/{dict}",
            post(create_entry)
                .route_layer(require(Permission::DictManage))
                .get(dict_entries),
        )
        .route(
            "/v1/dict/{dict}/{code}",
            patch(update_entry)
                .delete(delete_entry)
                .route_layer(require(Permission::DictManage)),
        )
        .route("/v1/import-reports/{token}", get(report));
    for l in Ledger::ALL {
        r = r.merge(ledger_routes(l.slug(), l));
    }
    r
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeopleQuery {
    /// People filed in this subtree.
    under: Option<i64>,
    /// Political status code.
    status: Option<String>,
    /// Post code: people holding it now.
    post: Option<String>,
    /// Part of a name, or a whole ID number (for callers allowed to see numbers).
    q: Option<String>,
    /// Show ID numbers and phones in full where the caller holds `person.sensitive`
    /// (audited).
    #[serde(default)]
    reveal: bool,
    /// Year, for quota and honour exports.
    year: Option<i32>,
    page: Option<i64>,
    per_page: Option<i64>,
}

impl PeopleQuery {
    fn filter(&self) -> PersonFilter {
        PersonFilter {
            under: self.under,
            status: self.status.clone(),
            post: self.post.clone(),
            q: self.q.clone(),
        }
    }
}

/// People in the caller's subtrees; numbers masked unless revealed.
#[utoipa::path(get, path = "/api/v1/people", tag = "people", params(PeopleQuery), responses((status = 200, body = PageOf<PersonView>)))]
pub async fn list(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<PeopleQuery>,
) -> WebResult<Json<PageOf<PersonView>>> {
    let page = page_request(q.page, q.per_page)?;
    let p = st
        .store
        .scoped(&me.actor)
        .people()
        .list(&q.filter(), page, q.reveal)
        .await?;
    Ok(Json(p.into()))
}

/// A person as the API takes it; codes for gender (`male`/`female`), education and status,
/// dates as `YYYY-MM-DD`.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct PersonBody {
    name: Option<String>,
    gender: Option<String>,
    ethnicity: Option<String>,
    birth_date: Option<String>,
    id_number: Option<String>,
    phone: Option<String>,
    education: Option<String>,
    /// On creation only; later changes go through transitions.
    status: Option<String>,
    applied_on: Option<String>,
    activist_on: Option<String>,
    development_object_on: Option<String>,
    probation_on: Option<String>,
    full_on: Option<String>,
    notes: Option<String>,
    /// Primary node.
    node_id: Option<i64>,
}

#[utoipa::path(post, path = "/api/v1/people", tag = "people", request_body = PersonBody,
    responses((status = 201, body = PersonView), (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn create(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(b): ApiJson<PersonBody>,
) -> WebResult<(StatusCode, Json<PersonView>)> {
    let Some(node_id) = b.node_id else {
        return Err(StorageError::field("node_id", "err.node_required").into());
    };
    let o = |v: Option<String>| v.unwrap_or_default();
    let input = PersonInput {
        name: o(b.name),
        gender: o(b.gender),
        ethnicity: o(b.ethnicity),
        birth_date: o(b.birth_date),
        id_number: o(b.id_number),
        phone: o(b.phone),
        education: o(b.education),
        status: o(b.status),
        applied_on: o(b.applied_on),
        activist_on: o(b.activist_on),
        development_object_on: o(b.development_object_on),
        probation_on: o(b.probation_on),
        full_on: o(b.full_on),
        notes: o(b.notes),
    };
    let v = st
        .store
        .scoped(&me.actor)
        .people()
        .create(&input, node_id)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RevealQuery {
    #[serde(default)]
    reveal: bool,
}

#[utoipa::path(get, path = "/api/v1/people/{id}", tag = "people", params(("id" = i64, Path, description = "Id of the person"), RevealQuery), responses((status = 200, body = PersonView), (status = 404, body = crate::api::ErrorBody)))]
pub async fn get_one(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiQuery(q): ApiQuery<RevealQuery>,
) -> WebResult<Json<PersonView>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .people()
            .get(id, q.reveal)
            .await?,
    ))
}

/// Changes fields; absent ones stay. `status` is refused here: use transitions.
#[utoipa::path(patch, path = "/api/v1/people/{id}", tag = "people", params(("id" = i64, Path, description = "Id of the person")), request_body = PersonBody,
    responses((status = 200, body = PersonView), (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn update(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<PersonBody>,
) -> WebResult<Json<PersonView>> {
    if b.status.is_some() {
        return Err(StorageError::field("status", "err.status_by_transition").into());
    }
    let patch = PersonPatch {
        name: b.name,
        gender: b.gender,
        ethnicity: b.ethnicity,
        birth_date: b.birth_date,
        id_number: b.id_number,
        phone: b.phone,
        education: b.education,
        applied_on: b.applied_on,
        activist_on: b.activist_on,
        development_object_on: b.development_object_on,
        probation_on: b.probation_on,
        full_on: b.full_on,
        notes: b.notes,
        node_id: b.node_id,
    };
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .people()
            .update(id, patch)
            .await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/people/{id}", tag = "people", params(("id" = i64, Path, description = "Id of the person")), responses((status = 204), (status = 404, body = crate::api::ErrorBody)))]
pub async fn delete(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<StatusCode> {
    st.store.scoped(&me.actor).people().delete(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct TransitionBody {
    /// `apply`, `make_activist`, `make_development_object`, `admit`, `extend_probation`,
    /// `confirm` or `disqualify`.
    step: String,
    /// The date of the step, `YYYY-MM-DD`.
    on: String,
    /// For `extend_probation`: 6 to 12.
    months: Option<u32>,
    note: Option<String>,
}

/// Records one dated step of the development pipeline; a step that breaks a rule answers
/// 409 with the rule named.
#[utoipa::path(post, path = "/api/v1/people/{id}/transitions", tag = "people", params(("id" = i64, Path, description = "Id of the person")), request_body = TransitionBody,
    responses((status = 200, body = PersonView), (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn transition(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<TransitionBody>,
) -> WebResult<Json<PersonView>> {
    let t = transition_input(&b.step, &b.on, b.months, b.note)?;
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .people()
            .transition(id, t)
            .await?,
    ))
}

/// Checks a step's fields as the API and the page receive them.
pub(crate) fn transition_input(
    step: &str,
    on: &str,
    months: Option<u32>,
    note: Option<String>,
) -> WebResult<TransitionInput> {
    let mut fe = touyan_domain::FieldErrors::new();
    let step = fe.check("step", Step::parse(step, months));
    let on = match fe.check("on", parse_date("on", on)) {
        Some(None) => {
            fe.add("on", "err.required");
            None
        }
        other => other.flatten(),
    };
    fe.into_result()?;
    Ok(TransitionInput {
        step: step.expect("checked"),
        on: on.expect("checked"),
        note,
    })
}

#[utoipa::path(get, path = "/api/v1/people/{id}/ledger", tag = "people", params(("id" = i64, Path, description = "Id of the person")), responses((status = 200, body = Vec<LedgerEvent>), (status = 404, body = crate::api::ErrorBody)))]
pub async fn ledger(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<Vec<LedgerEvent>>> {
    Ok(Json(st.store.scoped(&me.actor).people().ledger(id).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NoteBody {
    /// `YYYY-MM-DD`; today when absent.
    on: Option<String>,
    body: String,
}

#[utoipa::path(post, path = "/api/v1/people/{id}/notes", tag = "people", params(("id" = i64, Path, description = "Id of the person")), request_body = NoteBody, responses((status = 204), (status = 422, body = crate::api::ErrorBody)))]
pub async fn add_note(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<NoteBody>,
) -> WebResult<StatusCode> {
    let on = parse_date("on_date", b.on.as_deref().unwrap_or(""))?.unwrap_or_else(today);
    st.store
        .scoped(&me.actor)
        .people()
        .add_note(id, on, &b.body)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CountsQuery {
    /// A node in scope; the caller's whole scope when absent.
    under: Option<i64>,
    /// This year when absent.
    year: Option<i32>,
}

/// The counts a node's page quotes: members by status, party workers, applicants this year,
/// quota granted and used, honours by title.
#[utoipa::path(get, path = "/api/v1/people/counts", tag = "people", params(CountsQuery), responses((status = 200, body = PeopleCounts)))]
pub async fn counts(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<CountsQuery>,
) -> WebResult<Json<PeopleCounts>> {
    let year = q.year.unwrap_or_else(|| today().year());
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .people()
            .counts(q.under, year)
            .await?,
    ))
}

// ---- posts

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PostQuery {
    under: Option<i64>,
    post: Option<String>,
    person: Option<i64>,
    #[serde(default)]
    current: bool,
    page: Option<i64>,
    per_page: Option<i64>,
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
    person_id: Option<i64>,
    post_code: Option<String>,
    node_id: Option<i64>,
    start_on: Option<String>,
    end_on: Option<String>,
    note: Option<String>,
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
    start_on: String,
    end_on: Option<String>,
    note: Option<String>,
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

// ---- honours

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HonourQuery {
    under: Option<i64>,
    /// Holders of this title.
    title: Option<String>,
    person: Option<i64>,
    year: Option<i32>,
    page: Option<i64>,
    per_page: Option<i64>,
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
    under: Option<i64>,
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

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct HonourBody {
    /// Ignored on PATCH.
    person_id: Option<i64>,
    title: String,
    /// `national`, `provincial`, `city`, `district`, `street` or `unit`.
    level: String,
    awarded_on: String,
    awarding_node_id: Option<i64>,
    note: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/honours", tag = "people", request_body = HonourBody,
    responses((status = 201, body = HonourView), (status = 422, body = crate::api::ErrorBody)))]
pub async fn create_honour(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(b): ApiJson<HonourBody>,
) -> WebResult<(StatusCode, Json<HonourView>)> {
    let h = parse_honour(
        &b.title,
        &b.level,
        &b.awarded_on,
        b.note.as_deref().unwrap_or(""),
        today(),
    )?;
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

#[utoipa::path(patch, path = "/api/v1/honours/{id}", tag = "people", params(("id" = i64, Path, description = "Id of the honour")), request_body = HonourBody,
    responses((status = 200, body = HonourView), (status = 404, body = crate::api::ErrorBody)))]
pub async fn update_honour(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<HonourBody>,
) -> WebResult<Json<HonourView>> {
    let h = parse_honour(
        &b.title,
        &b.level,
        &b.awarded_on,
        b.note.as_deref().unwrap_or(""),
        today(),
    )?;
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

// ---- quotas

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QuotaQuery {
    year: Option<i32>,
    under: Option<i64>,
    page: Option<i64>,
    per_page: Option<i64>,
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

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct AllocateBody {
    node_id: i64,
    year: i32,
    /// Handed down from the node's parent; negative takes back.
    amount: i32,
}

/// Hands quota down from the node's parent (or takes it back).
#[utoipa::path(post, path = "/api/v1/quotas", tag = "people", request_body = AllocateBody,
    responses((status = 200, body = QuotaView), (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn allocate(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(b): ApiJson<AllocateBody>,
) -> WebResult<Json<QuotaView>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .quotas()
            .allocate(b.node_id, b.year, b.amount)
            .await?,
    ))
}

// ---- dictionaries

#[utoipa::path(get, path = "/api/v1/dict/{dict}", tag = "people", params(("dict" = String, Path, description = "Dictionary: `post`, `studio_kind` or another dictionary code")), responses((status = 200, body = Vec<DictEntry>), (status = 404, body = crate::api::ErrorBody)))]
pub async fn dict_entries(
    State(st): State<AppState>,
    me: Authed,
    Path(dict): Path<String>,
) -> WebResult<Json<Vec<DictEntry>>> {
    Ok(Json(
        st.store.scoped(&me.actor).dict().entries(&dict).await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct EntryBody {
    /// On creation: 2–40 lower-case letters, digits or `_`.
    code: Option<String>,
    name: String,
    name_en: String,
    sort_order: Option<i64>,
}

#[utoipa::path(post, path = "/api/v1/dict/{dict}", tag = "people", params(("dict" = String, Path, description = "Dictionary: `post`, `studio_kind` or another dictionary code")), request_body = EntryBody,
    responses((status = 201, body = DictEntry), (status = 403, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody)))]
pub async fn create_entry(
    State(st): State<AppState>,
    me: Authed,
    Path(dict): Path<String>,
    ApiJson(b): ApiJson<EntryBody>,
) -> WebResult<(StatusCode, Json<DictEntry>)> {
    let d = KindDraft::parse(
        b.code.as_deref().unwrap_or(""),
        &b.name,
        &b.name_en,
        b.sort_order,
    )?;
    let e = st
        .store
        .scoped(&me.actor)
        .dict()
        .create_entry(&dict, d)
        .await?;
    Ok((StatusCode::CREATED, Json(e)))
}

#[utoipa::path(patch, path = "/api/v1/dict/{dict}/{code}", tag = "people", params(("dict" = String, Path, description = "Dictionary: `post`, `studio_kind` or another dictionary code"), ("code" = String, Path, description = "Code of the {dict}")), request_body = EntryBody,
    responses((status = 200, body = DictEntry), (status = 404, body = crate::api::ErrorBody)))]
pub async fn update_entry(
    State(st): State<AppState>,
    me: Authed,
    Path((dict, code)): Path<(String, String)>,
    ApiJson(b): ApiJson<EntryBody>,
) -> WebResult<Json<DictEntry>> {
    let d = KindDraft::parse(&code, &b.name, &b.name_en, b.sort_order)?;
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .dict()
            .update_entry(&dict, &code, d)
            .await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/dict/{dict}/{code}", tag = "people", params(("dict" = String, Path, description = "Dictionary: `post`, `studio_kind` or another dictionary code"), ("code" = String, Path, description = "Code of the {dict}")), responses((status = 204), (status = 409, body = crate::api::ErrorBody)))]
pub async fn delete_entry(
    State(st): State<AppState>,
    me: Authed,
    Path((dict, code)): Path<(String, String)>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .dict()
        .delete_entry(&dict, &code)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---- spreadsheets

async fn export(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<PeopleQuery>,
    l: Ledger,
) -> WebResult<Response> {
    let f = ExportFilter {
        people: q.filter(),
        year: q.year,
        reveal: q.reveal,
    };
    people_io::export(&st.store.scoped(&me.actor), l, me.ctx.tr(), &f).await
}

async fn template(State(st): State<AppState>, me: Authed, l: Ledger) -> WebResult<Response> {
    people_io::template(&st.store.scoped(&me.actor), l, me.ctx.tr()).await
}

/// All or nothing: 200 with the count, or 422 with every bad cell and a link to the file
/// with those cells marked.
async fn import(
    State(st): State<AppState>,
    me: Authed,
    mut m: Multipart,
    l: Ledger,
) -> WebResult<Response> {
    let (name, bytes) = file_part(&mut m).await?;
    let _turn = match st.imports.admit().await {
        Ok(turn) => turn,
        Err(busy) => return Ok(busy.into_response()),
    };
    let tr = me.ctx.tr();
    let imported =
        people_io::import(&st.store.scoped(&me.actor), l, tr, &name, bytes.into()).await?;
    Ok(crate::import_answer::api_answer(tr, imported))
}

#[utoipa::path(get, path = "/api/v1/import-reports/{token}", tag = "people", params(("token" = String, Path, description = "Token of the import report")), responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 404, body = crate::api::ErrorBody)))]
pub async fn report(
    State(st): State<AppState>,
    me: Authed,
    Path(token): Path<String>,
) -> WebResult<Response> {
    crate::import_answer::report(&st.store.scoped(&me.actor), &token).await
}

/// Documents the spreadsheet routes of one ledger (they share handlers).
#[utoipa::path(post, path = "/api/v1/people/import", tag = "people",
    request_body(content_type = "multipart/form-data", description = "`file`: an .xlsx filled from the template"),
    responses((status = 200, body = crate::import_answer::ImportDone), (status = 400, body = crate::api::ErrorBody), (status = 403, body = crate::api::ErrorBody), (status = 413, body = crate::api::ErrorBody), (status = 422, body = crate::import_answer::ImportUnprocessable), (status = 429, body = crate::api::ErrorBody)))]
#[allow(dead_code)]
fn import_doc() {}

#[utoipa::path(get, path = "/api/v1/people/export.xlsx", tag = "people", params(PeopleQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
#[allow(dead_code)]
fn export_doc() {}

#[utoipa::path(get, path = "/api/v1/people/import-template.xlsx", tag = "people",
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
#[allow(dead_code)]
fn template_doc() {}

/// The people's paths in the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    list,
    create,
    get_one,
    update,
    delete,
    transition,
    ledger,
    add_note,
    counts,
    import_doc,
    export_doc,
    template_doc,
    report,
    list_posts,
    create_post,
    update_post,
    delete_post,
    list_honours,
    titles,
    create_honour,
    update_honour,
    delete_honour,
    list_quotas,
    allocate,
    dict_entries,
    create_entry,
    update_entry,
    delete_entry
))]
pub struct Doc;

/// The area's part of the OpenAPI document.
pub fn doc() -> utoipa::openapi::OpenApi {
    <Doc as utoipa::OpenApi>::openapi()
}
