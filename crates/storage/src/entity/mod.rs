//! Table definitions. Timestamps are Unix milliseconds (BIGINT) on every backend, so that
//! comparisons and generated data behave the same on SQLite and PostgreSQL.

pub mod api_token;
pub mod app_user;
pub mod assignment;
pub mod audit_log;
pub mod dict_entry;
pub mod honour;
pub mod import_report;
pub mod login_throttle;
pub mod org_kind;
pub mod org_node;
pub mod person;
pub mod person_event;
pub mod person_note;
pub mod person_post;
pub mod quota;
pub mod role;
pub mod session;
