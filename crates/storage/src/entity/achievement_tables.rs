//! Tables of the studio achievement records (being written).
