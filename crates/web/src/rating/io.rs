//! The allowance's spreadsheets: a batch's payout list (organization, star, worker, days in
//! post, amount) and its bank-transfer sheet (payee, amount in yuan, purpose).

use crate::ctx::Authed;
use crate::error::WebResult;
use crate::i18n::Tr;
use crate::xlsx;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use touyan_domain::access::Permission;
use touyan_storage::rating::BatchDetail;
use touyan_storage::Scoped;

/// Fen as yuan with two decimals (`-123.45`).
pub(crate) fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", fen.abs() / 100, fen.abs() % 100)
}

async fn noted(s: Scoped<'_>, id: i64, what: &str) -> WebResult<BatchDetail> {
    let d = s.ratings().batch(id).await?;
    s.audit()
        .note(
            "export",
            "allowance_batch",
            Permission::RatingRead,
            Some(d.batch.node_id),
            Some(serde_json::json!({"batch_id": id, "sheet": what, "rows": d.lines.len()})),
        )
        .await?;
    Ok(d)
}

pub(crate) async fn payout(s: Scoped<'_>, tr: Tr, id: i64) -> WebResult<Response> {
    let d = noted(s, id, "payout").await?;
    let rows = d
        .lines
        .iter()
        .map(|l| {
            vec![
                l.org_name.as_str().into(),
                l.star.map(|s| i64::from(s)).into(),
                l.person_name.as_str().into(),
                l.days.into(),
                yuan(l.amount_fen).into(),
            ]
        })
        .collect();
    let h = [
        "rating.col.org",
        "rating.col.star",
        "rating.col.worker",
        "rating.col.days",
        "rating.col.amount",
    ];
    let name = format!("allowance-{}-{}.xlsx", d.batch.period, d.batch.id);
    xlsx::download_keys(tr, &name, "rating.sheet_payout", &h, rows)
}

pub(crate) async fn bank(s: Scoped<'_>, tr: Tr, id: i64) -> WebResult<Response> {
    let d = noted(s, id, "bank").await?;
    let purpose = format!("{} {}", tr.t("rating.allowance"), d.batch.period);
    let rows = d
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            vec![
                (i as i64 + 1).into(),
                l.person_name.as_str().into(),
                yuan(l.amount_fen).into(),
                purpose.as_str().into(),
                l.org_name.as_str().into(),
            ]
        })
        .collect();
    let h = [
        "rating.col.no",
        "rating.col.payee",
        "rating.col.amount",
        "rating.col.purpose",
        "rating.col.org",
    ];
    let name = format!("transfer-{}-{}.xlsx", d.batch.period, d.batch.id);
    xlsx::download_keys(tr, &name, "rating.sheet_bank", &h, rows)
}

/// A batch's payout list as .xlsx (audited).
#[utoipa::path(get, path = "/api/v1/allowances/{id}/payout.xlsx", tag = "allowances",
    params(("id" = i64, Path, description = "The batch")),
    responses((status = 200, description = "The payout list as .xlsx", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (status = 404, body = crate::api::ErrorBody)))]
pub async fn payout_api(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Response> {
    payout(st.store.scoped(&me.actor), me.ctx.tr(), id).await
}

/// A batch's bank-transfer sheet as .xlsx (audited).
#[utoipa::path(get, path = "/api/v1/allowances/{id}/bank.xlsx", tag = "allowances",
    params(("id" = i64, Path, description = "The batch")),
    responses((status = 200, description = "The bank-transfer sheet as .xlsx", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (status = 404, body = crate::api::ErrorBody)))]
pub async fn bank_api(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Response> {
    bank(st.store.scoped(&me.actor), me.ctx.tr(), id).await
}
