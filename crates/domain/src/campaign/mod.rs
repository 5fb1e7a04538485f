//! Campaigns (专项行动): a node's drive with measurable targets — a count or a rate, from a
//! baseline to a goal by a due date, read from a live figure of another area or recorded by
//! hand — milestones with their evidence, and the progress of each target against the time
//! gone by.

pub mod permissions;

mod change;
mod input;
mod progress;

pub use change::*;
pub use input::*;
pub use progress::*;

#[cfg(test)]
mod tests;
