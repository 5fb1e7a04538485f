//! The organization tree.

pub(crate) mod api;
pub(crate) mod pages;
