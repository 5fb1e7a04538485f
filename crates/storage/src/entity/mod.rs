//! Table definitions. Timestamps are Unix milliseconds (BIGINT) on every backend, so that
//! comparisons and generated data behave the same on SQLite and PostgreSQL.

pub mod api_token;
pub mod app_user;
pub mod assignment;
pub mod audit_log;
pub mod login_throttle;
pub mod org_kind;
pub mod org_node;
pub mod role;
pub mod session;
