//! The work cadence (工作节奏): obligations as data, activity records with attendance, and
//! compliance — who keeps the rhythm superiors check (三会一课, 主题党日, 四个一 …).

pub mod permissions;

mod activity;
mod change;
mod compliance;
mod import;
mod obligation;
mod period;
mod roles;
mod signin;

pub use activity::*;
pub use change::*;
pub use compliance::*;
pub use import::*;
pub use obligation::*;
pub use period::*;
pub use roles::*;
pub use signin::*;

#[cfg(test)]
mod tests;
