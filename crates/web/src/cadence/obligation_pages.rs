//! The obligations page: what reaches the caller's part of the tree (where each is set, for
//! which kinds of organization, which activity how often and by when), a form to set one for
//! a subtree, and each one changed or removed by those who manage it.

use super::activity_form::first;
use super::pages::type_opts;
use crate::error::{WebError, WebResult};
use crate::pages::{form_failure, label_opts, render, see_other, Errors, Layout, Me, Opt};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use touyan_domain::access::Permission;
use touyan_domain::cadence::{Cycle, ObligationInput};
use touyan_storage::cadence::ObligationView;
use touyan_storage::{Scoped, StorageError};

use crate::pages::Fields;

/// A form that came back with errors: which one (`new` or the obligation's id), what it
/// held and what was wrong.
struct Failed {
    form: String,
    fields: Fields,
    errors: BTreeMap<String, String>,
}

#[derive(Template)]
#[template(path = "cadence/obligations.html")]
struct ListPage {
    l: Layout,
    rows: Vec<ObligationView>,
    types: Vec<Opt>,
    names: HashMap<String, String>,
    cycles: Vec<Opt>,
    /// The caller sets obligations somewhere (`cadence.manage`).
    can_manage: bool,
    /// The caller manages the whole tree: an obligation may be set everywhere.
    global: bool,
    failed: Option<Failed>,
    errors: Errors,
}

impl ListPage {
    fn type_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.names.get(code).map_or(code, String::as_str)
    }
    fn cycle(&self, code: &str) -> &'static str {
        self.l.t(&format!("cadence.cycle.{code}"))
    }
    fn kinds(&self, codes: &[String]) -> String {
        codes
            .iter()
            .map(|c| self.l.kind(c))
            .collect::<Vec<_>>()
            .join("、")
    }
    /// Whether `form` is the one that came back with errors.
    fn is_failed(&self, form: &str) -> bool {
        self.failed.as_ref().is_some_and(|f| f.form == form)
    }
    /// The value of field `k` in `form`: as submitted when it failed, else `stored`.
    fn val(&self, form: &str, k: &str, stored: &str) -> String {
        match &self.failed {
            Some(f) if f.form == form => first(&f.fields, k).to_string(),
            _ => stored.to_string(),
        }
    }
    fn ferr(&self, form: &str, k: &str) -> &str {
        if self.is_failed(form) {
            self.errors.get(k)
        } else {
            ""
        }
    }
    /// Whether kind `code` is ticked in `form` (as submitted when it failed, else `stored`).
    fn has_kind(&self, form: &str, code: &str, stored: &[String]) -> bool {
        match &self.failed {
            Some(f) if f.form == form => f.fields.iter().any(|(k, v)| k == "kinds" && v == code),
            _ => stored.iter().any(|k| k == code),
        }
    }
    /// No kinds ticked (the new form's start).
    fn no_kinds(&self) -> Vec<String> {
        Vec::new()
    }
    fn row_key(&self, o: &ObligationView) -> String {
        o.id.to_string()
    }
    fn count(&self, o: &ObligationView) -> String {
        o.min_count.to_string()
    }
    fn due(&self, o: &ObligationView) -> String {
        o.due.clone().unwrap_or_default()
    }
}

async fn list(
    st: &AppState,
    me: &Me,
    flash: Option<&str>,
    failed: Option<Failed>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let (types, names) = type_opts(s, tr).await?;
    let codes: Vec<&str> = Cycle::ALL.iter().map(|c| c.code()).collect();
    let (status, errors) = match &failed {
        Some(f) => (StatusCode::UNPROCESSABLE_ENTITY, f.errors.clone()),
        None => (StatusCode::OK, BTreeMap::new()),
    };
    let mut l = Layout::new(&me.ctx, "obligations", "nav.obligations", "/obligations")
        .with_flash(flash)
        .with_kinds(s)
        .await?;
    l.kinds.extend(s.cadence().roles());
    let p = ListPage {
        l,
        rows: s.cadence().obligations().await?,
        types,
        names,
        cycles: label_opts(tr, "cadence.cycle", &codes),
        can_manage: me.actor.grants.holds_anywhere(Permission::CadenceManage),
        global: me.actor.grants.allows_global(Permission::CadenceManage),
        failed,
        errors: Errors(errors),
    };
    Ok(render(status, &p))
}

#[derive(Deserialize, Default)]
pub(crate) struct OkQ {
    ok: Option<String>,
}

pub(crate) async fn index(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<OkQ>,
) -> WebResult<Response> {
    list(&st, &me, q.ok.as_deref(), None).await
}

/// The submitted form as the domain's input (the kinds ticked, each once).
fn input_of(fields: &[(String, String)]) -> ObligationInput {
    let get = |k: &str| first(fields, k).to_string();
    ObligationInput {
        node_id: get("node_id"),
        kinds: fields
            .iter()
            .filter(|(k, _)| k == "kinds")
            .map(|(_, v)| v.clone())
            .collect(),
        activity_type: get("activity_type"),
        cycle: get("cycle"),
        min_count: get("min_count"),
        due: get("due"),
    }
}

/// The obligation kinds and activity types an input is checked against, and the input
/// checked.
async fn checked(
    s: Scoped<'_>,
    fields: &[(String, String)],
) -> Result<touyan_domain::cadence::Obligation, WebError> {
    let (kinds, types) = super::api::choices(s).await?;
    Ok(input_of(fields).parse(&kinds, &types)?)
}

/// A write's outcome: back to the list with a notice, or the list again with the form's
/// errors beside its fields (422).
async fn done<T>(
    st: &AppState,
    me: &Me,
    r: Result<T, WebError>,
    ok: &str,
    form: String,
    fields: Fields,
) -> WebResult<Response> {
    match r {
        Ok(_) => Ok(see_other(&format!("/obligations?ok={ok}"))),
        Err(e) => {
            let errors = form_failure(e, me.ctx.tr())?;
            let failed = Failed {
                form,
                fields,
                errors,
            };
            list(st, me, None, Some(failed)).await
        }
    }
}

pub(crate) async fn create(
    State(st): State<AppState>,
    me: Me,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let r = async {
        let o = checked(s, &fields).await?;
        Ok::<_, WebError>(s.cadence().create_obligation(o).await?)
    }
    .await;
    done(
        &st,
        &me,
        r,
        "ok.cadence_obligation_created",
        "new".into(),
        fields,
    )
    .await
}

pub(crate) async fn update(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    // Where it is set stays its own, whatever the form says.
    let stored = s
        .cadence()
        .obligations()
        .await?
        .into_iter()
        .find(|o| o.id == id)
        .ok_or(StorageError::NotFound)?;
    let mut fields: Fields = fields.into_iter().filter(|(k, _)| k != "node_id").collect();
    let node = stored.node_id.map(|n| n.to_string()).unwrap_or_default();
    fields.push(("node_id".into(), node));
    let r = async {
        let o = checked(s, &fields).await?;
        Ok::<_, WebError>(s.cadence().update_obligation(id, o).await?)
    }
    .await;
    let form = id.to_string();
    done(&st, &me, r, "ok.cadence_obligation_saved", form, fields).await
}

pub(crate) async fn remove(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let r = s
        .cadence()
        .delete_obligation(id)
        .await
        .map_err(WebError::from);
    let fields = Fields::new();
    done(
        &st,
        &me,
        r,
        "ok.cadence_obligation_deleted",
        id.to_string(),
        fields,
    )
    .await
}
