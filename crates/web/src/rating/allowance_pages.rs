//! The allowance's pages: batches with the compute form and the paid total since a year
//! (“2020 年以来已发放”), a node's amount table for a period, and one batch with its lines,
//! approve / pay / reverse, and its spreadsheets.

use super::pages::{field, stars, Fields};
use crate::error::{WebError, WebResult};
use crate::pages::{
    form_failure, opt_id, page, parse_page, render, see_other, Errors, Layout, Me, Pager,
};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use serde::Deserialize;
use std::collections::BTreeMap;
use touyan_domain::access::Permission;
use touyan_domain::money::Fen;
use touyan_domain::rating::{AmountInput, BatchInput, BatchState};
use touyan_storage::rating::{BatchDetail, BatchView};
use touyan_storage::StorageError;

#[derive(Deserialize, Default)]
pub(crate) struct ListQ {
    under: Option<String>,
    since: Option<String>,
    ok: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

#[derive(Template)]
#[template(path = "rating/batches.html")]
struct ListPage {
    l: Layout,
    rows: Vec<BatchView>,
    pager: Pager,
    under: String,
    since: String,
    /// The paid total of the subtree since the year, in words, when a node is known.
    total: Option<String>,
    node_id: Option<i64>,
    can_manage: bool,
    values: BTreeMap<String, String>,
    errors: Errors,
}

impl ListPage {
    fn yuan(&self, fen: &i64) -> String {
        Fen(*fen).yuan()
    }
    fn val(&self, k: &str) -> &str {
        self.values.get(k).map(String::as_str).unwrap_or("")
    }
}

async fn list_page(
    st: &AppState,
    me: &Me,
    q: &ListQ,
    values: BTreeMap<String, String>,
    errors: BTreeMap<String, String>,
) -> WebResult<ListPage> {
    let s = st.store.scoped(&me.actor);
    let req = parse_page(&q.page, &q.per_page)?;
    let under = opt_id("under", &q.under)?;
    let p = s.ratings().batches(under, req).await?;
    let since = q
        .since
        .clone()
        .unwrap_or_else(|| "2020".into())
        .trim()
        .to_string();
    let node_id = under.or_else(|| me.actor.home_ref().map(|(id, _)| id));
    let total = match node_id {
        Some(n) => match s.ratings().paid_total(n, &since).await {
            Ok(t) => {
                let amount = Fen(t).yuan();
                let args = [("year", since.as_str()), ("amount", amount.as_str())];
                Some(me.ctx.tr().tf("rating.paid_since", &args))
            }
            Err(StorageError::NotFound) => None,
            Err(e) => return Err(e.into()),
        },
        None => None,
    };
    let params = vec![("under", under.map(|u| u.to_string()).unwrap_or_default())];
    Ok(ListPage {
        l: Layout::new(&me.ctx, "allowances", "nav.allowances", "/allowances")
            .with_flash(q.ok.as_deref()),
        rows: p.items,
        pager: Pager::new(req, p.total, &params),
        under: params[0].1.clone(),
        since,
        total,
        node_id,
        can_manage: me.actor.grants.holds_anywhere(Permission::RatingManage),
        values,
        errors: Errors(errors),
    })
}

pub(crate) async fn index(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<ListQ>,
) -> WebResult<Response> {
    Ok(page(
        &list_page(&st, &me, &q, BTreeMap::new(), BTreeMap::new()).await?,
    ))
}

pub(crate) async fn compute(
    State(st): State<AppState>,
    me: Me,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let input = BatchInput {
        node_id: field(&fields, "node_id"),
        period: field(&fields, "period"),
    };
    match st
        .store
        .scoped(&me.actor)
        .ratings()
        .compute_batch(&input)
        .await
    {
        Ok(d) => Ok(see_other(&format!(
            "/allowances/{}?ok=ok.allowance_computed",
            d.batch.id
        ))),
        Err(e) => {
            let errors = form_failure(WebError::from(e), me.ctx.tr())?;
            let values = fields.into_iter().collect();
            let p = list_page(&st, &me, &ListQ::default(), values, errors).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
    }
}

#[derive(Deserialize, Default)]
pub(crate) struct AmountQ {
    period: Option<String>,
    ok: Option<String>,
}

#[derive(Template)]
#[template(path = "rating/amounts.html")]
struct AmountPage {
    l: Layout,
    node_id: i64,
    values: BTreeMap<String, String>,
    errors: Errors,
}

impl AmountPage {
    fn val(&self, k: &str) -> &str {
        self.values.get(k).map(String::as_str).unwrap_or("")
    }
}

pub(crate) async fn amounts_form(
    State(st): State<AppState>,
    me: Me,
    Path(node_id): Path<i64>,
    Query(q): Query<AmountQ>,
) -> WebResult<Response> {
    let period = q.period.clone().unwrap_or_default().trim().to_string();
    let mut values = BTreeMap::new();
    let a = st
        .store
        .scoped(&me.actor)
        .ratings()
        .amounts(node_id, &period)
        .await?;
    if !period.is_empty() {
        for (i, f) in a.amounts_fen.iter().enumerate() {
            values.insert(format!("amount_{}", i + 1), Fen(*f).plain());
        }
    }
    values.insert("period".into(), period);
    let path = format!("/allowances/amounts/{node_id}");
    Ok(page(&AmountPage {
        l: Layout::new(&me.ctx, "allowances", "rating.amounts_title", &path)
            .with_flash(q.ok.as_deref()),
        node_id,
        values,
        errors: Errors::default(),
    }))
}

pub(crate) async fn set_amounts(
    State(st): State<AppState>,
    me: Me,
    Path(node_id): Path<i64>,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let f = |k: &str| field(&fields, k);
    let input = AmountInput {
        period: f("period"),
        amount_1: f("amount_1"),
        amount_2: f("amount_2"),
        amount_3: f("amount_3"),
        amount_4: f("amount_4"),
        amount_5: f("amount_5"),
    };
    let repo = st.store.scoped(&me.actor).ratings();
    match repo.set_amounts(node_id, &input).await {
        Ok(a) => Ok(see_other(&format!(
            "/allowances/amounts/{node_id}?period={}&ok=ok.allowance_amounts_saved",
            a.period
        ))),
        Err(e) => {
            let errors = form_failure(WebError::from(e), me.ctx.tr())?;
            let path = format!("/allowances/amounts/{node_id}");
            let p = AmountPage {
                l: Layout::new(&me.ctx, "allowances", "rating.amounts_title", &path),
                node_id,
                values: fields.into_iter().collect(),
                errors: Errors(errors),
            };
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
    }
}

#[derive(Template)]
#[template(path = "rating/batch.html")]
struct BatchPage {
    l: Layout,
    d: BatchDetail,
}

impl BatchPage {
    /// How many payees lack a bank account, in words.
    fn missing_note(&self) -> String {
        let n = self.d.missing_accounts.to_string();
        self.l
            .tr
            .tf("rating.accounts_missing", &[("count", n.as_str())])
    }
    fn yuan(&self, fen: &i64) -> String {
        Fen(*fen).yuan()
    }
    fn stars(&self, s: &Option<u8>) -> String {
        stars(self.l.tr, s)
    }
}

#[derive(Deserialize, Default)]
pub(crate) struct OkQ {
    ok: Option<String>,
}

pub(crate) async fn show(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<OkQ>,
) -> WebResult<Response> {
    let d = st.store.scoped(&me.actor).ratings().batch(id).await?;
    Ok(page(&BatchPage {
        l: Layout::new(
            &me.ctx,
            "allowances",
            "rating.batch_title",
            &format!("/allowances/{id}"),
        )
        .with_flash(q.ok.as_deref()),
        d,
    }))
}

pub(crate) async fn approve(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
) -> WebResult<Response> {
    let r = st.store.scoped(&me.actor).ratings();
    r.advance_batch(id, BatchState::Approved).await?;
    Ok(see_other(&format!(
        "/allowances/{id}?ok=ok.allowance_approved"
    )))
}

pub(crate) async fn pay(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
) -> WebResult<Response> {
    let r = st.store.scoped(&me.actor).ratings();
    r.advance_batch(id, BatchState::Paid).await?;
    Ok(see_other(&format!("/allowances/{id}?ok=ok.allowance_paid")))
}

pub(crate) async fn reverse(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
) -> WebResult<Response> {
    let d = st
        .store
        .scoped(&me.actor)
        .ratings()
        .reverse_batch(id)
        .await?;
    Ok(see_other(&format!(
        "/allowances/{}?ok=ok.allowance_reversed",
        d.batch.id
    )))
}
