//! Evaluation (考核评价): versioned rubrics — a tree of indicators, each scored, a bonus, a
//! deduction, a veto (一票否决) or read automatically from a live figure — and rounds that
//! score organizations against one frozen version: self-assessment by the organization, then
//! review by the scoring departments, a public notice and publication.

pub mod permissions;

mod period;
mod round;
mod rubric;
mod score;
mod state;
mod templates;

pub use period::*;
pub use round::*;
pub use rubric::*;
pub use score::*;
pub use state::*;
pub use templates::*;

#[cfg(test)]
mod tests;
