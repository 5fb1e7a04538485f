//! Studio achievement records (being written).
