//! Studio mentorship records (being written).
