//! What a spreadsheet import answers, whatever it imports: the rows taken, or every problem
//! found, by row and field.

/// One problem: spreadsheet row, the field it concerns and a translation key (which may
/// carry `|name=value` arguments).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub row: u32,
    pub field: String,
    pub key: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    Imported(u64),
    Refused(Vec<RowError>),
}
