//! Tables of the studio mentorship records (being written).
