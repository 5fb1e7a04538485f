//! Dictionaries (字典): lists of codes with a name in each language and a place in the list —
//! organization kinds, posts, studio kinds and the like — that any area may keep.

use crate::fields::parse_sort_order;
use crate::input::text;
use crate::{DomainError, FieldErrors};
use serde::Deserialize;

// A dictionary entry as the API body gives it, read through its `Deserialize`; the code is
// named on creation only. (Kept out of the API schema's description, which is the body's
// own.)
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = EntryBody))]
pub struct EntryInput {
    /// On creation: 2–40 lower-case letters, digits or `_`.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub sort_order: Option<i64>,
}

/// An entry of a dictionary (an organization kind, a post, ...): a code for integrations and
/// names in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindDraft {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub sort_order: i32,
}

impl KindDraft {
    pub fn parse(
        code: &str,
        name_zh: &str,
        name_en: &str,
        sort_order: Option<i64>,
    ) -> Result<Self, DomainError> {
        let mut fe = FieldErrors::new();
        let code = code.trim();
        let code_ok = (2..=40).contains(&code.len())
            && code.starts_with(|c: char| c.is_ascii_lowercase())
            && code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if code.is_empty() {
            fe.add("code", "err.required");
        } else if !code_ok {
            fe.add("code", "err.kind_code_format");
        }
        for (field, v, max) in [
            ("name_zh", name_zh.trim(), 20),
            ("name_en", name_en.trim(), 50),
        ] {
            if v.is_empty() {
                fe.add(field, "err.required");
            } else if v.chars().count() > max || v.chars().any(char::is_control) {
                fe.add(
                    field,
                    if max == 20 {
                        "err.too_long_20"
                    } else {
                        "err.too_long_50"
                    },
                );
            }
        }
        let sort_order = fe.check("sort_order", parse_sort_order(sort_order));
        fe.into_result()?;
        Ok(KindDraft {
            code: code.to_string(),
            name_zh: name_zh.trim().to_string(),
            name_en: name_en.trim().to_string(),
            sort_order: sort_order.unwrap(),
        })
    }
}

#[cfg(test)]
mod kind_tests {
    use super::*;

    #[test]
    fn kind_codes_and_names() {
        let k = KindDraft::parse(
            "incubator_branch",
            " 孵化党支部 ",
            "Incubation branch",
            Some(130),
        )
        .unwrap();
        assert_eq!(k.name_zh, "孵化党支部");
        let DomainError::Invalid(fe) =
            KindDraft::parse("Bad Code", "", &"x".repeat(51), None).unwrap_err()
        else {
            panic!()
        };
        assert_eq!(fe.0["code"], "err.kind_code_format");
        assert_eq!(fe.0["name_zh"], "err.required");
        assert_eq!(fe.0["name_en"], "err.too_long_50");
        assert!(KindDraft::parse("x", "甲", "A", None).is_err(), "too short");
        assert!(KindDraft::parse("grid2", &"网".repeat(21), "A", None).is_err());
    }
}
