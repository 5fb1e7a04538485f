//! A round's scores as .xlsx: one line per organization and item, its own score and the
//! department's in points.

use crate::ctx::Authed;
use crate::error::WebResult;
use crate::i18n::Tr;
use crate::xlsx::{self, Cell};
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use touyan_domain::access::Permission;
use touyan_domain::evaluation::show_points;
use touyan_storage::Scoped;

pub(crate) async fn export(s: Scoped<'_>, tr: Tr, id: i64) -> WebResult<Response> {
    let (_, node_id, lines) = s.evaluation().export(id).await?;
    s.audit()
        .note(
            "export",
            "round",
            Permission::EvaluationRead,
            Some(node_id),
            Some(serde_json::json!({"round_id": id, "rows": lines.len()})),
        )
        .await?;
    let points = |v: Option<i64>| -> Cell { v.map(show_points).into() };
    let data = lines
        .into_iter()
        .map(|l| {
            vec![
                l.organization.into(),
                l.indicator.into(),
                tr.t(&format!("evaluation.kind.{}", l.kind)).into(),
                show_points(l.max).into(),
                points(l.self_score),
                points(l.reviewer_score),
                points(l.reviewer_score.zip(l.self_score).map(|(r, s)| r - s)),
                l.reviewer.into(),
            ]
        })
        .collect();
    let h = [
        "evaluation.col.organization",
        "evaluation.col.indicator",
        "evaluation.col.kind",
        "evaluation.col.max",
        "evaluation.col.self_score",
        "evaluation.col.reviewer_score",
        "evaluation.col.difference",
        "evaluation.col.reviewer",
    ];
    xlsx::download_keys(
        tr,
        &format!("round-{id}.xlsx"),
        "evaluation.sheet",
        &h,
        data,
    )
}

/// A round's scores as .xlsx (audited).
#[utoipa::path(get, path = "/api/v1/rounds/{id}/export.xlsx", tag = "evaluation",
    params(("id" = i64, Path, description = "The round")),
    responses((status = 200, description = "The round's scores as .xlsx", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (status = 404, body = crate::api::ErrorBody)))]
pub async fn export_api(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Response> {
    export(st.store.scoped(&me.actor), me.ctx.tr(), id).await
}
