//! What a visit is made of, and the check of one before it is written (its node, its people
//! and its problems).

use super::RequestView;
use chrono::NaiveDate;
use serde::Serialize;
use touyan_domain::fields::{parse_text, required_past_date};
use touyan_domain::request::intake::{Channel, NewRequest, RequestInput};
use touyan_domain::{DomainError, FieldErrors};

/// Most problems one visit records.
pub const MAX_PROBLEMS: usize = 20;

/// The node kind of enterprises in the organization tree (DESIGN module 1).
pub(super) const ENTERPRISE_KIND: &str = "enterprise";

pub use touyan_domain::request::entries::{ProblemInput, VisitInput};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VisitView {
    pub id: i64,
    pub node_id: i64,
    pub node_name: String,
    /// `enterprise` or `household`.
    pub kind: String,
    pub visited_on: NaiveDate,
    pub visitor_name: String,
    pub visitor_person_id: Option<i64>,
    pub household: Option<String>,
    pub notes: Option<String>,
    /// Problems found, each a request.
    pub problems: i32,
    /// The account that recorded the visit.
    pub recorded_by: Option<String>,
    pub created_at: i64,
}

/// A visit with the requests its problems became (those the caller may see).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VisitDetail {
    pub visit: VisitView,
    pub requests: Vec<RequestView>,
}

#[derive(Debug, Clone, Default)]
pub struct VisitFilter {
    /// Visits of nodes in this subtree.
    pub under: Option<i64>,
    /// `enterprise` or `household`.
    pub kind: Option<String>,
    /// Visited on or after.
    pub from: Option<NaiveDate>,
    /// Visited on or before.
    pub to: Option<NaiveDate>,
    /// Part of the visitor's name, the household or the notes.
    pub q: Option<String>,
    /// Visits by this person of the ledger.
    pub visitor_person_id: Option<i64>,
}

/// A category as forms and templates offer it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CategoryChoice {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
}

/// The checked visit: its own fields and a new request per problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedVisit {
    pub kind: &'static str,
    pub visited_on: NaiveDate,
    pub visitor_name: Option<String>,
    pub household: Option<String>,
    pub notes: Option<String>,
    pub requests: Vec<NewRequest>,
}

/// The visited node as the checks need it.
#[derive(Debug, Clone, Copy)]
pub struct VisitedNode<'n> {
    pub id: i64,
    pub kind: &'n str,
    pub name: &'n str,
}

/// Checks a visit against the node visited (`None` when it is missing; its error is the
/// caller's): the day, texts, the household rule and every problem by the intake rules of
/// channel `visit`. Errors of a problem are reported under `problems.<i>.<field>`; a problem
/// that takes the visit's contact reports contact errors under the visit's own fields.
pub fn check_visit(
    input: &VisitInput,
    node: Option<VisitedNode<'_>>,
    today: NaiveDate,
    categories: &[String],
) -> std::result::Result<CheckedVisit, DomainError> {
    let mut fe = FieldErrors::new();
    let visited_on = required_past_date(&mut fe, "visited_on", &input.visited_on, today);
    let visitor_name = fe
        .check(
            "visitor_name",
            parse_text("visitor_name", &input.visitor_name, 50, "err.too_long_50"),
        )
        .flatten();
    let notes = fe
        .check(
            "notes",
            parse_text("notes", &input.notes, 2000, "err.too_long_2000"),
        )
        .flatten();
    let household = fe
        .check(
            "household",
            parse_text("household", &input.household, 100, "err.too_long_100"),
        )
        .flatten();
    let enterprise = node.is_some_and(|n| n.kind == ENTERPRISE_KIND);
    match (node, enterprise, &household) {
        // An enterprise is its node; a household is somebody's home within a grid or community.
        (Some(_), true, Some(_)) => fe.add("household", "err.rvisit_household_enterprise"),
        (Some(_), false, None) if !fe.0.contains_key("household") => {
            fe.add("household", "err.rvisit_household_required")
        }
        _ => {}
    }
    let problems: Vec<&ProblemInput> = input.problems.iter().filter(|p| !p.is_blank()).collect();
    if problems.len() > MAX_PROBLEMS {
        fe.add("problems", "err.rvisit_too_many_problems");
    }
    let mut requests = Vec::with_capacity(problems.len());
    for (i, p) in problems.iter().enumerate() {
        let inherit = p.contact_name.trim().is_empty() && p.contact_phone.trim().is_empty();
        let (name, phone) = if inherit {
            (&input.contact_name, &input.contact_phone)
        } else {
            (&p.contact_name, &p.contact_phone)
        };
        let r = RequestInput {
            channel: Channel::Visit.code().into(),
            category: p.category.clone(),
            node_id: Some(node.map_or(0, |n| n.id)),
            address: p.address.clone(),
            description: p.description.clone(),
            contact_name: name.clone(),
            contact_phone: phone.clone(),
            urgency: p.urgency.clone(),
            hotline_no: String::new(),
            enterprise_name: if enterprise {
                node.map(|n| n.name.to_string()).unwrap_or_default()
            } else {
                String::new()
            },
        };
        match r.parse(categories) {
            Ok(new) => requests.push(new),
            Err(DomainError::Invalid(errs)) => {
                for (field, key) in errs.0 {
                    let at = if inherit && field.starts_with("contact_") {
                        field
                    } else {
                        format!("problems.{i}.{field}")
                    };
                    fe.add(&at, &key);
                }
            }
            Err(DomainError::Refused(k)) => fe.add(&format!("problems.{i}"), k),
        }
    }
    fe.into_result()?;
    Ok(CheckedVisit {
        kind: if enterprise {
            "enterprise"
        } else {
            "household"
        },
        visited_on: visited_on.expect("checked"),
        visitor_name,
        household,
        notes,
        requests,
    })
}
