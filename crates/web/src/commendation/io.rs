//! The commendations' spreadsheet: the list with its filters.

use super::api::CommendationQuery;
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::i18n::Tr;
use crate::xlsx;
use crate::AppState;
use axum::extract::State;
use axum::response::Response;
use touyan_domain::access::Permission;
use touyan_storage::Scoped;

pub(crate) async fn export(s: Scoped<'_>, tr: Tr, q: &CommendationQuery) -> WebResult<Response> {
    let f = q.filter();
    let rows = s.commendations().all(&f, xlsx::EXPORT_CAP).await?;
    s.audit()
        .note(
            "export",
            "commendation",
            Permission::CommendationRead,
            f.under,
            Some(serde_json::json!({"rows": rows.len()})),
        )
        .await?;
    let data = rows
        .iter()
        .map(|c| {
            vec![
                c.title.as_str().into(),
                c.doc_number.as_str().into(),
                c.node_name.as_str().into(),
                c.issued_on.as_str().into(),
                tr.t(&format!("commendation.level.{}", c.level)).into(),
                tr.t(&format!("commendation.state.{}", c.state)).into(),
                c.organizations.into(),
                c.people.into(),
                c.revoke_reason.as_deref().unwrap_or("").into(),
            ]
        })
        .collect();
    let h = [
        "commendation.col.title",
        "commendation.col.doc_number",
        "commendation.col.node",
        "commendation.col.issued_on",
        "commendation.col.level",
        "commendation.col.state",
        "commendation.col.organizations",
        "commendation.col.people",
        "commendation.col.revoke_reason",
    ];
    xlsx::download_keys(tr, "commendations.xlsx", "commendation.sheet", &h, data)
}

/// Commendations as .xlsx, with the list's filters (audited).
#[utoipa::path(get, path = "/api/v1/commendations/export.xlsx", tag = "commendations", params(CommendationQuery),
    responses((status = 200, description = "Commendations as .xlsx", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn export_api(
    State(st): State<AppState>,
    me: Authed,
    crate::api::ApiQuery(q): crate::api::ApiQuery<CommendationQuery>,
) -> WebResult<Response> {
    export(st.store.scoped(&me.actor), me.ctx.tr(), &q).await
}
