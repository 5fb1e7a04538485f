//! Tables of the studio activity records (being written).
