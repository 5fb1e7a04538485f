//! Star ratings (星级评定) of party organizations and the 红星津贴 allowance paid by star:
//! stars from a published round's score by thresholds, capped per superior, capped by a
//! veto, overridden by a direct rating, optionally moved at most one star per period; a
//! public notice (公示) before a rating is final; the allowance's amounts per star, pro rata
//! by days in post, in batches that are paid once and corrected only by a reversing batch.

pub mod permissions;

mod allowance;
mod input;
mod notice;
mod payee;
mod period;
mod stars;

pub use allowance::*;
pub use input::*;
pub use notice::*;
pub use payee::*;
pub use period::*;
pub use stars::*;

#[cfg(test)]
mod tests;
