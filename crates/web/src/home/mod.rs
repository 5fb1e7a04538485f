//! The home page.

pub(crate) mod pages;
