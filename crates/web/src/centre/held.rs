//! The activities held at a centre as its pages list them, the types named in the reader's
//! language. They come from the area that records activities, through the list of areas.

use crate::i18n::{Lang, Tr};
use touyan_storage::kit::area::HeldActivity;

/// The most activities a centre's page lists for a signed-in caller (the activity list,
/// filtered by the centre, has them all).
pub(crate) const PAGE_CAP: u64 = 50;

/// One activity held at a centre.
pub(crate) struct HeldLine {
    /// None on the public page, which links to nothing.
    pub id: Option<i64>,
    pub held_on: String,
    pub types: String,
    pub topic: String,
    pub node_name: String,
}

pub(crate) fn lines(rows: Vec<HeldActivity>, tr: Tr) -> Vec<HeldLine> {
    let en = tr.lang == Lang::En;
    let sep = if en { ", " } else { "、" };
    rows.into_iter()
        .map(|a| HeldLine {
            id: a.id,
            held_on: a.held_on.to_string(),
            types: a
                .types
                .into_iter()
                .map(|(zh, e)| if en { e } else { zh })
                .collect::<Vec<_>>()
                .join(sep),
            topic: a.topic,
            node_name: a.node_name,
        })
        .collect()
}
