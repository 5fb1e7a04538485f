//! The campaigns' spreadsheet: the list with its filters.

use super::api::CampaignQuery;
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::i18n::Tr;
use crate::xlsx;
use crate::AppState;
use axum::extract::State;
use axum::response::Response;
use touyan_domain::access::Permission;
use touyan_storage::Scoped;

pub(crate) async fn export(s: Scoped<'_>, tr: Tr, q: &CampaignQuery) -> WebResult<Response> {
    let f = q.filter();
    let rows = s.campaigns().all(&f, xlsx::EXPORT_CAP).await?;
    s.audit()
        .note(
            "export",
            "campaign",
            Permission::CampaignRead,
            f.under,
            Some(serde_json::json!({"rows": rows.len()})),
        )
        .await?;
    let data = rows
        .iter()
        .map(|c| {
            vec![
                c.name.as_str().into(),
                c.node_name.as_str().into(),
                c.start_on.as_str().into(),
                c.end_on.as_str().into(),
                tr.t(&format!("campaign.status.{}", c.status)).into(),
                c.targets.into(),
                c.progress_pct.map(|p| format!("{p:.1}%")).into(),
                format!("{}/{}", c.milestones_done, c.milestones).into(),
                c.created_by.as_str().into(),
            ]
        })
        .collect();
    let h = [
        "campaign.col.name",
        "campaign.col.node",
        "campaign.col.start_on",
        "campaign.col.end_on",
        "campaign.col.status",
        "campaign.col.targets",
        "campaign.col.overall",
        "campaign.col.milestones",
        "campaign.col.created_by",
    ];
    xlsx::download_keys(tr, "campaigns.xlsx", "campaign.sheet", &h, data)
}

/// Campaigns as .xlsx, with the list's filters (audited).
#[utoipa::path(get, path = "/api/v1/campaigns/export.xlsx", tag = "campaigns", params(CampaignQuery),
    responses((status = 200, description = "Campaigns as .xlsx", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn export_api(
    State(st): State<AppState>,
    me: Authed,
    crate::api::ApiQuery(q): crate::api::ApiQuery<CampaignQuery>,
) -> WebResult<Response> {
    export(st.store.scoped(&me.actor), me.ctx.tr(), &q).await
}
