//! The enterprise ledger (企业台账, [004] "全部登记造册，实行台账式管理"): each enterprise node's
//! profile — credit code, legal representative, industry, size, staff, founding, address,
//! operating status, yearly revenue — and its party-building status, derived from records.

pub mod permissions;

pub mod census;
mod credit_code;
pub mod links;
pub mod parks;
mod status;
pub mod tally;

pub use credit_code::CreditCode;
pub use status::*;

use crate::fields::{parse_date, parse_text};
use crate::input::text;
use crate::money::Fen;
use crate::{DomainError, FieldErrors};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

/// The 20 sections (门类) of the national industry classification, GB/T 4754-2017.
pub const INDUSTRIES: [&str; 20] = [
    "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S",
    "T",
];

/// Enterprise sizes as the national statistical standard divides them (大型、中型、小型、微型).
pub const SIZES: [&str; 4] = ["large", "medium", "small", "micro"];

/// Operating status: in business, moved out of the area, closed.
pub const STATUSES: [&str; 3] = ["operating", "moved_out", "closed"];

/// Most employees anyone records for one enterprise.
pub const MAX_EMPLOYEES: i64 = 1_000_000;

// A profile as the page form and the API body give it, read alike from each
// (`Deserialize`). The credit code must be sent; the rest are blank when not given. (Kept
// out of the API schema's description, which is the body's own.)
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = EnterpriseBody))]
pub struct EnterpriseInput {
    /// 统一社会信用代码 (GB 32100-2015).
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub credit_code: String,
    /// 法定代表人 or investor.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub legal_rep: String,
    /// A section of GB/T 4754-2017, `A`–`T`.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub industry: String,
    /// `large`, `medium`, `small` or `micro`.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub size: String,
    #[serde(default, deserialize_with = "crate::input::num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<i64>))]
    pub employees: String,
    /// `YYYY-MM-DD`.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub founded_on: String,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub address: String,
    /// `operating` (the default), `moved_out` or `closed`.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub status: String,
    /// The day it moved out or closed; required then.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub status_on: String,
}

/// A checked profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enterprise {
    pub credit_code: CreditCode,
    pub legal_rep: Option<String>,
    pub industry: Option<String>,
    pub size: Option<String>,
    pub employees: Option<i64>,
    pub founded_on: Option<NaiveDate>,
    pub address: Option<String>,
    pub status: String,
    pub status_on: Option<NaiveDate>,
}

fn choice(fe: &mut FieldErrors, field: &str, v: &str, allowed: &[&str]) -> Option<String> {
    let t = v.trim();
    if t.is_empty() {
        return None;
    }
    if allowed.contains(&t) {
        Some(t.to_string())
    } else {
        fe.add(field, "err.choice");
        None
    }
}

impl EnterpriseInput {
    pub fn parse(&self, today: NaiveDate) -> Result<Enterprise, DomainError> {
        let mut fe = FieldErrors::new();
        let credit_code = fe.check("credit_code", CreditCode::parse(&self.credit_code));
        let legal_rep = fe
            .check(
                "legal_rep",
                parse_text("legal_rep", &self.legal_rep, 50, "err.too_long_50"),
            )
            .flatten();
        let industry = choice(&mut fe, "industry", &self.industry, &INDUSTRIES);
        let size = choice(&mut fe, "size", &self.size, &SIZES);
        let employees = match self.employees.trim() {
            "" => None,
            t => match t.parse::<i64>() {
                Ok(n) if (0..=MAX_EMPLOYEES).contains(&n) => Some(n),
                Ok(_) => {
                    fe.add("employees", "err.ent_employees_range");
                    None
                }
                Err(_) => {
                    fe.add("employees", "err.number_invalid");
                    None
                }
            },
        };
        let founded_on = fe
            .check("founded_on", parse_date("founded_on", &self.founded_on))
            .flatten();
        if founded_on.is_some_and(|d| d > today) {
            fe.add("founded_on", "err.date_future");
        }
        let address = fe
            .check(
                "address",
                parse_text("address", &self.address, 200, "err.too_long_200"),
            )
            .flatten();
        let status = choice(&mut fe, "status", &self.status, &STATUSES)
            .unwrap_or_else(|| "operating".to_string());
        let status_on = fe
            .check("status_on", parse_date("status_on", &self.status_on))
            .flatten();
        if status_on.is_some_and(|d| d > today) {
            fe.add("status_on", "err.date_future");
        }
        // Moving out and closing are dated; operating carries no date.
        if status != "operating" && status_on.is_none() && !fe.0.contains_key("status_on") {
            fe.add("status_on", "err.ent_status_on_required");
        }
        let status_on = if status == "operating" {
            None
        } else {
            status_on
        };
        if let (Some(f), Some(s)) = (founded_on, status_on) {
            if s < f {
                fe.add("status_on", "err.ent_status_before_founding");
            }
        }
        fe.into_result()?;
        Ok(Enterprise {
            credit_code: credit_code.expect("checked"),
            legal_rep,
            industry,
            size,
            employees,
            founded_on,
            address,
            status,
            status_on,
        })
    }
}

// One year's revenue as the page form and the API body give it. (Kept out of the API
// schema's description, which is the body's own.)
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = RevenueBody))]
pub struct RevenueInput {
    #[serde(default, deserialize_with = "crate::input::num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = i32))]
    pub year: String,
    /// 营业收入 in yuan, as people write it (`1.2亿` is not taken; `12000万` is).
    #[serde(default, deserialize_with = "crate::input::num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub amount: String,
}

/// A checked year of revenue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Revenue {
    pub year: i32,
    pub amount: Fen,
}

/// The first year a revenue may be recorded for.
pub const FIRST_YEAR: i32 = 1949;

impl RevenueInput {
    pub fn parse(&self, today: NaiveDate) -> Result<Revenue, DomainError> {
        let mut fe = FieldErrors::new();
        let year = match self.year.trim().parse::<i32>() {
            Ok(y) if (FIRST_YEAR..=today.year()).contains(&y) => Some(y),
            Ok(_) => {
                fe.add("year", "err.year_range");
                None
            }
            Err(_) if self.year.trim().is_empty() => {
                fe.add("year", "err.required");
                None
            }
            Err(_) => {
                fe.add("year", "err.number_invalid");
                None
            }
        };
        let amount = fe.check("amount", Fen::required("amount", &self.amount));
        fe.into_result()?;
        Ok(Revenue {
            year: year.expect("checked"),
            amount: amount.expect("checked"),
        })
    }
}

/// Revenue bands the seeds count by ([003] 78 enterprises over 100 million yuan, 16 over one
/// billion): the threshold in yuan.
pub const OVER_100_MILLION: i64 = 100_000_000;
pub const OVER_1_BILLION: i64 = 1_000_000_000;

#[cfg(test)]
mod tests;
