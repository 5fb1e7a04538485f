//! The working calendar.

pub(crate) mod api;
pub(crate) mod pages;
