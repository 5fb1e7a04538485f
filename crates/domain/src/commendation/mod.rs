//! Commendations (通报表扬): a node's notice commending organizations (示范党支部 …) and
//! people (优秀共产党员, 先进个人 …), drafted from a published evaluation round's best
//! results or by hand, issued under a document number and then locked; an issued
//! commendation is only revoked, with a reason.

pub mod permissions;

mod input;

pub use input::*;

#[cfg(test)]
mod tests;
