//! Work lists (工作清单): tasks a node issues to nodes below it, each recipient moving from
//! issued through received and submitted (with the feedback its form asks for) to accepted,
//! or back with a reason to submit again; rates of completion and of work done on time.

pub mod permissions;

mod change;
mod feedback;
mod input;
mod state;

pub use change::*;
pub use feedback::*;
pub use input::*;
pub use state::*;

#[cfg(test)]
mod tests;
