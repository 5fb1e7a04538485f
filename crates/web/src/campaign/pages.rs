//! The campaigns' pages: the list (filters, pages, export) and the form to start one; one
//! campaign and its forms are in `target_pages`.

use crate::error::WebResult;
use crate::pages::{
    form_failure, opt_id, page, parse_page, render, see_other, Errors, Layout, Me, Pager,
};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Form;
use serde::Deserialize;
use std::collections::BTreeMap;
use touyan_domain::access::Permission;
use touyan_domain::campaign::{CampaignInput, Status};
use touyan_storage::campaign::{CampaignFilter, CampaignView};

pub fn routes() -> crate::routes::Routes {
    use super::edit_pages as e;
    use super::files as f;
    use super::target_pages as t;
    use crate::upload_guard::UPLOAD_LIMIT;
    use axum::extract::DefaultBodyLimit;
    crate::routes::Routes::new()
        .route("/campaigns", get(index))
        .route("/campaigns/new", get(new_form).post(create))
        .route("/campaigns/{id}", get(t::show))
        .route("/campaigns/{id}/edit", get(e::edit_form).post(e::save))
        .route("/campaigns/{id}/delete", post(e::delete))
        .route("/campaigns/{id}/targets", post(t::add_target))
        .route(
            "/campaigns/{id}/targets/{tid}/edit",
            get(e::target_form).post(e::save_target),
        )
        .route(
            "/campaigns/{id}/targets/{tid}/delete",
            post(e::delete_target),
        )
        .route(
            "/campaigns/{id}/targets/{tid}/values",
            post(t::record_value),
        )
        .route("/campaigns/{id}/tasks", post(super::task_links::link))
        .route(
            "/campaigns/{id}/tasks/{task_id}/unlink",
            post(super::task_links::unlink),
        )
        .route("/campaigns/{id}/milestones", post(t::add_milestone))
        .route("/campaigns/{id}/milestones/{mid}/done", post(t::complete))
        .route(
            "/campaigns/{id}/milestones/{mid}/files",
            post(f::upload).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route(
            "/campaigns/{id}/milestones/{mid}/files/{fid}",
            get(f::download),
        )
        .route(
            "/campaigns/{id}/milestones/{mid}/files/{fid}/delete",
            post(f::remove),
        )
        .route("/campaigns/{id}/close", post(t::close))
        .route("/campaigns/{id}/activate", post(t::activate))
}

/// A form's fields, as posted.
pub(crate) use crate::pages::{field, Fields};

#[derive(Deserialize, Default)]
struct ListQ {
    under: Option<String>,
    q: Option<String>,
    status: Option<String>,
    ok: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

#[derive(Template)]
#[template(path = "campaign/list.html")]
struct ListPage {
    l: Layout,
    rows: Vec<CampaignView>,
    pager: Pager,
    f: BTreeMap<&'static str, String>,
    statuses: [Status; 3],
    can_start: bool,
    export_href: String,
}

impl ListPage {
    fn val(&self, k: &str) -> &str {
        self.f.get(k).map(String::as_str).unwrap_or("")
    }
}

async fn index(State(st): State<AppState>, me: Me, Query(q): Query<ListQ>) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let req = parse_page(&q.page, &q.per_page)?;
    let text = |v: &Option<String>| v.clone().unwrap_or_default().trim().to_string();
    let status = Some(text(&q.status)).filter(|s| Status::from_code(s).is_some());
    let filter = CampaignFilter {
        under: opt_id("under", &q.under)?,
        q: q.q.clone(),
        status: status.clone(),
    };
    let p = s.campaigns().list(&filter, req).await?;
    let params = vec![
        ("under", text(&q.under)),
        ("q", text(&q.q)),
        ("status", status.unwrap_or_default()),
    ];
    let pager = Pager::new(req, p.total, &params);
    let export_href = format!(
        "/api/v1/campaigns/export.xlsx?{}",
        pager.base.trim_end_matches('&')
    );
    Ok(page(&ListPage {
        l: Layout::new(&me.ctx, "campaigns", "nav.campaigns", "/campaigns")
            .with_flash(q.ok.as_deref()),
        rows: p.items,
        pager,
        f: params.into_iter().collect(),
        statuses: Status::ALL,
        can_start: me.actor.grants.holds_anywhere(Permission::CampaignManage),
        export_href,
    }))
}

#[derive(Template)]
#[template(path = "campaign/new.html")]
struct NewPage {
    l: Layout,
    values: BTreeMap<String, String>,
    errors: Errors,
}

impl NewPage {
    fn val(&self, k: &str) -> &str {
        self.values.get(k).map(String::as_str).unwrap_or("")
    }
}

fn new_page(me: &Me, fields: &Fields, errors: BTreeMap<String, String>) -> NewPage {
    NewPage {
        l: Layout::new(&me.ctx, "campaigns", "campaign.new_title", "/campaigns/new"),
        values: fields.iter().cloned().collect(),
        errors: Errors(errors),
    }
}

async fn new_form(me: Me) -> WebResult<Response> {
    Ok(page(&new_page(&me, &vec![], BTreeMap::new())))
}

async fn create(
    State(st): State<AppState>,
    me: Me,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let input = CampaignInput {
        node_id: field(&fields, "node_id"),
        name: field(&fields, "name"),
        description: field(&fields, "description"),
        start_on: field(&fields, "start_on"),
        end_on: field(&fields, "end_on"),
        status: field(&fields, "status"),
    };
    match s.campaigns().create(&input).await {
        Ok(d) => Ok(see_other(&format!(
            "/campaigns/{}?ok=ok.campaign_created",
            d.campaign.id
        ))),
        Err(e) => {
            let errors = form_failure(e.into(), me.ctx.tr())?;
            let p = new_page(&me, &fields, errors);
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
    }
}
