//! The orders the people list offers, and the columns behind them.

use crate::entity::person;
use crate::kit::order::{self, By};
use touyan_domain::people::Status;
use touyan_domain::sort::{Sort, SortKey};

/// A column the people list sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonSort {
    Name,
    BirthDate,
    /// The political status, in pipeline order (群众 first, 正式党员 last).
    Status,
    /// The organization the person is filed under, in tree order: the list's own order.
    Node,
}

impl SortKey for PersonSort {
    const KEYS: &'static [(&'static str, PersonSort)] = &[
        ("name", PersonSort::Name),
        ("birth_date", PersonSort::BirthDate),
        ("status", PersonSort::Status),
        ("node", PersonSort::Node),
    ];
    const DEFAULT: Sort<PersonSort> = Sort {
        key: PersonSort::Node,
        desc: false,
    };
}

/// `q` in the order `s` asks for, the id last.
pub(super) fn sorted(
    q: sea_orm::Select<person::Entity>,
    s: Sort<PersonSort>,
) -> sea_orm::Select<person::Entity> {
    let by = match s.key {
        PersonSort::Name => By::value(person::Column::Name),
        PersonSort::BirthDate => By::value(person::Column::BirthDate),
        PersonSort::Status => {
            let codes: Vec<&str> = Status::ALL.iter().map(|st| st.code()).collect();
            By::rank(person::Column::Status, &codes)
        }
        PersonSort::Node => By::value(person::Column::NodePath),
    };
    order::sorted(q, by, s.desc, person::Column::Id)
}
