//! An activity's pages: the form to record one (its roster loaded for the organization and
//! day chosen), one record with its attendance, where it is changed or removed, and the
//! roster as a fragment the form loads.

use super::activity_form::{
    centre_opts, first, input_of, node_of, roster as roster_of, ActivityForm,
};
use super::changes::ChangePart;
use super::io::named;
use super::pages::type_opts;
use super::signin::{qr_svg, signin_url};
use crate::error::{WebError, WebResult};
use crate::pages::{form_failure, page, render, see_other, Layout, Me};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Form;
use serde::Deserialize;
use std::collections::BTreeMap;
use touyan_domain::cadence::{parse_held_at, parse_proposal};
use touyan_domain::fields::parse_date;
use touyan_storage::cadence::{ActivityFileView, ActivityView, SigninView};
use touyan_storage::kit::today;

use crate::pages::Fields;

/// An edit form sent back: what it held and its errors.
type Failed<'a> = (&'a [(String, String)], BTreeMap<String, String>);

#[derive(Template)]
#[template(path = "cadence/activity_new.html")]
struct NewPage {
    l: Layout,
    f: ActivityForm,
}

fn new_layout(me: &Me) -> Layout {
    Layout::new(
        &me.ctx,
        "activities",
        "cadence.new_title",
        "/activities/new",
    )
}

#[derive(Deserialize, Default)]
pub(crate) struct NewQ {
    node_id: Option<String>,
    types: Option<String>,
}

/// The empty form; an organization and types may come in the query (from the compliance
/// page's list of what is behind).
pub(crate) async fn new_form(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<NewQ>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let (types, _) = type_opts(s, me.ctx.tr()).await?;
    let mut f = ActivityForm::new(types);
    if let Some(node) = node_of(q.node_id.as_deref().unwrap_or(""))? {
        f.values.insert("node_id".into(), node.to_string());
        f.centres = centre_opts(s, Some(node), me.ctx.tr()).await?;
    }
    f.ticked = q
        .types
        .unwrap_or_default()
        .split(',')
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    Ok(page(&NewPage {
        l: new_layout(&me),
        f,
    }))
}

pub(crate) async fn create(
    State(st): State<AppState>,
    me: Me,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let r = async {
        let a = input_of(&fields).parse(&s.cadence().type_codes().await?, today())?;
        Ok::<_, WebError>(s.cadence().create_activity(a).await?)
    }
    .await;
    match r {
        Ok(v) => Ok(see_other(&format!(
            "/activities/{}?ok=ok.cadence_created",
            v.id
        ))),
        Err(e) => {
            let tr = me.ctx.tr();
            let errors = form_failure(e, tr)?;
            let (types, _) = type_opts(s, tr).await?;
            let f = ActivityForm::new(types)
                .of_fields(s, &fields, errors, tr)
                .await;
            let p = NewPage {
                l: new_layout(&me),
                f,
            };
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
    }
}

#[derive(Template)]
#[template(path = "cadence/activity.html")]
struct DetailPage {
    l: Layout,
    a: ActivityView,
    types: String,
    may_change: bool,
    /// The edit form came back with errors (its dialog opens).
    failed: bool,
    f: ActivityForm,
    /// The open sign-in code (for those who may change the record), with its QR code and
    /// the Beijing time it holds until.
    signin: Option<SigninView>,
    qr: String,
    until: String,
    /// Sign-in could not be opened: why.
    signin_error: &'static str,
    files: Vec<ActivityFileView>,
    /// The upload came back refused: why.
    file_error: String,
    /// Its change requests: the pending one beside the record, the last decided.
    ch: ChangePart,
    /// A decision on the pending request came back refused: why.
    decide_error: String,
}

impl DetailPage {
    fn attendance(&self, status: &str) -> &'static str {
        self.l.t(&format!("cadence.attendance.{status}"))
    }
    fn change_state(&self, state: &str) -> &'static str {
        self.l.t(&format!("cadence.change_state.{state}"))
    }
    fn text<'a>(&self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or("—")
    }
}

