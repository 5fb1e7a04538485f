//! The orders the studios list offers, and the columns behind them.

use crate::entity::studio;
use crate::kit::order::{self, By};
use touyan_domain::sort::{Sort, SortKey};
use touyan_domain::studio::{State, LEVELS};

/// A column the studios list sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StudioSort {
    Name,
    /// District, city, provincial: from the lowest level up.
    Level,
    /// The lifecycle state, in its own order (申报 first, 摘牌 last).
    State,
    /// The date of the plaque (授牌); studios without one come last.
    Plaque,
    /// The host node in tree order: the list's own order.
    Node,
}

impl SortKey for StudioSort {
    const KEYS: &'static [(&'static str, StudioSort)] = &[
        ("name", StudioSort::Name),
        ("level", StudioSort::Level),
        ("state", StudioSort::State),
        ("plaque_on", StudioSort::Plaque),
        ("node", StudioSort::Node),
    ];
    const DEFAULT: Sort<StudioSort> = Sort {
        key: StudioSort::Node,
        desc: false,
    };
}

/// `q` in the order `s` asks for, the id last.
pub(super) fn sorted(
    q: sea_orm::Select<studio::Entity>,
    s: Sort<StudioSort>,
) -> sea_orm::Select<studio::Entity> {
    let by = match s.key {
        StudioSort::Name => By::value(studio::Column::Name),
        StudioSort::Level => By::rank(studio::Column::Level, &LEVELS),
        StudioSort::State => {
            let codes: Vec<&str> = State::ALL.iter().map(|st| st.code()).collect();
            By::rank(studio::Column::State, &codes)
        }
        StudioSort::Plaque => By::nullable(studio::Column::PlaqueOn),
        StudioSort::Node => By::value(studio::Column::NodePath),
    };
    order::sorted(q, by, s.desc, studio::Column::Id)
}
