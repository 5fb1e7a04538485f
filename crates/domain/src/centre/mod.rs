//! Party-mass service centres and stations (党群服务中心, 共享式党群服务站): where a centre
//! stands in the tree (its host node), what it offers (facilities, opening hours, floor
//! area), whether it is open, and which enterprises it serves. Events held at them belong to
//! another area; this one keeps the register.

pub mod permissions;

use crate::fields::{parse_date, parse_text};
pub use crate::input::{code_list, split_codes};
use crate::input::{loose_num_text, text};
use crate::{DomainError, FieldErrors};
use chrono::NaiveDate;
use serde::Deserialize;

/// A 党群服务中心 (a regional centre) or a 共享式党群服务站 (a station shared with a park,
/// a building or an enterprise).
pub const KINDS: [&str; 2] = ["centre", "station"];

/// What a centre may offer, in the order forms and pages list them.
pub const FACILITIES: [&str; 9] = [
    "activity_room",
    "meeting_room",
    "reading_room",
    "education_room",
    "workers_home",
    "nursing_room",
    "legal_room",
    "counselling_room",
    "service_desk",
];

/// Open to the public, or closed since a day.
pub const STATUSES: [&str; 2] = ["open", "closed"];

/// The largest floor area anyone records for one centre, in m².
pub const MAX_AREA: i64 = 1_000_000;

// A centre as the page form and the API body give it, read alike from each. (Kept out of
// the API schema's description, which is the body's own.)
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = CentreBody))]
pub struct CentreInput {
    /// At most 100 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub name: String,
    /// `centre` (党群服务中心) or `station` (共享式党群服务站).
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub kind: String,
    /// The organization node hosting it.
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = i64))]
    pub node_id: String,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub address: String,
    /// Codes of the facilities: `activity_room`, `meeting_room`, `reading_room`,
    /// `education_room`, `workers_home`, `nursing_room`, `legal_room`, `counselling_room`,
    /// `service_desk`; a list, or one text with the codes separated by commas.
    #[serde(default, deserialize_with = "code_list")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<Vec<String>>))]
    pub facilities: Vec<String>,
    /// Opening hours as people write them (`周一至周五 9:00–17:30`), at most 100 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub hours: String,
    /// Digits with dashes or spaces (`0536-7590123`), a leading `+` allowed.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub phone: String,
    /// Floor area in m², a whole number.
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<i64>))]
    pub area_m2: String,
    /// `YYYY-MM-DD`.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub opened_on: String,
    /// `open` (the default) or `closed`.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub status: String,
    /// The day it closed; required then.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub closed_on: String,
}

/// A checked centre.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Centre {
    pub name: String,
    pub kind: String,
    pub node_id: i64,
    pub address: Option<String>,
    /// Codes of [`FACILITIES`], each once, in that list's order.
    pub facilities: Vec<String>,
    pub hours: Option<String>,
    pub phone: Option<String>,
    pub area_m2: Option<i64>,
    pub opened_on: Option<NaiveDate>,
    pub status: String,
    pub closed_on: Option<NaiveDate>,
}

impl Centre {
    /// The facilities as stored: their codes joined by commas.
    pub fn facilities_text(&self) -> String {
        self.facilities.join(",")
    }
}

fn choice(fe: &mut FieldErrors, field: &str, v: &str, allowed: &[&str]) -> Option<String> {
    let t = v.trim();
    if t.is_empty() {
        return None;
    }
    if allowed.contains(&t) {
        Some(t.to_string())
    } else {
        fe.add(field, "err.centre_choice");
        None
    }
}

/// A contact number as offices write them: digits with dashes or spaces, a leading `+`
/// allowed, 5 to 20 digits (a short service line to a number with its extension). Kept as
/// written without its spaces.
pub fn parse_phone(field: &str, s: &str) -> Result<Option<String>, DomainError> {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() {
        return Ok(None);
    }
    let body = t.strip_prefix('+').unwrap_or(&t);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    let shaped = body.chars().all(|c| c.is_ascii_digit() || c == '-')
        && !body.starts_with('-')
        && !body.ends_with('-')
        && !body.contains("--");
    if shaped && (5..=20).contains(&digits) {
        Ok(Some(t))
    } else {
        Err(DomainError::field(field, "err.centre_phone_format"))
    }
}

fn parse_node(fe: &mut FieldErrors, v: &str) -> Option<i64> {
    match v.trim() {
        "" => {
            fe.add("node_id", "err.required");
            None
        }
        t => match t.parse::<i64>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                fe.add("node_id", "err.number_invalid");
                None
            }
        },
    }
}

