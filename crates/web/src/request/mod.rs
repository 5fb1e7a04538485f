//! Service requests: intake, dispatch, handling, supervision, visits, statistics, the public side.

pub(crate) mod api;
pub(crate) mod io;
pub(crate) mod open311;
pub(crate) mod pages;
