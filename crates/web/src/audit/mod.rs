//! The audit log.

pub(crate) mod api;
pub(crate) mod pages;
