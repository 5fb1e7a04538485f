use crate::{DomainError, FieldErrors};

pub const DEFAULT_PER_PAGE: u64 = 20;
pub const MAX_PER_PAGE: u64 = 200;

/// A validated page request: `page` counts from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub page: u64,
    pub per_page: u64,
}

impl Default for PageRequest {
    fn default() -> Self {
        Self {
            page: 1,
            per_page: DEFAULT_PER_PAGE,
        }
    }
}

impl PageRequest {
    pub fn parse(page: Option<i64>, per_page: Option<i64>) -> Result<Self, DomainError> {
        let mut fe = FieldErrors::new();
        let page = page.unwrap_or(1);
        let per_page = per_page.unwrap_or(DEFAULT_PER_PAGE as i64);
        if page < 1 || page > 1_000_000 {
            fe.add("page", "err.page_range");
        }
        if per_page < 1 || per_page > MAX_PER_PAGE as i64 {
            fe.add("per_page", "err.per_page_range");
        }
        fe.into_result()?;
        Ok(Self {
            page: page as u64,
            per_page: per_page as u64,
        })
    }
    pub fn offset(&self) -> u64 {
        (self.page - 1) * self.per_page
    }
    pub fn pages(&self, total: u64) -> u64 {
        total.div_ceil(self.per_page).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_offset() {
        let p = PageRequest::parse(None, None).unwrap();
        assert_eq!(
            p,
            PageRequest {
                page: 1,
                per_page: 20
            }
        );
        assert_eq!(PageRequest::parse(Some(3), Some(50)).unwrap().offset(), 100);
    }

    #[test]
    fn refuses_out_of_range() {
        let e = PageRequest::parse(Some(0), Some(500)).unwrap_err();
        match e {
            DomainError::Invalid(fe) => {
                assert_eq!(fe.0.get("page").map(String::as_str), Some("err.page_range"));
                assert_eq!(
                    fe.0.get("per_page").map(String::as_str),
                    Some("err.per_page_range")
                );
            }
            _ => panic!("expected field errors"),
        }
    }

    #[test]
    fn page_count() {
        let p = PageRequest {
            page: 1,
            per_page: 20,
        };
        assert_eq!(p.pages(0), 1);
        assert_eq!(p.pages(20), 1);
        assert_eq!(p.pages(21), 2);
    }
}
