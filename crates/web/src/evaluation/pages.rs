//! The evaluation pages: the list of rounds and rubrics, one rubric with its indicator tree,
//! the form to start a round, and a round's overview (each department's progress, the
//! organizations with their own and department totals) with its state moves. An
//! organization's sheet is in `sheet_pages`.

use super::sheet_pages as sheet;
use crate::error::WebResult;
use crate::pages::{form_failure, opt_id, page, render, see_other, Errors, Layout, Me};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Form;
use serde::Deserialize;
use std::collections::BTreeMap;
use touyan_domain::access::Permission;
use touyan_domain::evaluation::{show_points, ReopenInput, RoundState};
use touyan_domain::paging::PageRequest;
use touyan_storage::evaluation::{RoundDetail, RoundFilter, RoundView, RubricDetail};

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route("/rounds", get(index))
        .route("/rounds/review", get(super::queue::index))
        .route("/rubrics", get(super::rubric_pages::index))
        .route("/rubrics/copy", post(super::rubric_pages::copy))
        .route(
            "/rubrics/new",
            get(super::editor::new_form).post(super::editor::create),
        )
        .route("/rubrics/rows/new", get(super::editor::row))
        .route("/rubrics/rows/removed", get(super::editor::removed))
        .route("/rubrics/{id}", get(rubric))
        .route(
            "/rubrics/{id}/edit",
            get(super::editor::edit_form).post(super::editor::update),
        )
        .route(
            "/rounds/new",
            get(super::round_form::new_form).post(super::round_form::create),
        )
        .route("/rounds/new/target", get(super::round_form::pick_row))
        .route("/rounds/{id}", get(round))
        .route("/rounds/{id}/state", post(move_round))
        .route("/rounds/{id}/targets/{tid}", get(sheet::show))
        .route(
            "/rounds/{id}/targets/{tid}/indicators/{iid}/self",
            post(sheet::self_score),
        )
        .route(
            "/rounds/{id}/targets/{tid}/indicators/{iid}/review",
            post(sheet::review_score),
        )
        .route(
            "/rounds/{id}/targets/{tid}/indicators/{iid}/evidence",
            post(sheet::add_evidence),
        )
        .route(
            "/rounds/{id}/targets/{tid}/indicators/{iid}/files",
            post(super::files::upload).layer(axum::extract::DefaultBodyLimit::max(
                crate::upload_guard::UPLOAD_LIMIT,
            )),
        )
        .route(
            "/rounds/{id}/targets/{tid}/indicators/{iid}/files/{fid}",
            get(super::files::download),
        )
        .route(
            "/rounds/{id}/targets/{tid}/indicators/{iid}/files/{fid}/delete",
            post(super::files::remove),
        )
}

/// A form's fields, as posted.
pub(crate) use crate::pages::{field, Fields};

/// Points in hundredths as shown; blank for none.
pub(crate) fn pts(v: &Option<i64>) -> String {
    v.map(show_points).unwrap_or_default()
}

/// What a round assesses, in words: studios, chosen organizations, or every organization of
/// some kinds (named from the organization-kind dictionary `l` loaded) under a node.
pub(crate) fn target_words(l: &Layout, r: &RoundView) -> String {
    if r.subject == "studios" {
        return l.t("evsubject.subject_studios").to_string();
    }
    let Some(node) = &r.selector_node_name else {
        return l.t("evsubject.mode.chosen").to_string();
    };
    let kinds: Vec<&str> = r.selector_kinds.iter().map(|k| l.kind(k)).collect();
    let kinds = kinds.join(l.t("evsubject.kind_sep"));
    l.tr.tf(
        "evsubject.every_under",
        &[("node", node.as_str()), ("kinds", kinds.as_str())],
    )
}

#[derive(Deserialize, Default)]
struct ListQ {
    under: Option<String>,
    ok: Option<String>,
}

#[derive(Template)]
#[template(path = "evaluation/index.html")]
struct IndexPage {
    l: Layout,
    rounds: Vec<RoundView>,
    /// Sheets waiting for the caller's department scores.
    waiting: u64,
    can_manage: bool,
}

impl IndexPage {
    fn words(&self, r: &RoundView) -> String {
        target_words(&self.l, r)
    }
}

