//! Measures of service requests for any node and period: the counts the seeds report
//! ("收集需求和意见建议83条……解决问题48项" [002], "收集各类问题诉求61个，已解决问题57个" [004]),
//! the three rates of 接诉即办 (响应率, 解决率, 满意率) and the on-time rate, requests overdue
//! now and supervision cards; broken down by category, channel and handling unit, with the
//! figures of each child node for drill-down; and the figures of enterprise visits
//! ("累计走访企业223家，解决问题643个" [003]).
//!
//! A request counts in the period of the Beijing day it was created, with what has become of
//! it so far (its current round). It counts for a node when it lies in the node's subtree or is
//! handled there, exactly the requests the node's list shows.
//!
//! The counters are maintained: [`on_change`] runs after every write to a request and moves
//! the request's contribution between daily counters of every node it counts for (its
//! location's ancestors and its handling unit's). A district's month is then ~30 days × the
//! categories and channels it had, read through one unique index. The contribution last added
//! is kept per request (`request_stat_mark`), so a change takes away exactly what was added,
//! whatever the caller believed the row was before. Only "overdue now" depends on the clock
//! and is read live, through the due-time indexes.

mod count;
mod figures;
mod read;
mod trend;
mod visits;

pub use count::*;
pub(crate) use count::{on_change, remark};
pub use figures::*;
pub use visits::{VisitFigures, VisitLine, VisitStats};
