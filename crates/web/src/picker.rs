//! What every picker answers (`assets/picker.js`): one offer per record, named as the user
//! knows it, with where it sits, never asking for its number.

use serde::Serialize;

/// One offer, as a picker shows it.
#[derive(Serialize)]
pub struct Offer {
    pub id: i64,
    pub name: String,
    /// What it is (an organization's kind, a person's political status).
    pub kind: String,
    /// Where it sits (the names above an organization, a person's organization).
    pub above: String,
    /// An organization with units below it, to browse into.
    pub has_children: bool,
    pub disabled: bool,
}

/// What a record picker asks: a part of a name, or the ids a form already holds.
#[derive(serde::Deserialize)]
pub struct PickQ {
    pub q: Option<String>,
    pub ids: Option<String>,
}

/// At most this many offers a picker shows.
pub const OFFERS: usize = 20;

impl PickQ {
    /// The ids asked for by name (comma-separated), at most [`OFFERS`]; none when the picker
    /// asks by text.
    pub fn ids(&self) -> Option<Vec<i64>> {
        self.ids.as_deref().map(|list| {
            list.split(',')
                .filter_map(|x| x.trim().parse::<i64>().ok())
                .take(OFFERS)
                .collect()
        })
    }

    /// The text asked for, when there is some.
    pub fn text(&self) -> Option<&str> {
        self.q.as_deref().map(str::trim).filter(|t| !t.is_empty())
    }

    /// The first page of matches.
    pub fn first_page() -> touyan_domain::paging::PageRequest {
        touyan_domain::paging::PageRequest {
            page: 1,
            per_page: OFFERS as u64,
        }
    }
}
