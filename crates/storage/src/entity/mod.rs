//! Table definitions. Timestamps are Unix milliseconds (BIGINT) on every backend, so that
//! comparisons and generated data behave the same on SQLite and PostgreSQL.

pub mod achievement_tables;
pub mod activity_tables;
pub mod alliance;
pub mod alliance_member;
pub mod api_token;
pub mod app_user;
pub mod assignment;
pub mod audit_log;
pub mod cadence_tables;
pub mod centre_tables;
pub mod dict_entry;
pub mod enterprise_park;
pub mod enterprise_tables;
pub mod honour;
pub mod import_report;
pub mod login_throttle;
pub mod mentorship_tables;
pub mod org_kind;
pub mod org_kind_rule;
pub mod org_node;
pub mod person;
pub mod person_event;
pub mod person_note;
pub mod person_post;
pub mod quota;
pub mod request_stats;
pub mod request_tables;
pub mod role;
pub mod session;
pub mod studio;
pub mod studio_file;
pub mod studio_member;
pub mod studio_move;
pub mod task_tables;
pub mod work_calendar;
