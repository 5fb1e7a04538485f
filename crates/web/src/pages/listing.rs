//! What a record list's page and its export share besides paging: the column sort (`sort`
//! and `dir`, parsed against the list's own keys, shown in the column headings and kept by
//! every other link and form of the list) and a selection of rows (`ids`) that an export
//! may be limited to.

use crate::error::WebError;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use touyan_domain::paging::PageRequest;
use touyan_domain::sort::{Sort, SortKey};
use touyan_domain::{DomainError, FieldErrors};

/// A list's `sort` and `dir` as the list's order; a key the list does not offer, or another
/// direction, answers 400 naming the parameter.
pub fn parse_sort<K: SortKey>(
    sort: &Option<String>,
    dir: &Option<String>,
) -> Result<Sort<K>, WebError> {
    Sort::parse(sort.as_deref(), dir.as_deref()).map_err(|e| match e {
        DomainError::Invalid(fe) => WebError::BadQuery(fe),
        other => other.into(),
    })
}

/// A list's sortable column headings: where each leads, and which the list is sorted by.
pub struct SortHeads {
    /// The list's path with its filters and page size, ending in `?` or `&`.
    base: String,
    key: &'static str,
    desc: bool,
    /// The list is in its own order: its links need not say so.
    own: bool,
}

impl SortHeads {
    /// The headings of the list at `path` filtered by `params`, sorted by `sort`.
    pub fn new<K: SortKey>(
        path: &str,
        params: &[(&str, String)],
        req: PageRequest,
        sort: Sort<K>,
    ) -> SortHeads {
        SortHeads {
            base: format!("{path}?{}", super::query_string(params, req.per_page)),
            key: sort.code(),
            desc: sort.desc,
            own: sort == K::DEFAULT,
        }
    }

    /// The link of `key`'s heading, back on the first page: sorted by it ascending, or the
    /// other way round when the list already is.
    pub fn href(&self, key: &str) -> String {
        let desc = key == self.key && !self.desc;
        let dir = if desc { "desc" } else { "asc" };
        format!("{}sort={key}&dir={dir}", self.base)
    }

    /// The heading's `aria-sort`: only the column the list is sorted by has one.
    pub fn aria(&self, key: &str) -> Option<&'static str> {
        (key == self.key).then_some(if self.desc { "descending" } else { "ascending" })
    }

    /// The parameters that keep the order in the list's other links and forms (none for the
    /// list's own order).
    pub fn kept(&self) -> Vec<(&'static str, String)> {
        if self.own {
            return vec![];
        }
        let dir = if self.desc { "desc" } else { "asc" };
        vec![("sort", self.key.to_string()), ("dir", dir.to_string())]
    }
}

/// Most rows one selection may name.
pub const MAX_SELECTED: usize = 1000;

/// The rows an export is limited to: `ids`, repeated (`ids=3&ids=5`, as the list's check
/// boxes send them) or comma-separated (`ids=3,5`). Absent, the export holds the whole
/// filtered list. Each id is still read through the caller's scope: one out of reach selects
/// nothing.
#[derive(Debug, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Selected {
    /// Only these records: ids, repeated or comma-separated, at most 1000. An id out of the
    /// caller's reach selects nothing.
    #[param(style = Form, explode)]
    pub ids: Option<Vec<i64>>,
}

impl Selected {
    /// The `ids` of a query string. Given but empty (a form sent with nothing ticked), more
    /// than [`MAX_SELECTED`] or not numbers: 400 naming `ids`.
    pub fn parse(query: &str) -> Result<Selected, WebError> {
        let bad = |key: &str| {
            let mut fe = FieldErrors::new();
            fe.add("ids", key);
            WebError::BadQuery(fe)
        };
        let mut given = false;
        let mut ids = Vec::new();
        for (k, v) in form_urlencoded::parse(query.as_bytes()) {
            if k != "ids" {
                continue;
            }
            given = true;
            for part in v.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                ids.push(part.parse::<i64>().map_err(|_| bad("err.number_invalid"))?);
                if ids.len() > MAX_SELECTED {
                    return Err(bad("err.ids_too_many"));
                }
            }
        }
        if !given {
            return Ok(Selected { ids: None });
        }
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() {
            return Err(bad("err.ids_none"));
        }
        Ok(Selected { ids: Some(ids) })
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Selected {
    type Rejection = WebError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Selected::parse(parts.uri.query().unwrap_or(""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(e: WebError) -> String {
        match e {
            WebError::BadQuery(fe) => fe.0.get("ids").cloned().unwrap_or_default(),
            other => panic!("expected a bad query, got {other:?}"),
        }
    }

    #[test]
    fn ids_come_repeated_or_comma_separated() {
        assert_eq!(Selected::parse("q=x&page=2").unwrap().ids, None);
        let s = Selected::parse("ids=&ids=7&sort=name&ids=3,%205,7").unwrap();
        assert_eq!(s.ids, Some(vec![3, 5, 7]));
        assert_eq!(field(Selected::parse("ids=").unwrap_err()), "err.ids_none");
        assert_eq!(
            field(Selected::parse("ids=3,x").unwrap_err()),
            "err.number_invalid"
        );
        let many: Vec<String> = (1..=MAX_SELECTED + 1).map(|i| i.to_string()).collect();
        let q = format!("ids={}", many.join(","));
        assert_eq!(field(Selected::parse(&q).unwrap_err()), "err.ids_too_many");
        let q = format!("ids={}", many[..MAX_SELECTED].join(","));
        assert_eq!(
            Selected::parse(&q).unwrap().ids.unwrap().len(),
            MAX_SELECTED
        );
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum K {
        Name,
        Made,
    }

    impl SortKey for K {
        const KEYS: &'static [(&'static str, K)] = &[("name", K::Name), ("made", K::Made)];
        const DEFAULT: Sort<K> = Sort {
            key: K::Made,
            desc: true,
        };
    }

    #[test]
    fn headings_lead_to_their_order_and_turn_it_round() {
        let req = PageRequest {
            page: 3,
            per_page: 50,
        };
        let params = [("q", "王".to_string()), ("under", String::new())];
        let own = SortHeads::new("/x", &params, req, K::DEFAULT);
        assert!(
            own.kept().is_empty(),
            "the list's own order stays out of links"
        );
        assert_eq!(own.aria("made"), Some("descending"));
        assert_eq!(own.aria("name"), None);
        assert_eq!(
            own.href("made"),
            "/x?q=%E7%8E%8B&per_page=50&sort=made&dir=asc"
        );
        assert_eq!(
            own.href("name"),
            "/x?q=%E7%8E%8B&per_page=50&sort=name&dir=asc"
        );
        let by_name = parse_sort::<K>(&Some("name".into()), &None).unwrap();
        let h = SortHeads::new("/x", &[], PageRequest::default(), by_name);
        assert_eq!(h.href("name"), "/x?sort=name&dir=desc");
        assert_eq!(h.aria("name"), Some("ascending"));
        assert_eq!(
            h.kept(),
            vec![("sort", "name".to_string()), ("dir", "asc".to_string())]
        );
        match parse_sort::<K>(&Some("id".into()), &None) {
            Err(WebError::BadQuery(fe)) => assert!(fe.0["sort"].starts_with("err.sort_unknown")),
            other => panic!("{other:?}"),
        }
    }
}
