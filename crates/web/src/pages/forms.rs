//! Posted forms read as their fields in order (a field may repeat), and the answer to a
//! failed write of one of a page's several forms.

use super::form_failure;
use crate::error::WebError;
use crate::i18n::Tr;
use std::collections::BTreeMap;

/// A posted form's fields in order; a name may come more than once (checkboxes, rows).
pub type Fields = Vec<(String, String)>;

/// The trimmed value of field `k`, blank when absent.
pub fn field(fields: &Fields, k: &str) -> String {
    fields
        .iter()
        .find(|(n, _)| n == k)
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default()
}

/// What a page with several forms shows again after one of them failed: the field errors and
/// what was typed, both under `form.<field>` so that they land under the form that was sent.
pub struct FormFailure {
    pub errors: BTreeMap<String, String>,
    pub values: BTreeMap<String, String>,
}

impl FormFailure {
    /// The failure of form `form`; an error that is not about the form's fields passes on.
    pub fn of(form: &str, e: WebError, tr: Tr, fields: &Fields) -> Result<Self, WebError> {
        let errors = form_failure(e, tr)?
            .into_iter()
            .map(|(k, v)| (format!("{form}.{k}"), v))
            .collect();
        let values = fields
            .iter()
            .map(|(k, v)| (format!("{form}.{k}"), v.clone()))
            .collect();
        Ok(Self { errors, values })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_is_trimmed_first_wins_and_absent_is_blank() {
        let f: Fields = vec![("a".into(), "  x ".into()), ("a".into(), "y".into())];
        assert_eq!(field(&f, "a"), "x");
        assert_eq!(field(&f, "b"), "");
    }

    #[test]
    fn a_failure_lands_under_its_form_and_other_errors_pass_on() {
        use crate::i18n::Lang;
        use touyan_domain::FieldErrors;
        use touyan_storage::StorageError;
        let tr = Tr::new(Lang::ZhCn);
        let mut fe = FieldErrors::new();
        fe.add("body", "error.required");
        let f: Fields = vec![("body".into(), " ".into())];
        let e = WebError::Storage(StorageError::Invalid(fe));
        let got = FormFailure::of("o3", e, tr, &f)
            .ok()
            .expect("a field error");
        assert_eq!(got.errors.keys().collect::<Vec<_>>(), ["o3.body"]);
        assert_eq!(got.values.get("o3.body").map(String::as_str), Some(" "));
        let other = WebError::Storage(StorageError::NotFound);
        assert!(FormFailure::of("o3", other, tr, &f).is_err());
    }
}
