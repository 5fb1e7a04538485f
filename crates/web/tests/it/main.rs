//! Integration tests: the real server on port 0, spoken to over HTTP. With
//! TOUYAN_TEST_DATABASE_URL set they run against PostgreSQL, otherwise against SQLite.

mod common;

mod accounts;
mod api_misc;
mod audit;
mod auth_hardening;
mod authz_order;
mod calendar;
mod centre;
mod enterprise;
mod enterprise_import;
mod enterprise_ties;
mod home_charts;
mod import_limits;
mod list_charts;
mod list_order;
mod menu;
mod open311;
mod openapi_doc;
mod org_counts;
mod org_picker;
mod org_rules;
mod orgs;
mod pages;
mod people;
mod people_due;
mod people_roundtrip;
mod request;
mod request_handover;
mod request_history;
mod request_public;
mod request_search;
mod request_stats;
mod request_stats_charts;
mod request_stats_lang;
mod request_todos;
mod request_visit;
mod scope;
mod shell;
mod studio;
mod studio_achievement;
mod studio_activity;
mod studio_mentorship;
mod studio_todos;
mod upgrade;
