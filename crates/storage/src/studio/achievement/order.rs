//! The orders the achievements list offers, and the columns behind them.

use super::ach;
use crate::kit::order::{self, By};
use sea_orm::sea_query::Expr;
use touyan_domain::sort::{Sort, SortKey};
use touyan_domain::studio::achievement::Kind;

/// A column the achievements list sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AchievementSort {
    /// The day it was achieved: the list's own order, latest first.
    Date,
    Title,
    /// The kind, in the kinds' own order (patents first).
    Kind,
    /// The studio's name.
    Studio,
}

impl SortKey for AchievementSort {
    const KEYS: &'static [(&'static str, AchievementSort)] = &[
        ("achieved_on", AchievementSort::Date),
        ("title", AchievementSort::Title),
        ("kind", AchievementSort::Kind),
        ("studio", AchievementSort::Studio),
    ];
    const DEFAULT: Sort<AchievementSort> = Sort {
        key: AchievementSort::Date,
        desc: true,
    };
}

/// `q` in the order `s` asks for, the id last.
pub(super) fn sorted(
    q: sea_orm::Select<ach::Entity>,
    s: Sort<AchievementSort>,
) -> sea_orm::Select<ach::Entity> {
    let by = match s.key {
        AchievementSort::Date => By::value(ach::Column::AchievedOn),
        AchievementSort::Title => By::value(ach::Column::Title),
        AchievementSort::Kind => By::rank(ach::Column::Kind, &Kind::codes()),
        AchievementSort::Studio => By::value(Expr::cust(
            "(SELECT studio.name FROM studio WHERE studio.id = studio_achievement.studio_id)",
        )),
    };
    order::sorted(q, by, s.desc, ach::Column::Id)
}
