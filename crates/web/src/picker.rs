//! What every picker answers (`assets/picker.js`): one offer per record, named as the user
//! knows it, with where it sits, never asking for its number.

use serde::Serialize;

/// One offer, as a picker shows it.
#[derive(Serialize)]
pub struct Offer {
    pub id: i64,
    pub name: String,
    /// What it is (an organization's kind, a person's political status).
    pub kind: String,
    /// Where it sits (the names above an organization, a person's organization).
    pub above: String,
    /// An organization with units below it, to browse into.
    pub has_children: bool,
    pub disabled: bool,
}
