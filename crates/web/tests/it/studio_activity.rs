//! Studio activity records over HTTP (being written).
