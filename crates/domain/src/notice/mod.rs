//! Notifications (通知) and the calendar feed (日历订阅): the feed's reach and its
//! iCalendar (RFC 5545) writer. What a notification may carry is the kit's
//! (`crate::notify`), since every area writes them.
//! The area declares no permission: everyone signed in reads their own notifications and
//! manages their own feed.

pub mod ics;

/// The days before today the feed reaches back, and ahead of it.
pub const FEED_DAYS_BACK: i64 = 90;
pub const FEED_DAYS_AHEAD: i64 = 366;

use crate::access::AreaAccess;

/// The area's entry in the list of areas: no permission of its own.
pub const ACCESS: AreaAccess = AreaAccess {
    permissions: &[],
    global_only: &[],
    roles: &[],
};
