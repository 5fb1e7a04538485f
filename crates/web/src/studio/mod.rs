//! Studios, alliances, achievements, mentorship and activity.

pub(crate) mod achievement_io;
pub(crate) mod api;
pub(crate) mod io;
pub(crate) mod pages;
