//! Names of a general dictionary's entries in the caller's language, for any area's views.

use crate::error::WebResult;
use crate::i18n::{Lang, Tr};
use std::collections::HashMap;
use touyan_storage::Scoped;

/// The entries of dictionary `dict` (`studio_kind`, `activity_type` …) by code, named in
/// the caller's language.
pub(crate) async fn dict_names(
    s: Scoped<'_>,
    tr: Tr,
    dict: &str,
) -> WebResult<HashMap<String, String>> {
    Ok(s.dict()
        .entries(dict)
        .await?
        .into_iter()
        .map(|e| {
            let n = if tr.lang == Lang::En {
                e.name_en
            } else {
                e.name
            };
            (e.code, n)
        })
        .collect())
}
