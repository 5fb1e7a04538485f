//! The area's spreadsheets: the ratings with the list's filters, and an allowance batch's
//! payout list (organization, star, worker, days in post, amount) and bank-transfer sheet
//! (payee, bank, holder, the full account number, amount in yuan, purpose; a line without
//! an account marked so).

use super::api::RatingQuery;
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::i18n::Tr;
use crate::xlsx;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use touyan_domain::access::Permission;
use touyan_domain::money::Fen;
use touyan_storage::rating::BatchDetail;
use touyan_storage::Scoped;

async fn noted(s: Scoped<'_>, id: i64, what: &str) -> WebResult<BatchDetail> {
    let d = s.ratings().batch(id).await?;
    s.audit()
        .note(
            "export",
            "allowance_batch",
            Permission::RatingRead,
            Some(d.batch.node_id),
            Some(
                serde_json::json!({"batch_id": id, "sheet": what, "rows": d.lines.len(),
                "missing_accounts": d.missing_accounts}),
            ),
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
                l.star.map(i64::from).into(),
                l.person_name.as_str().into(),
                l.days.into(),
                Fen(l.amount_fen).fixed().into(),
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
    let accounts = s.ratings().bank_accounts(id).await?;
    let purpose = format!("{} {}", tr.t("rating.allowance"), d.batch.period);
    let missing = tr.t("rating.account_missing");
    let rows = d
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let a = accounts.get(&l.person_id);
            vec![
                (i as i64 + 1).into(),
                l.person_name.as_str().into(),
                a.map_or("", |a| a.bank_name.as_str()).into(),
                a.map_or("", |a| a.holder.as_str()).into(),
                a.map_or(missing, |a| a.account_number.as_str()).into(),
                Fen(l.amount_fen).fixed().into(),
                purpose.as_str().into(),
                l.org_name.as_str().into(),
            ]
        })
        .collect();
    let h = [
        "rating.col.no",
        "rating.col.payee",
        "rating.col.bank",
        "rating.col.holder",
        "rating.col.account",
        "rating.col.amount",
        "rating.col.purpose",
        "rating.col.org",
    ];
    let name = format!("transfer-{}-{}.xlsx", d.batch.period, d.batch.id);
    xlsx::download_keys(tr, &name, "rating.sheet_bank", &h, rows)
}

pub(crate) async fn ratings(s: Scoped<'_>, tr: Tr, q: &RatingQuery) -> WebResult<Response> {
    let f = q.filter();
    let rows = s.ratings().all(&f, xlsx::EXPORT_CAP).await?;
    s.audit()
        .note(
            "export",
            "rating",
            Permission::RatingRead,
            f.under,
            Some(serde_json::json!({"rows": rows.len()})),
        )
        .await?;
    let data = rows
        .iter()
        .map(|r| {
            vec![
                r.node_name.as_str().into(),
                r.period.as_str().into(),
                r.star.map(i64::from).into(),
                super::pages::points(&r.score).into(),
                tr.t(&format!("rating.basis.{}", r.basis)).into(),
                r.direct_reason.as_deref().unwrap_or("").into(),
                tr.t(&format!("rating.state.{}", r.state)).into(),
                r.issued_on.as_str().into(),
                r.notice_ends_on.as_str().into(),
                r.open_objections.into(),
            ]
        })
        .collect();
    let h = [
        "rating.col.org",
        "rating.col.period",
        "rating.col.star",
        "rating.col.score",
        "rating.col.basis",
        "rating.col.reason",
        "rating.col.state",
        "rating.col.issued_on",
        "rating.col.notice_ends_on",
        "rating.col.open_objections",
    ];
    xlsx::download_keys(tr, "ratings.xlsx", "rating.sheet_ratings", &h, data)
}

/// The ratings as .xlsx, with the list's filters (audited).
#[utoipa::path(get, path = "/api/v1/ratings/export.xlsx", tag = "ratings", params(RatingQuery),
    responses((status = 200, description = "Ratings as .xlsx", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn ratings_api(
    State(st): State<AppState>,
    me: Authed,
    crate::api::ApiQuery(q): crate::api::ApiQuery<RatingQuery>,
) -> WebResult<Response> {
    ratings(st.store.scoped(&me.actor), me.ctx.tr(), &q).await
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
