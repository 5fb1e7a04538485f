//! The orders the requests list offers, and the columns behind them.

use super::{request_reach, sr};
use crate::kit::order::{self, By};
use touyan_domain::request::workflow::STATES;
use touyan_domain::sort::{Sort, SortKey};

/// A column the requests list sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestSort {
    /// When it came in: the list's own order, newest first.
    Created,
    /// When the running step falls due; requests with no step running come last.
    Due,
    /// The state, in workflow order (待受理 first).
    State,
    /// The category's code, which groups each category's requests.
    Category,
}

impl SortKey for RequestSort {
    const KEYS: &'static [(&'static str, RequestSort)] = &[
        ("created", RequestSort::Created),
        ("due", RequestSort::Due),
        ("state", RequestSort::State),
        ("category", RequestSort::Category),
    ];
    const DEFAULT: Sort<RequestSort> = Sort {
        key: RequestSort::Created,
        desc: true,
    };
}

/// `q` in the order `s` asks for, the id last. `by_reach`: `q` joins the reach rows of one
/// node, whose copy of the creation time is indexed with the node.
pub(super) fn sorted(
    q: sea_orm::Select<sr::Entity>,
    s: Sort<RequestSort>,
    by_reach: bool,
) -> sea_orm::Select<sr::Entity> {
    let by = match s.key {
        RequestSort::Created if by_reach => {
            let by = By::value(request_reach::Column::CreatedAt);
            return order::sorted(q, by, s.desc, request_reach::Column::RequestId);
        }
        RequestSort::Created => By::value(sr::Column::CreatedAt),
        RequestSort::Due => By::nullable(sr::Column::StepDueAt),
        RequestSort::State => {
            let codes: Vec<&str> = STATES.iter().map(|d| d.code).collect();
            By::rank(sr::Column::State, &codes)
        }
        RequestSort::Category => By::value(sr::Column::Category),
    };
    order::sorted(q, by, s.desc, sr::Column::Id)
}
