//! A list's order as its query string asks for it (`sort=name&dir=desc`): one key of the
//! list's own whitelist and a direction. Each list names its keys (an enum implementing
//! [`SortKey`]) where it reads its records and maps them to columns there; the parse is
//! shared. Reading the records always ends the order on the id, so pages do not overlap.

use crate::{DomainError, FieldErrors};

/// The keys one list may be sorted by.
pub trait SortKey: Copy + PartialEq + 'static {
    /// Each key with its name in a query string.
    const KEYS: &'static [(&'static str, Self)];
    /// The list's order when none is asked for.
    const DEFAULT: Sort<Self>;
}

/// A parsed order: one of the list's keys, ascending or descending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort<K> {
    pub key: K,
    pub desc: bool,
}

impl<K: SortKey> Default for Sort<K> {
    fn default() -> Self {
        K::DEFAULT
    }
}

/// A parameter's value, unless blank.
fn given(v: Option<&str>) -> Option<&str> {
    v.map(str::trim).filter(|s| !s.is_empty())
}

/// The names of a list's keys, `/` between them (as an error message lists them).
pub fn key_names<K: SortKey>() -> String {
    K::KEYS
        .iter()
        .map(|(c, _)| *c)
        .collect::<Vec<_>>()
        .join("/")
}

impl<K: SortKey> Sort<K> {
    /// `sort`: one of the list's keys, blank or absent for the list's own order. `dir`:
    /// `asc` or `desc`; absent, a chosen key runs ascending and the list's own order keeps
    /// its direction. Anything else is a field error on `sort` or `dir` (both at once).
    pub fn parse(sort: Option<&str>, dir: Option<&str>) -> Result<Self, DomainError> {
        let mut fe = FieldErrors::new();
        let key = given(sort).and_then(|s| {
            let found = K::KEYS.iter().find(|(c, _)| *c == s).map(|(_, k)| *k);
            if found.is_none() {
                fe.add(
                    "sort",
                    &format!("err.sort_unknown|keys={}", key_names::<K>()),
                );
            }
            found
        });
        let desc = match given(dir) {
            None => None,
            Some("asc") => Some(false),
            Some("desc") => Some(true),
            Some(_) => {
                fe.add("dir", "err.sort_dir");
                None
            }
        };
        fe.into_result()?;
        Ok(match key {
            Some(key) => Sort {
                key,
                desc: desc.unwrap_or(false),
            },
            None => Sort {
                key: K::DEFAULT.key,
                desc: desc.unwrap_or(K::DEFAULT.desc),
            },
        })
    }

    /// The key's name in a query string.
    pub fn code(&self) -> &'static str {
        code_of(self.key)
    }

    /// `asc` or `desc`.
    pub fn dir(&self) -> &'static str {
        if self.desc {
            "desc"
        } else {
            "asc"
        }
    }

    /// The same key the other way round.
    pub fn reversed(self) -> Self {
        Sort {
            key: self.key,
            desc: !self.desc,
        }
    }
}

/// The query-string name of `key`.
pub fn code_of<K: SortKey>(key: K) -> &'static str {
    K::KEYS
        .iter()
        .find(|(_, k)| *k == key)
        .map(|(c, _)| *c)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Col {
        Name,
        Born,
        Made,
    }

    impl SortKey for Col {
        const KEYS: &'static [(&'static str, Col)] = &[
            ("name", Col::Name),
            ("born", Col::Born),
            ("made", Col::Made),
        ];
        const DEFAULT: Sort<Col> = Sort {
            key: Col::Made,
            desc: true,
        };
    }

    fn fields(e: DomainError) -> FieldErrors {
        match e {
            DomainError::Invalid(fe) => fe,
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    #[test]
    fn nothing_asked_is_the_lists_own_order() {
        assert_eq!(Sort::<Col>::parse(None, None).unwrap(), Col::DEFAULT);
        assert_eq!(
            Sort::<Col>::parse(Some("  "), Some("")).unwrap(),
            Col::DEFAULT
        );
        assert_eq!(Sort::<Col>::default(), Col::DEFAULT);
        // A direction alone turns the list's own order round.
        let s = Sort::<Col>::parse(None, Some("asc")).unwrap();
        assert_eq!((s.key, s.desc), (Col::Made, false));
    }

    #[test]
    fn a_key_runs_ascending_unless_told_otherwise() {
        let s = Sort::<Col>::parse(Some("name"), None).unwrap();
        assert_eq!((s.key, s.desc), (Col::Name, false));
        let s = Sort::<Col>::parse(Some("born"), Some("desc")).unwrap();
        assert_eq!((s.key, s.desc), (Col::Born, true));
        assert_eq!((s.code(), s.dir()), ("born", "desc"));
        assert_eq!(s.reversed().dir(), "asc");
        assert_eq!(code_of(Col::Made), "made");
    }

    #[test]
    fn an_unknown_key_or_direction_is_a_field_error_naming_the_keys() {
        let fe = fields(Sort::<Col>::parse(Some("password"), None).unwrap_err());
        assert_eq!(
            fe.0.get("sort").map(String::as_str),
            Some("err.sort_unknown|keys=name/born/made")
        );
        assert!(!fe.0.contains_key("dir"));
        // Keys are matched exactly: no other spelling, no SQL.
        for bad in ["Name", "name;drop", "id", "name desc"] {
            assert!(Sort::<Col>::parse(Some(bad), None).is_err(), "{bad}");
        }
        let fe = fields(Sort::<Col>::parse(Some("nope"), Some("down")).unwrap_err());
        assert!(
            fe.0.contains_key("sort") && fe.0.contains_key("dir"),
            "{fe:?}"
        );
        let fe = fields(Sort::<Col>::parse(Some("name"), Some("DESC ")).unwrap_err());
        assert_eq!(fe.0.get("dir").map(String::as_str), Some("err.sort_dir"));
    }
}
