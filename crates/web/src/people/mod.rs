//! People and party members, their posts, honours and quotas.

pub(crate) mod api;
pub(crate) mod io;
pub(crate) mod pages;
