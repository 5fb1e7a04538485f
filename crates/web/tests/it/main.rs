//! Integration tests: the real server on port 0, spoken to over HTTP. With
//! TOUYAN_TEST_DATABASE_URL set they run against PostgreSQL, otherwise against SQLite.

mod common;

mod accounts;
mod api_misc;
mod audit;
mod auth_hardening;
mod calendar;
mod open311;
mod orgs;
mod pages;
mod people;
mod request;
mod request_public;
mod request_stats;
mod request_visit;
mod scope;
mod studio;
mod studio_achievement;
mod studio_activity;
mod studio_mentorship;
