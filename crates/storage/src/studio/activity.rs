//! Studio activity records (being written).
