//! Studio mentorship records over HTTP (being written).