fn parse_area(fe: &mut FieldErrors, v: &str) -> Option<i64> {
    match v.trim() {
        "" => None,
        t => match t.parse::<i64>() {
            Ok(n) if (1..=MAX_AREA).contains(&n) => Some(n),
            Ok(_) => {
                fe.add("area_m2", "err.centre_area_range");
                None
            }
            Err(_) => {
                fe.add("area_m2", "err.number_invalid");
                None
            }
        },
    }
}

/// Each code once, in the dictionary's order; an unknown code is refused.
fn parse_facilities(fe: &mut FieldErrors, given: &[String]) -> Vec<String> {
    let codes: Vec<&str> = given
        .iter()
        .flat_map(|g| g.split(','))
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    if codes.iter().any(|c| !FACILITIES.contains(c)) {
        fe.add("facilities", "err.centre_choice");
    }
    FACILITIES
        .iter()
        .filter(|f| codes.contains(f))
        .map(|f| f.to_string())
        .collect()
}

fn past_date(fe: &mut FieldErrors, field: &str, v: &str, today: NaiveDate) -> Option<NaiveDate> {
    let d = fe.check(field, parse_date(field, v)).flatten();
    if d.is_some_and(|d| d > today) {
        fe.add(field, "err.date_future");
        return None;
    }
    d
}

impl CentreInput {
    pub fn parse(&self, today: NaiveDate) -> Result<Centre, DomainError> {
        let mut fe = FieldErrors::new();
        let name = fe
            .check(
                "name",
                parse_text("name", &self.name, 100, "err.too_long_100"),
            )
            .flatten();
        if name.is_none() && !fe.0.contains_key("name") {
            fe.add("name", "err.required");
        }
        let kind = choice(&mut fe, "kind", &self.kind, &KINDS);
        if self.kind.trim().is_empty() {
            fe.add("kind", "err.required");
        }
        let node_id = parse_node(&mut fe, &self.node_id);
        let address = fe
            .check(
                "address",
                parse_text("address", &self.address, 200, "err.centre_too_long_200"),
            )
            .flatten();
        let facilities = parse_facilities(&mut fe, &self.facilities);
        let hours = fe
            .check(
                "hours",
                parse_text("hours", &self.hours, 100, "err.too_long_100"),
            )
            .flatten();
        let phone = fe
            .check("phone", parse_phone("phone", &self.phone))
            .flatten();
        let area_m2 = parse_area(&mut fe, &self.area_m2);
        let opened_on = past_date(&mut fe, "opened_on", &self.opened_on, today);
        let status = choice(&mut fe, "status", &self.status, &STATUSES)
            .unwrap_or_else(|| "open".to_string());
        let closed_on = past_date(&mut fe, "closed_on", &self.closed_on, today);
        // A closure is dated; an open centre carries no closing day.
        if status == "closed" && closed_on.is_none() && !fe.0.contains_key("closed_on") {
            fe.add("closed_on", "err.centre_closed_on_required");
        }
        let closed_on = if status == "open" { None } else { closed_on };
        if let (Some(o), Some(c)) = (opened_on, closed_on) {
            if c < o {
                fe.add("closed_on", "err.centre_closed_before_opened");
            }
        }
        fe.into_result()?;
        Ok(Centre {
            name: name.expect("checked"),
            kind: kind.expect("checked"),
            node_id: node_id.expect("checked"),
            address,
            facilities,
            hours,
            phone,
            area_m2,
            opened_on,
            status,
            closed_on,
        })
    }
}

// The enterprises a centre serves, replacing those it served.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = ServedBody))]
pub struct ServedInput {
    /// Organization nodes of kind 企业; an empty list serves none.
    #[serde(default, deserialize_with = "crate::input::or_default")]
    pub enterprise_ids: Vec<i64>,
}

/// At most this many enterprises are served by one centre.
pub const MAX_SERVED: usize = 500;

impl ServedInput {
    /// The ids, each once, in the order given.
    pub fn parse(&self) -> Result<Vec<i64>, DomainError> {
        let mut seen = std::collections::HashSet::new();
        let out: Vec<i64> = self
            .enterprise_ids
            .iter()
            .copied()
            .filter(|id| seen.insert(*id))
            .collect();
        if out.len() > MAX_SERVED {
            return Err(DomainError::field(
                "enterprise_ids",
                "err.centre_too_many_served",
            ));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests;
