//! Accounts: signing in, users, roles and their assignments, API tokens.

pub(crate) mod api;
pub(crate) mod pages;
