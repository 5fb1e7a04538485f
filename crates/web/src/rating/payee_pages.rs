//! The 红星津贴's payees: the party-affairs workers of a subtree with their bank accounts
//! (those without one first, numbers masked), and the form setting one payee's account.

use super::pages::{field, Fields, OkQ};
use crate::error::{WebError, WebResult};
use crate::pages::{form_failure, opt_id, page, parse_page, render, see_other, Errors, Layout, Me};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use serde::Deserialize;
use std::collections::BTreeMap;
use touyan_domain::rating::PayeeInput;
use touyan_storage::rating::PayeeView;

use crate::pages::Pager;

#[derive(Deserialize, Default)]
pub(crate) struct ListQ {
    under: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

#[derive(Template)]
#[template(path = "rating/payees.html")]
struct ListPage {
    l: Layout,
    rows: Vec<PayeeView>,
    pager: Pager,
    under: String,
}

pub(crate) async fn index(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<ListQ>,
) -> WebResult<Response> {
    let req = parse_page(&q.page, &q.per_page)?;
    let under = opt_id("under", &q.under)?;
    let r = st.store.scoped(&me.actor).ratings();
    let p = r.payees(under, req).await?;
    let params = vec![("under", under.map(|u| u.to_string()).unwrap_or_default())];
    Ok(page(&ListPage {
        l: Layout::new(
            &me.ctx,
            "allowances",
            "rating.payees_title",
            "/allowances/payees",
        ),
        rows: p.items,
        pager: Pager::new(req, p.total, &params),
        under: params[0].1.clone(),
    }))
}

#[derive(Template)]
#[template(path = "rating/payee.html")]
struct FormPage {
    l: Layout,
    p: PayeeView,
    values: BTreeMap<String, String>,
    errors: Errors,
}

impl FormPage {
    fn val(&self, k: &str) -> &str {
        self.values.get(k).map(String::as_str).unwrap_or("")
    }
}

fn form_page(me: &Me, p: PayeeView, flash: Option<&str>) -> FormPage {
    let path = format!("/allowances/payees/{}", p.id);
    let mut l = Layout::new(&me.ctx, "allowances", "rating.payee_title", &path).with_flash(flash);
    l.title = format!("{} · {}", l.title, p.person_name);
    let mut values = BTreeMap::new();
    values.insert("bank_name".into(), p.bank_name.clone().unwrap_or_default());
    values.insert("holder".into(), p.holder.clone().unwrap_or_default());
    FormPage {
        l,
        p,
        values,
        errors: Errors::default(),
    }
}

pub(crate) async fn show(
    State(st): State<AppState>,
    me: Me,
    Path(person_id): Path<i64>,
    Query(q): Query<OkQ>,
) -> WebResult<Response> {
    let p = st
        .store
        .scoped(&me.actor)
        .ratings()
        .payee(person_id)
        .await?;
    Ok(page(&form_page(&me, p, q.ok.as_deref())))
}

pub(crate) async fn set(
    State(st): State<AppState>,
    me: Me,
    Path(person_id): Path<i64>,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let input = PayeeInput {
        bank_name: field(&fields, "bank_name"),
        holder: field(&fields, "holder"),
        account_number: field(&fields, "account_number"),
    };
    let r = st.store.scoped(&me.actor).ratings();
    match r.set_payee(person_id, &input).await {
        Ok(_) => Ok(see_other(&format!(
            "/allowances/payees/{person_id}?ok=ok.payee_saved"
        ))),
        Err(e) => {
            let errors = form_failure(WebError::from(e), me.ctx.tr())?;
            let mut p = form_page(&me, r.payee(person_id).await?, None);
            p.values = fields.into_iter().collect();
            p.errors = Errors(errors);
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
    }
}
