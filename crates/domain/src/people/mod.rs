//! People and party members: identity numbers, phones, and the development pipeline
//! (发展党员) with its minimum intervals and annual quotas. Each rule cites where it comes from.

pub mod permissions;

use crate::fields::{parse_date, parse_note, parse_text, required_past_date, Mobile};
use crate::{DomainError, FieldErrors};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

mod age;
mod due;
mod inputs;
mod pipeline;
mod record;
#[cfg(test)]
mod tests;

pub use crate::identity::{Gender, IdNumber};
pub use age::*;
pub use due::*;
pub use inputs::*;
pub use pipeline::*;
pub use record::*;

fn refused(rule: &'static str) -> DomainError {
    DomainError::Refused(rule)
}

fn months_after(d: NaiveDate, m: u32) -> NaiveDate {
    d.checked_add_months(Months::new(m))
        .unwrap_or(NaiveDate::MAX)
}
