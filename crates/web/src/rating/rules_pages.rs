//! A node's rating rules: thresholds, caps, the veto's effect, the one-star step and the
//! notice days, shown with where they come from and changed by a manager of the node.

use super::pages::{field, points, Fields, OkQ};
use crate::error::{WebError, WebResult};
use crate::pages::{form_failure, page, render, see_other, Errors, Layout, Me};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use std::collections::BTreeMap;
use touyan_domain::rating::RuleInput;
use touyan_storage::rating::RuleView;

#[derive(Template)]
#[template(path = "rating/rules.html")]
struct RulesPage {
    l: Layout,
    r: RuleView,
    /// The rules come from a node above.
    inherited: bool,
    values: BTreeMap<String, String>,
    errors: Errors,
}

impl RulesPage {
    fn val(&self, k: &str) -> &str {
        self.values.get(k).map(String::as_str).unwrap_or("")
    }
}

fn rule_values(r: &RuleView) -> BTreeMap<String, String> {
    let mut v = BTreeMap::new();
    for i in 0..5 {
        v.insert(format!("threshold_{}", i + 1), points(&r.thresholds[i]));
        let cap = r.caps[i].map(|c| c.to_string()).unwrap_or_default();
        v.insert(format!("cap_{}", i + 1), cap);
    }
    v.insert("veto_policy".into(), r.veto_policy.clone());
    v.insert(
        "step_limit".into(),
        if r.step_limit { "on" } else { "" }.into(),
    );
    v.insert("notice_days".into(), r.notice_days.to_string());
    v
}

pub(crate) async fn rules_form(
    State(st): State<AppState>,
    me: Me,
    Path(node_id): Path<i64>,
    Query(q): Query<OkQ>,
) -> WebResult<Response> {
    let r = st.store.scoped(&me.actor).ratings().rules(node_id).await?;
    let path = format!("/ratings/rules/{node_id}");
    Ok(page(&RulesPage {
        l: Layout::new(&me.ctx, "ratings", "rating.rules_title", &path).with_flash(q.ok.as_deref()),
        values: rule_values(&r),
        inherited: r.from_node_id.is_some_and(|n| n != node_id),
        r,
        errors: Errors::default(),
    }))
}

pub(crate) async fn set_rules(
    State(st): State<AppState>,
    me: Me,
    Path(node_id): Path<i64>,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let f = |k: &str| field(&fields, k);
    let input = RuleInput {
        threshold_1: f("threshold_1"),
        threshold_2: f("threshold_2"),
        threshold_3: f("threshold_3"),
        threshold_4: f("threshold_4"),
        threshold_5: f("threshold_5"),
        cap_1: f("cap_1"),
        cap_2: f("cap_2"),
        cap_3: f("cap_3"),
        cap_4: f("cap_4"),
        cap_5: f("cap_5"),
        veto_policy: f("veto_policy"),
        step_limit: f("step_limit"),
        notice_days: f("notice_days"),
    };
    let repo = st.store.scoped(&me.actor).ratings();
    match repo.set_rules(node_id, &input).await {
        Ok(_) => Ok(see_other(&format!(
            "/ratings/rules/{node_id}?ok=ok.rating_rules_saved"
        ))),
        Err(e) => {
            let errors = form_failure(WebError::from(e), me.ctx.tr())?;
            let r = repo.rules(node_id).await?;
            let path = format!("/ratings/rules/{node_id}");
            let p = RulesPage {
                l: Layout::new(&me.ctx, "ratings", "rating.rules_title", &path),
                inherited: r.from_node_id.is_some_and(|n| n != node_id),
                r,
                values: fields.into_iter().collect(),
                errors: Errors(errors),
            };
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
    }
}
