//! Dictionaries: organization kinds, post titles, studio kinds.

pub(crate) mod pages;