/// What the detail page shows beside the record.
#[derive(Default)]
struct Extra<'a> {
    flash: Option<&'a str>,
    headers: Option<&'a HeaderMap>,
    signin_refused: bool,
    file_error: String,
    decide_error: String,
}

/// The activity's page with a refused upload's reason (422).
pub(crate) async fn with_file_error(
    st: &AppState,
    me: &Me,
    id: i64,
    file_error: String,
) -> WebResult<Response> {
    let extra = Extra {
        file_error,
        ..Default::default()
    };
    detail(st, me, id, extra, None).await
}

/// The activity's page with a refused decision on its change request (422).
pub(crate) async fn with_decide_error(
    st: &AppState,
    me: &Me,
    id: i64,
    decide_error: String,
) -> WebResult<Response> {
    let extra = Extra {
        decide_error,
        ..Default::default()
    };
    detail(st, me, id, extra, None).await
}

async fn detail(
    st: &AppState,
    me: &Me,
    id: i64,
    extra: Extra<'_>,
    failed: Option<Failed<'_>>,
) -> WebResult<Response> {
    let flash = extra.flash;
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let (a, may_change) = s.cadence().activity(id).await?;
    let (opts, names) = type_opts(s, tr).await?;
    let form = ActivityForm::new(opts);
    let (status, f) = match failed {
        Some((fields, errors)) => {
            let mut f = form.of_fields(s, fields, errors, tr).await;
            f.values
                .insert("reason".into(), first(fields, "reason").to_string());
            (StatusCode::UNPROCESSABLE_ENTITY, f)
        }
        None => (
            StatusCode::OK,
            form.of_view(&a).with_centres(s, &a, tr).await,
        ),
    };
    let f = f.fixed(a.node_name.clone());
    let failed_form = status != StatusCode::OK;
    let l =
        Layout::new(&me.ctx, "activities", "cadence.detail_title", "/activities").with_flash(flash);
    let signin = s.cadence().signin(id).await?;
    let (qr, until) = match (&signin, extra.headers) {
        (Some(sg), Some(h)) => (
            qr_svg(&signin_url(h, &sg.code)),
            beijing_time(&sg.expires_at),
        ),
        (Some(sg), None) => (String::new(), beijing_time(&sg.expires_at)),
        _ => (String::new(), String::new()),
    };
    let files = s.cadence().activity_files(id).await?;
    let ch = ChangePart::read(s, tr, &a, &names).await?;
    let status = if extra.file_error.is_empty() && extra.decide_error.is_empty() {
        status
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let p = DetailPage {
        l,
        files,
        file_error: extra.file_error,
        decide_error: extra.decide_error,
        ch,
        types: named(&names, &a.types),
        a,
        may_change,
        failed: failed_form,
        f,
        signin,
        qr,
        until,
        signin_error: if extra.signin_refused {
            tr.t("err.cadence_signin_day")
        } else {
            ""
        },
    };
    Ok(render(status, &p))
}

#[derive(Deserialize, Default)]
pub(crate) struct OkQ {
    ok: Option<String>,
    /// `day`: sign-in was refused as the activity is not held today.
    signin: Option<String>,
}

/// An RFC 3339 moment as `YYYY-MM-DD HH:MM` in Beijing.
fn beijing_time(at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|t| {
            t.with_timezone(&touyan_domain::cadence::beijing())
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

pub(crate) async fn show(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<OkQ>,
    headers: HeaderMap,
) -> WebResult<Response> {
    let extra = Extra {
        flash: q.ok.as_deref(),
        headers: Some(&headers),
        signin_refused: q.signin.as_deref() == Some("day"),
        ..Default::default()
    };
    detail(&st, &me, id, extra, None).await
}

pub(crate) async fn update(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    // The organization stays the record's own, whatever the form says.
    let (v, _) = s.cadence().activity(id).await?;
    let mut fields: Fields = fields.into_iter().filter(|(k, _)| k != "node_id").collect();
    fields.push(("node_id".into(), v.node_id.to_string()));
    let r = async {
        let a = input_of(&fields).parse(&s.cadence().type_codes().await?, today())?;
        Ok::<_, WebError>(s.cadence().update_activity(id, a).await?)
    }
    .await;
    match r {
        Ok(_) => Ok(see_other(&format!("/activities/{id}?ok=ok.cadence_saved"))),
        Err(e) => {
            let errors = form_failure(e, me.ctx.tr())?;
            detail(&st, &me, id, Extra::default(), Some((&fields, errors))).await
        }
    }
}

/// Asks for a change to a locked record: the edit form's values and a reason, for a superior
/// to decide.
pub(crate) async fn propose(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let (v, _) = s.cadence().activity(id).await?;
    let mut fields: Fields = fields.into_iter().filter(|(k, _)| k != "node_id").collect();
    fields.push(("node_id".into(), v.node_id.to_string()));
    let r = async {
        let types = s.cadence().type_codes().await?;
        let p = parse_proposal(
            &input_of(&fields),
            first(&fields, "reason"),
            &types,
            today(),
        )?;
        Ok::<_, WebError>(s.cadence().propose_change(id, p).await?)
    }
    .await;
    match r {
        Ok(_) => Ok(see_other(&format!(
            "/activities/{id}?ok=ok.cadence_change_asked"
        ))),
        Err(e) => {
            let errors = form_failure(e, me.ctx.tr())?;
            detail(&st, &me, id, Extra::default(), Some((&fields, errors))).await
        }
    }
}

pub(crate) async fn remove(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
) -> WebResult<Response> {
    st.store
        .scoped(&me.actor)
        .cadence()
        .delete_activity(id)
        .await?;
    Ok(see_other("/activities?ok=ok.cadence_deleted"))
}

#[derive(Deserialize, Default)]
pub(crate) struct RosterQ {
    node_id: Option<String>,
    held_at: Option<String>,
    on: Option<String>,
}

#[derive(Template)]
#[template(path = "cadence/roster.html")]
struct RosterPart {
    l: Layout,
    f: ActivityForm,
}

/// The roster of an organization on a day as the form's fragment (htmx): each member with
/// the attendance radios and a reason; a hint while either is missing.
pub(crate) async fn roster(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<RosterQ>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let node = node_of(q.node_id.as_deref().unwrap_or(""))?;
    let day = match q.on.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => parse_date("on", t)?,
        None => parse_held_at(q.held_at.as_deref().unwrap_or("")).map(|d| d.date()),
    };
    let mut f = ActivityForm::new(Vec::new());
    f.roster = roster_of(s, node, day, &Default::default()).await?;
    let l = Layout::new(
        &me.ctx,
        "activities",
        "nav.activities",
        "/activities/roster",
    );
    Ok(page(&RosterPart { l, f }))
}

#[derive(Deserialize, Default)]
pub(crate) struct CentresQ {
    node_id: Option<String>,
    centre_id: Option<String>,
}

#[derive(Template)]
#[template(path = "cadence/centre_choice.html")]
struct CentrePart {
    l: Layout,
    f: ActivityForm,
}

/// The service centres an organization may hold an activity at, as the form's choice
/// (htmx): the centre chosen so far stays chosen; a hint while no organization is.
pub(crate) async fn centres(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<CentresQ>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let node = node_of(q.node_id.as_deref().unwrap_or(""))?;
    let mut f = ActivityForm::new(Vec::new());
    f.centres = centre_opts(s, node, me.ctx.tr()).await?;
    f.values
        .insert("centre_id".into(), q.centre_id.unwrap_or_default());
    let l = Layout::new(
        &me.ctx,
        "activities",
        "nav.activities",
        "/activities/centres",
    );
    Ok(page(&CentrePart { l, f }))
}