async fn index(State(st): State<AppState>, me: Me, Query(q): Query<ListQ>) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let under = opt_id("under", &q.under)?;
    let all = PageRequest::parse(Some(1), Some(100))?;
    let rounds = s
        .evaluation()
        .rounds(
            &RoundFilter {
                under,
                ..Default::default()
            },
            all,
        )
        .await?
        .items;
    let one = PageRequest::parse(Some(1), Some(10))?;
    let waiting = s.evaluation().review_queue(one).await?.total;
    Ok(page(&IndexPage {
        l: Layout::new(&me.ctx, "evaluation", "nav.evaluation", "/rounds")
            .with_flash(q.ok.as_deref())
            .with_kinds(s)
            .await?,
        rounds,
        waiting,
        can_manage: me.actor.grants.holds_anywhere(Permission::EvaluationManage),
    }))
}

#[derive(Deserialize, Default)]
struct RubricQ {
    version: Option<String>,
    ok: Option<String>,
}

#[derive(Template)]
#[template(path = "evaluation/rubric.html")]
struct RubricPage {
    l: Layout,
    d: RubricDetail,
    /// The latest version, which the editor opens.
    latest: i32,
    /// The live figures by key, as (key, label), to name an automatic item's.
    figures: Vec<(&'static str, String)>,
}

impl RubricPage {
    fn figure_name<'a>(&'a self, key: &'a str) -> &'a str {
        self.figures
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(key, |(_, label)| label.as_str())
    }
    fn p(&self, v: &i64) -> String {
        show_points(*v)
    }
}

async fn rubric(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<RubricQ>,
) -> WebResult<Response> {
    let version = opt_id("version", &q.version)?.map(|v| v as i32);
    let d = st
        .store
        .scoped(&me.actor)
        .evaluation()
        .rubric(id, version)
        .await?;
    let path = format!("/rubrics/{id}");
    Ok(page(&RubricPage {
        l: Layout::new(&me.ctx, "rubrics", "evaluation.rubric", &path).with_flash(q.ok.as_deref()),
        latest: d.rubric.latest_version,
        figures: super::editor::figures(&me),
        d,
    }))
}

#[derive(Template)]
#[template(path = "evaluation/round.html")]
struct RoundPage {
    l: Layout,
    d: RoundDetail,
    /// The moves offered from the round's state.
    moves: Vec<&'static str>,
    errors: Errors,
}

impl RoundPage {
    fn p(&self, v: &Option<i64>) -> String {
        pts(v)
    }
    fn words(&self, r: &RoundView) -> String {
        target_words(&self.l, r)
    }
    fn pct(&self, done: &i64, total: &i64) -> i64 {
        if *total == 0 {
            0
        } else {
            done * 100 / total
        }
    }
}

/// The moves from `state`, in the order the page offers them.
fn moves(state: &str) -> Vec<&'static str> {
    let from = RoundState::from_code(state).unwrap_or(RoundState::Draft);
    RoundState::ALL
        .into_iter()
        .filter(|to| touyan_domain::evaluation::move_allowed(from, *to))
        .map(RoundState::code)
        .collect()
}

#[derive(Deserialize, Default)]
struct OkQ {
    ok: Option<String>,
}

async fn round_page(
    st: &AppState,
    me: &Me,
    id: i64,
    flash: Option<&str>,
    errors: BTreeMap<String, String>,
) -> WebResult<RoundPage> {
    let s = st.store.scoped(&me.actor);
    let d = s.evaluation().round(id).await?;
    let path = format!("/rounds/{id}");
    Ok(RoundPage {
        l: Layout::new(&me.ctx, "evaluation", "evaluation.round", &path)
            .with_flash(flash)
            .with_kinds(s)
            .await?,
        moves: moves(&d.round.state),
        d,
        errors: Errors(errors),
    })
}

async fn round(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<OkQ>,
) -> WebResult<Response> {
    Ok(page(
        &round_page(&st, &me, id, q.ok.as_deref(), BTreeMap::new()).await?,
    ))
}

async fn move_round(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let r = match RoundState::from_code(&field(&fields, "to")) {
        Some(to) => {
            let reopen = ReopenInput {
                reason: field(&fields, "reason"),
            };
            s.evaluation().move_round(id, to, Some(&reopen)).await
        }
        None => Err(touyan_storage::StorageError::field("to", "err.choice")),
    };
    match r {
        Ok(_) => Ok(see_other(&format!("/rounds/{id}?ok=ok.evaluation_moved"))),
        Err(e) => {
            let errors = form_failure(e.into(), me.ctx.tr())?;
            let p = round_page(&st, &me, id, None, errors).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
    }
}
