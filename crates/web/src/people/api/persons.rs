//! The people themselves over the API: list, create, read, update, delete, status moves, ledger, notes and counts.

use super::*;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeopleQuery {
    /// People filed in this subtree.
    pub(super) under: Option<i64>,
    /// Political status code.
    pub(super) status: Option<String>,
    /// Post code: people holding it now.
    pub(super) post: Option<String>,
    /// Part of a name, or a whole ID number (for callers allowed to see numbers).
    pub(super) q: Option<String>,
    /// `development` (activists of a year and more) or `full` (probation run out): only
    /// the people due for that pipeline step today.
    pub(super) due: Option<String>,
    /// Show ID numbers and phones in full where the caller holds `person.sensitive`
    /// (audited).
    #[serde(default)]
    pub(super) reveal: bool,
    /// Year, for quota and honour exports.
    pub(super) year: Option<i32>,
    pub(super) page: Option<i64>,
    pub(super) per_page: Option<i64>,
    /// The order of the people: `name`, `birth_date`, `status` (in pipeline order) or
    /// `node` (the organization, in tree order: the default). Another key answers 400.
    pub(super) sort: Option<String>,
    /// `asc` (the default) or `desc`.
    pub(super) dir: Option<String>,
}

impl PeopleQuery {
    pub(super) fn filter(&self) -> WebResult<PersonFilter> {
        Ok(PersonFilter {
            under: self.under,
            status: self.status.clone(),
            post: self.post.clone(),
            q: self.q.clone(),
            due: self.due.clone(),
            ids: None,
            sort: parse_sort(&self.sort, &self.dir)?,
        })
    }
}

/// People in the caller's subtrees; numbers masked unless revealed.
#[utoipa::path(get, path = "/api/v1/people", tag = "people", params(PeopleQuery), responses((status = 200, body = PageOf<PersonView>), (status = 400, body = crate::api::ErrorBody)))]
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
        .list(&q.filter()?, page, q.reveal)
        .await?;
    Ok(Json(p.into()))
}

#[utoipa::path(post, path = "/api/v1/people", tag = "people", request_body = PersonInput,
    responses((status = 201, body = PersonView), (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn create(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(input): ApiJson<PersonInput>,
) -> WebResult<(StatusCode, Json<PersonView>)> {
    let Some(node_id) = input.node_id else {
        return Err(StorageError::field("node_id", "err.node_required").into());
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
    pub(super) reveal: bool,
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
#[utoipa::path(patch, path = "/api/v1/people/{id}", tag = "people", params(("id" = i64, Path, description = "Id of the person")), request_body = PersonInput,
    responses((status = 200, body = PersonView), (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn update(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<PersonInput>,
) -> WebResult<Json<PersonView>> {
    if input.status.is_some() {
        return Err(StorageError::field("status", "err.status_by_transition").into());
    }
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .people()
            .update(id, input)
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

/// Records one dated step of the development pipeline; a step that breaks a rule answers
/// 409 with the rule named.
#[utoipa::path(post, path = "/api/v1/people/{id}/transitions", tag = "people", params(("id" = i64, Path, description = "Id of the person")), request_body = StepInput,
    responses((status = 200, body = PersonView), (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn transition(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<StepInput>,
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

#[utoipa::path(post, path = "/api/v1/people/{id}/notes", tag = "people", params(("id" = i64, Path, description = "Id of the person")), request_body = NoteInput, responses((status = 204), (status = 422, body = crate::api::ErrorBody)))]
pub async fn add_note(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<NoteInput>,
) -> WebResult<StatusCode> {
    let on = parse_date("on_date", &b.on)?.unwrap_or_else(today);
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
    pub(super) under: Option<i64>,
    /// This year when absent.
    pub(super) year: Option<i32>,
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

#[utoipa::path(get, path = "/api/v1/people/due", tag = "people", responses((status = 200, body = Vec<DueCount>)))]
/// Pipeline steps falling due among the caller's people, each the total of the list filtered
/// by `due=` that step; empty for a caller who records no steps.
pub async fn due(State(st): State<AppState>, me: Authed) -> WebResult<Json<Vec<DueCount>>> {
    Ok(Json(st.store.scoped(&me.actor).people().due().await?))
}
