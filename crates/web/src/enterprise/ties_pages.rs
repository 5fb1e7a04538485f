//! The ledger's pages for what ties enterprises to others: the forms on an enterprise's page
//! (its party organization, its instructors), the industrial-chain committees and a chain's
//! members, and the instructors' page with the guidance teams and the incubation branches.

use super::pages::done;
use crate::charts::{Chart, Series};
use crate::error::{WebError, WebResult};
use crate::i18n::Tr;
use crate::pages::{
    form_failure, label_opts, opt_id, page, read_fields, render, see_other, Errors, Layout, Me, Opt,
};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Form;
use serde::Deserialize;
use std::collections::BTreeMap;
use touyan_domain::enterprise::links::{LinkInput, TeamMemberInput, TieInput, RANKS};
use touyan_domain::fields::parse_date;
use touyan_storage::enterprise::{
    ChainMemberView, ChainView, EnterpriseFilter, IncubatorView, InstructorView, TeamView,
};
use touyan_storage::kit::today;

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route("/enterprises/{id}/links", post(set_link))
        .route("/enterprises/{id}/links/end", post(end_link))
        .route("/enterprises/{id}/instructors", post(assign))
        .route(
            "/enterprises/{id}/instructors/{aid}/end",
            post(end_assignment),
        )
        .route("/chains", get(chains))
        .route("/chains/{id}", get(chain))
        .route("/chains/{id}/members", post(join_chain))
        .route("/chains/{id}/members/{mid}/leave", post(leave_chain))
        .route("/instructors", get(instructors))
        .route("/guidance-teams", post(create_team))
        .route("/guidance-teams/{id}/delete", post(delete_team))
        .route("/guidance-teams/{id}/members", post(add_member))
        .route(
            "/guidance-teams/{id}/members/{mid}/delete",
            post(remove_member),
        )
}

/// A form field's value, blank when absent.
pub(super) fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

async fn set_link(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let r = async {
        let input: LinkInput = read_fields(&fields)?;
        let link = input.parse(today())?;
        let s = st.store.scoped(&me.actor);
        Ok::<_, WebError>(s.enterprises().set_link(id, link).await?)
    }
    .await;
    done(&st, &me, id, r, "ok.ent_linked", "link", fields).await
}

async fn end_link(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let r = async {
        let on = parse_date("until_on", field(&fields, "until_on"))?.unwrap_or_else(today);
        let s = st.store.scoped(&me.actor);
        Ok::<_, WebError>(s.enterprises().end_link(id, on).await?)
    }
    .await;
    done(&st, &me, id, r, "ok.ent_unlinked", "unlink", fields).await
}

async fn assign(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let r = async {
        let input: TieInput = read_fields(&fields)?;
        let tie = input.parse(today())?;
        let s = st.store.scoped(&me.actor);
        Ok::<_, WebError>(s.enterprises().assign(id, tie).await?)
    }
    .await;
    done(&st, &me, id, r, "ok.ent_assigned", "assign", fields).await
}

