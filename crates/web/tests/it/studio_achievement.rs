//! Studio achievement records over HTTP (being written).
