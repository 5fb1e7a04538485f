//! The cadence's pages: the activity records (the list with its filters and export, the form
//! with the roster of the day, one record with its attendance), compliance under a node with
//! its charts, and the obligations.

use super::io::{named, type_names};
use crate::error::WebResult;
use crate::i18n::Tr;
use crate::pages::{opt_id, page, parse_page, Layout, Me, Opt, Pager};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use touyan_domain::access::Permission;
use touyan_domain::fields::parse_date;
use touyan_storage::cadence::{ActivityFilter, ActivityView};
use touyan_storage::Scoped;

pub fn routes() -> crate::routes::Routes {
    use super::{activity_pages as a, compliance_page as c, obligation_pages as o};
    crate::routes::Routes::new()
        .route("/activities", get(index))
        .route("/activities/roster", get(a::roster))
        .route("/activities/centres", get(a::centres))
        .route(
            "/activities/import",
            get(super::import::import_page)
                .post(super::import::import_upload)
                .layer(axum::extract::DefaultBodyLimit::max(
                    crate::upload_guard::IMPORT_LIMIT,
                )),
        )
        .route(
            "/activities/import/report/{token}",
            get(super::import::import_report),
        )
        .route("/activities/new", get(a::new_form).post(a::create))
        .route("/activities/{id}", get(a::show).post(a::update))
        .route("/activities/{id}/delete", post(a::remove))
        .route("/activities/{id}/changes", post(a::propose))
        .route(
            "/activities/{id}/changes/{cid}/approve",
            post(super::changes::approve),
        )
        .route(
            "/activities/{id}/changes/{cid}/reject",
            post(super::changes::reject),
        )
        .route(
            "/activities/{id}/changes/{cid}/withdraw",
            post(super::changes::withdraw),
        )
        .route("/activities/{id}/signin", post(super::signin::open))
        .route(
            "/activities/{id}/files",
            post(super::files::upload).layer(axum::extract::DefaultBodyLimit::max(
                crate::upload_guard::UPLOAD_LIMIT,
            )),
        )
        .route("/activities/{id}/files/{fid}", get(super::files::download))
        .route(
            "/activities/{id}/files/{fid}/delete",
            post(super::files::remove),
        )
        .route(
            "/signin",
            get(super::signin::form).post(super::signin::submit),
        )
        .route("/compliance", get(c::show))
        .route("/obligations", get(o::index).post(o::create))
        .route("/obligations/{id}", post(o::update))
        .route("/obligations/{id}/delete", post(o::remove))
}

/// The activity types as choices, in the dictionary's order, named in the caller's language;
/// with the names by code.
pub(crate) async fn type_opts(
    s: Scoped<'_>,
    tr: Tr,
) -> WebResult<(Vec<Opt>, HashMap<String, String>)> {
    let names = type_names(s, tr).await?;
    let opts = s
        .cadence()
        .type_codes()
        .await?
        .into_iter()
        .map(|code| Opt {
            label: names.get(&code).cloned().unwrap_or_else(|| code.clone()),
            code,
        })
        .collect();
    Ok((opts, names))
}

#[derive(Deserialize, Default)]
struct ListQ {
    under: Option<String>,
    activity_type: Option<String>,
    from: Option<String>,
    to: Option<String>,
    q: Option<String>,
    late: Option<String>,
    /// `pending`: only those with a change request waiting on a decision.
    changes: Option<String>,
    /// Only those held at this service centre.
    centre_id: Option<String>,
    ok: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

/// One activity as the list shows it.
struct Row {
    a: ActivityView,
    types: String,
}

#[derive(Template)]
#[template(path = "cadence/activities.html")]
struct ListPage {
    l: Layout,
    rows: Vec<Row>,
    pager: Pager,
    f: BTreeMap<&'static str, String>,
    types: Vec<Opt>,
    can_write: bool,
    export_href: String,
}

impl ListPage {
    fn val(&self, k: &str) -> &str {
        self.f.get(k).map(String::as_str).unwrap_or("")
    }
}

async fn index(State(st): State<AppState>, me: Me, Query(q): Query<ListQ>) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let req = parse_page(&q.page, &q.per_page)?;
    let text = |v: &Option<String>| v.clone().unwrap_or_default().trim().to_string();
    let late = match text(&q.late).as_str() {
        "" => None,
        "false" | "0" => Some(false),
        _ => Some(true),
    };
    let filter = ActivityFilter {
        under: opt_id("under", &q.under)?,
        activity_type: q.activity_type.clone().filter(|t| !t.trim().is_empty()),
        from: parse_date("from", &text(&q.from))?,
        to: parse_date("to", &text(&q.to))?,
        q: q.q.clone(),
        late,
        pending_change: text(&q.changes) == "pending",
        centre_id: opt_id("centre_id", &q.centre_id)?,
    };
    let p = s.cadence().activities(&filter, req).await?;
    let (types, names) = type_opts(s, tr).await?;
    let params = vec![
        ("under", text(&q.under)),
        ("activity_type", text(&q.activity_type)),
        ("from", text(&q.from)),
        ("to", text(&q.to)),
        ("q", text(&q.q)),
        ("late", late.map(|b| b.to_string()).unwrap_or_default()),
        ("changes", text(&q.changes)),
        ("centre_id", text(&q.centre_id)),
    ];
    let pager = Pager::new(req, p.total, &params);
    let export_href = format!(
        "/api/v1/activities/export.xlsx?{}",
        pager.base.trim_end_matches('&')
    );
    let rows = p
        .items
        .into_iter()
        .map(|a| Row {
            types: named(&names, &a.types),
            a,
        })
        .collect();
    Ok(page(&ListPage {
        l: Layout::new(&me.ctx, "activities", "nav.activities", "/activities")
            .with_flash(q.ok.as_deref()),
        rows,
        pager,
        f: params.into_iter().collect(),
        types,
        can_write: me.actor.grants.holds_anywhere(Permission::CadenceWrite),
        export_href,
    }))
}