async fn end_assignment(
    State(st): State<AppState>,
    me: Me,
    Path((id, aid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    s.enterprises().end_assignment(id, aid, None).await?;
    Ok(see_other(&format!(
        "/enterprises/{id}?ok=ok.ent_assignment_ended"
    )))
}

#[derive(Deserialize, Default)]
struct UnderQ {
    under: Option<String>,
    ok: Option<String>,
}

#[derive(Template)]
#[template(path = "enterprise/chains.html")]
struct ChainsPage {
    l: Layout,
    chains: Vec<ChainView>,
    chart: Chart,
    under: String,
}

impl ChainsPage {
    fn rate(&self, r: &Option<f64>) -> String {
        super::pages::rate_text(r)
    }
}

/// The chains compared: member enterprises, those with an organization, the visits made.
fn chains_chart(tr: Tr, chains: &[ChainView]) -> Chart {
    let organized = |c: &ChainView| c.coverage.own + c.coverage.joint + c.coverage.incubation;
    Chart {
        key: "chains",
        kind: "bar",
        title: tr.t("ent.chains_chart").to_string(),
        label_name: tr.t("ent.col.chain").to_string(),
        labels: chains.iter().map(|c| c.name.clone()).collect(),
        series: vec![
            Series::counts(
                tr.t("ent.col.chain_members"),
                "bar",
                chains.iter().map(|c| c.members),
            ),
            Series::counts(tr.t("ent.organized"), "bar", chains.iter().map(organized)),
            Series::counts(
                tr.t("ent.col.visits"),
                "bar",
                chains.iter().map(|c| c.visits),
            ),
        ],
    }
}

async fn chains(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<UnderQ>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let chains = s.enterprises().chains(opt_id("under", &q.under)?).await?;
    Ok(page(&ChainsPage {
        l: Layout::new(&me.ctx, "enterprises", "ent.chains", "/chains").with_flash(q.ok.as_deref()),
        chart: chains_chart(tr, &chains),
        chains,
        under: q.under.unwrap_or_default(),
    }))
}

#[derive(Template)]
#[template(path = "enterprise/chain.html")]
struct ChainPage {
    l: Layout,
    c: ChainView,
    members: Vec<ChainMemberView>,
    errors: Errors,
    values: BTreeMap<String, String>,
    today: String,
}

impl ChainPage {
    fn rate(&self, r: &Option<f64>) -> String {
        super::pages::rate_text(r)
    }
    fn label(&self, prefix: &str, code: &str) -> &'static str {
        self.l.t(&format!("{prefix}.{code}"))
    }
    fn val(&self, k: &str) -> &str {
        self.values.get(k).map(String::as_str).unwrap_or("")
    }
}

async fn chain_page(
    st: &AppState,
    me: &Me,
    id: i64,
    flash: Option<&str>,
    failed: Option<(Vec<(String, String)>, BTreeMap<String, String>)>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let c = s.enterprises().chain(id).await?;
    let members = s.enterprises().chain_members(id).await?;
    let (status, values, errors) = match failed {
        Some((fields, errors)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            fields.into_iter().filter(|(k, _)| k != "_csrf").collect(),
            errors,
        ),
        None => (StatusCode::OK, BTreeMap::new(), BTreeMap::new()),
    };
    let l = Layout::new(
        &me.ctx,
        "enterprises",
        "ent.chains",
        &format!("/chains/{id}"),
    )
    .with_flash(flash);
    Ok(render(
        status,
        &ChainPage {
            l,
            c,
            members,
            errors: Errors(errors),
            values,
            today: today().to_string(),
        },
    ))
}

async fn chain(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<UnderQ>,
) -> WebResult<Response> {
    chain_page(&st, &me, id, q.ok.as_deref(), None).await
}

async fn join_chain(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let r = async {
        let input: TieInput = read_fields(&fields)?;
        let tie = input.parse(today())?;
        let s = st.store.scoped(&me.actor);
        Ok::<_, WebError>(s.enterprises().join_chain(id, tie).await?)
    }
    .await;
    match r {
        Ok(_) => Ok(see_other(&format!("/chains/{id}?ok=ok.chain_joined"))),
        Err(e) => {
            let errors = form_failure(e, me.ctx.tr())?;
            chain_page(&st, &me, id, None, Some((fields, errors))).await
        }
    }
}

async fn leave_chain(
    State(st): State<AppState>,
    me: Me,
    Path((id, mid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    s.enterprises().leave_chain(id, mid).await?;
    Ok(see_other(&format!("/chains/{id}?ok=ok.chain_left")))
}

#[derive(Template)]
#[template(path = "enterprise/instructors.html")]
struct InstructorsPage {
    l: Layout,
    instructors: Vec<InstructorView>,
    /// Operating enterprises without an instructor now.
    gaps: u64,
    teams: Vec<TeamView>,
    incubators: Vec<IncubatorView>,
    joints: Vec<IncubatorView>,
    ranks: Vec<Opt>,
    under: String,
    /// The team the refused member form belongs to, with its errors.
    failed_team: Option<i64>,
    errors: Errors,
    values: BTreeMap<String, String>,
}

impl InstructorsPage {
    fn label(&self, prefix: &str, code: &str) -> &'static str {
        self.l.t(&format!("{prefix}.{code}"))
    }
    fn val(&self, k: &str) -> &str {
        self.values.get(k).map(String::as_str).unwrap_or("")
    }
    fn failed_here(&self, team: &i64) -> bool {
        self.failed_team == Some(*team)
    }
}

async fn instructors_page(
    st: &AppState,
    me: &Me,
    q: &UnderQ,
    failed: Option<(Option<i64>, Vec<(String, String)>, BTreeMap<String, String>)>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let under = opt_id("under", &q.under)?;
    let repo = s.enterprises();
    let gap_filter = EnterpriseFilter {
        under,
        status: Some("operating".into()),
        without_instructor: true,
        ..Default::default()
    };
    let gaps = repo
        .list(
            &gap_filter,
            touyan_domain::paging::PageRequest {
                page: 1,
                per_page: 1,
            },
        )
        .await?
        .total;
    let (status, failed_team, values, errors) = match failed {
        Some((team, fields, errors)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            team,
            fields.into_iter().filter(|(k, _)| k != "_csrf").collect(),
            errors,
        ),
        None => (StatusCode::OK, None, BTreeMap::new(), BTreeMap::new()),
    };
    let l = Layout::new(
        &me.ctx,
        "enterprises",
        "ent.instructors_page",
        "/instructors",
    )
    .with_flash(q.ok.as_deref());
    Ok(render(
        status,
        &InstructorsPage {
            instructors: repo.instructors(under).await?,
            gaps,
            teams: repo.teams(under).await?,
            incubators: repo.incubators(under).await?,
            joints: repo.joint_branches(under).await?,
            ranks: label_opts(me.ctx.tr(), "ent.rank", &RANKS),
            under: q.under.clone().unwrap_or_default(),
            failed_team,
            errors: Errors(errors),
            values,
            l,
        },
    ))
}

async fn instructors(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<UnderQ>,
) -> WebResult<Response> {
    instructors_page(&st, &me, &q, None).await
}

/// A team form's outcome: back to the instructors' page, or the page with the errors.
async fn team_done<T>(
    st: &AppState,
    me: &Me,
    r: Result<T, WebError>,
    ok: &str,
    team: Option<i64>,
    fields: Vec<(String, String)>,
) -> WebResult<Response> {
    match r {
        Ok(_) => Ok(see_other(&format!("/instructors?ok={ok}"))),
        Err(e) => {
            let errors = form_failure(e, me.ctx.tr())?;
            let q = UnderQ::default();
            instructors_page(st, me, &q, Some((team, fields, errors))).await
        }
    }
}

async fn create_team(
    State(st): State<AppState>,
    me: Me,
    Form(fields): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let r = async {
        let node = opt_id("node_id", &Some(field(&fields, "node_id").to_string()))?
            .ok_or_else(|| touyan_storage::StorageError::field("node_id", "err.required"))?;
        let s = st.store.scoped(&me.actor);
        Ok::<_, WebError>(
            s.enterprises()
                .create_team(node, field(&fields, "name"))
                .await?,
        )
    }
    .await;
    team_done(&st, &me, r, "ok.team_created", None, fields).await
}

async fn delete_team(
    State(st): State<AppState>,
    me: Me,
    Path(tid): Path<i64>,
) -> WebResult<Response> {
    st.store
        .scoped(&me.actor)
        .enterprises()
        .delete_team(tid)
        .await?;
    Ok(see_other("/instructors?ok=ok.team_deleted"))
}

async fn add_member(
    State(st): State<AppState>,
    me: Me,
    Path(tid): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    // A team out of sight is not found, whatever the form holds.
    st.store.scoped(&me.actor).enterprises().team(tid).await?;
    let r = async {
        let input: TeamMemberInput = read_fields(&fields)?;
        let m = input.parse()?;
        let s = st.store.scoped(&me.actor);
        Ok::<_, WebError>(s.enterprises().add_team_member(tid, m).await?)
    }
    .await;
    team_done(&st, &me, r, "ok.team_member_added", Some(tid), fields).await
}

async fn remove_member(
    State(st): State<AppState>,
    me: Me,
    Path((tid, mid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    s.enterprises().remove_team_member(tid, mid).await?;
    Ok(see_other("/instructors?ok=ok.team_member_removed"))
}
