//! Notifications (通知) and the calendar feed (日历订阅): the rules of a notification's
//! stored text, the reminders' periods, and the iCalendar (RFC 5545) writer of the feed.
//! The area declares no permission: everyone signed in reads their own notifications and
//! manages their own feed.

pub mod ics;

mod rules;

pub use rules::*;

use crate::access::AreaAccess;

/// The area's entry in the list of areas: no permission of its own.
pub const ACCESS: AreaAccess = AreaAccess {
    permissions: &[],
    global_only: &[],
    roles: &[],
};
