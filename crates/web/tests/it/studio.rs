//! Studios over HTTP.
