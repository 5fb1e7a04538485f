//! A request category as a form or the API body gives it, and changes to one. The API takes
//! the limits as whole numbers only; a form gives them as typed, for the policy's own check.

use super::PolicyInput;
use crate::input::{given, text};
use serde::{Deserialize, Deserializer};

/// A whole number of the API kept as its digits.
fn digits<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(u32::deserialize(d)?.to_string())
}

/// [`digits`] that may be left out: null or absence is `None`.
fn maybe_digits<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<u32>::deserialize(d)?.map(|n| n.to_string()))
}

/// [`digits`] where null or absence is blank.
fn opt_digits<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(maybe_digits(d)?.unwrap_or_default())
}

/// [`digits`] of a change where null is blank (cleared) and absence `None` (kept).
fn given_digits<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Some(opt_digits(d)?))
}

fn reopen_days<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(maybe_digits(d)?.unwrap_or_else(seven))
}

fn seven() -> String {
    "7".into()
}

fn active<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(Option::<bool>::deserialize(d)?.unwrap_or(true))
}

fn yes() -> bool {
    true
}

// A new category, read from the API body through its `Deserialize` (the code, the Chinese
// name and the three step limits must be sent) or filled from a form; every text as typed.
// (Kept out of the API schema's description, which is the body's own.)
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = CategoryBody))]
pub struct CategoryInput {
    /// 2–40 lower-case letters, digits or `_`, starting with a letter.
    pub code: String,
    pub name_zh: String,
    /// The Chinese name when blank.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub name_en: String,
    pub default_node_id: Option<i64>,
    /// 1–240 working hours.
    #[serde(deserialize_with = "digits")]
    #[cfg_attr(feature = "schema", schema(value_type = u32))]
    pub accept_within_hours: String,
    /// 1–90 working days.
    #[serde(deserialize_with = "digits")]
    #[cfg_attr(feature = "schema", schema(value_type = u32))]
    pub reply_within_days: String,
    /// 1–30 working days.
    #[serde(deserialize_with = "digits")]
    #[cfg_attr(feature = "schema", schema(value_type = u32))]
    pub follow_up_within_days: String,
    /// 0–365 calendar days; 7 when absent.
    #[serde(default = "seven", deserialize_with = "reopen_days")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<u32>))]
    pub reopen_window_days: String,
    /// 1–2400 working hours; absent or `null`: the step's own limit once more.
    #[serde(default, deserialize_with = "opt_digits")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<u32>))]
    pub red_after_work_hours: String,
    pub sort_order: Option<i32>,
    /// True when absent.
    #[serde(default = "yes", deserialize_with = "active")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<bool>))]
    pub active: bool,
}

impl CategoryInput {
    /// The limits, for their check.
    pub fn policy(&self) -> PolicyInput {
        PolicyInput {
            accept_within_hours: self.accept_within_hours.clone(),
            reply_within_days: self.reply_within_days.clone(),
            follow_up_within_days: self.follow_up_within_days.clone(),
            reopen_window_days: self.reopen_window_days.clone(),
            red_after_work_hours: self.red_after_work_hours.clone(),
        }
    }
}

/// Changes to a category; absent fields keep their value, `null` clears the default unit or
/// the red-card hours.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(utoipa::ToSchema),
    schema(as = CategoryPatchBody)
)]
pub struct CategoryPatch {
    pub name_zh: Option<String>,
    pub name_en: Option<String>,
    #[serde(default, deserialize_with = "given")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<i64>))]
    pub default_node_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "maybe_digits")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<u32>))]
    pub accept_within_hours: Option<String>,
    #[serde(default, deserialize_with = "maybe_digits")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<u32>))]
    pub reply_within_days: Option<String>,
    #[serde(default, deserialize_with = "maybe_digits")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<u32>))]
    pub follow_up_within_days: Option<String>,
    #[serde(default, deserialize_with = "maybe_digits")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<u32>))]
    pub reopen_window_days: Option<String>,
    #[serde(default, deserialize_with = "given_digits")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<u32>))]
    pub red_after_work_hours: Option<String>,
    pub sort_order: Option<i32>,
    pub active: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_gives_whole_numbers_and_defaults() {
        let c: CategoryInput = serde_json::from_str(
            r#"{"code": "water", "name_zh": "供水", "accept_within_hours": 4,
                "reply_within_days": 5, "follow_up_within_days": 3}"#,
        )
        .unwrap();
        assert_eq!(c.policy().reopen_window_days, "7");
        assert_eq!(c.red_after_work_hours, "");
        assert!(c.active);
        let e = serde_json::from_str::<CategoryInput>(
            r#"{"code": "w", "name_zh": "x", "accept_within_hours": "4",
                "reply_within_days": 5, "follow_up_within_days": 3}"#,
        );
        assert!(e.is_err());
        let p: CategoryPatch =
            serde_json::from_str(r#"{"red_after_work_hours": null, "reply_within_days": 9}"#)
                .unwrap();
        assert_eq!(p.red_after_work_hours.as_deref(), Some(""));
        assert_eq!(p.reply_within_days.as_deref(), Some("9"));
        assert_eq!((p.accept_within_hours, p.default_node_id), (None, None));
    }
}
