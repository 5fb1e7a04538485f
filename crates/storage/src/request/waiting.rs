//! The caller's to-dos among requests (工作台待办): for each step of the loop, how many
//! requests wait on the caller's step there, how many of them are past due and how many hold a
//! supervision card. Counted over the same statement as the list filtered by that step, so a
//! to-do and the list it links to give the same number.

use super::*;
use crate::scope::within_any;
use sea_orm::sea_query::Expr;
use touyan_domain::request::workflow::{Waiting, WAITING};

/// One step's to-dos.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct WaitingCount {
    /// The step's code, as the list's `waiting` filter takes it.
    pub step: String,
    pub total: u64,
    /// Past their due time now (the list's `overdue` filter).
    pub overdue: u64,
    /// Holding a yellow or red card (the list's `card=yellow`).
    pub carded: u64,
}

impl RequestRepo<'_> {
    /// The requests in `w`'s state where the caller holds `w`'s role: dispatching from the
    /// request's dispatching unit, or handling at its handling unit.
    pub(crate) fn waiting_on(&self, w: &Waiting) -> Condition {
        let (perm, col) = match w.role {
            Role::Handler => (Permission::RequestHandle, sr::Column::HandlingPath),
            _ => (Permission::RequestDispatch, sr::Column::DispatcherPath),
        };
        let scopes = self.s.actor.grants.scopes(perm);
        let mut c = Condition::all()
            .add(sr::Column::State.eq(w.state.code()))
            .add(within_any(col, &scopes));
        if w.extension_asked {
            c = c.add(sr::Column::PendingExtensionDays.is_not_null());
        }
        c
    }

    /// The steps the caller may take somewhere, each with its counts (steps with no request
    /// waiting included, so a workbench can say "none").
    pub async fn waiting(&self) -> Result<Vec<WaitingCount>> {
        let g = &self.s.actor.grants;
        let mut out = vec![];
        for w in WAITING.iter() {
            let perm = match w.role {
                Role::Handler => Permission::RequestHandle,
                _ => Permission::RequestDispatch,
            };
            if g.scopes(perm).is_empty() {
                continue;
            }
            let f = RequestFilter {
                waiting: Some(w.code.to_string()),
                ..Default::default()
            };
            let now = now_ms();
            let counted = self
                .select(&f)
                .await?
                .select_only()
                .column_as(Expr::cust("COUNT(*)"), "total")
                .column_as(
                    Expr::cust(format!(
                        "COALESCE(SUM(CASE WHEN service_request.step_due_at < {now} \
                         OR service_request.follow_up_due_at < {now} THEN 1 ELSE 0 END), 0)"
                    )),
                    "overdue",
                )
                .column_as(
                    Expr::cust(
                        "COALESCE(SUM(CASE WHEN service_request.card IS NOT NULL \
                         THEN 1 ELSE 0 END), 0)",
                    ),
                    "carded",
                )
                .into_tuple::<(i64, i64, i64)>()
                .one(self.s.db)
                .await?
                .unwrap_or_default();
            out.push(WaitingCount {
                step: w.code.to_string(),
                total: counted.0.max(0) as u64,
                overdue: counted.1.max(0) as u64,
                carded: counted.2.max(0) as u64,
            });
        }
        Ok(out)
    }
}
