//! Business rules of touyan. Nothing here touches a database, a socket or a clock:
//! every function takes what it needs and answers, so each rule is unit-tested beside it.

pub mod access;
pub mod areas;
pub mod auth;
pub mod cadence;
pub mod calendar;
pub mod campaign;
pub mod centre;
pub mod commendation;
pub mod dict;
pub mod enterprise;
pub mod error;
pub mod evaluation;
pub mod fields;
pub mod files;
pub mod identity;
pub mod input;
pub mod money;
pub mod notice;
pub mod notify;
pub mod org;
pub mod paging;
pub mod people;
pub mod rating;
pub mod request;
pub mod sort;
pub mod spell;
pub mod studio;
pub mod task;
pub mod tree;

pub use error::{DomainError, FieldErrors};
