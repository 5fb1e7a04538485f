//! A router that keeps the list of the paths it was given, so that the server can say what it
//! serves: the scope-leak test walks every one of them (`crates/touyan/tests/scope_leak.rs`).

use crate::AppState;
use axum::extract::Request;
use axum::response::IntoResponse;
use axum::routing::{MethodRouter, Route};
use axum::Router;
use std::convert::Infallible;
use tower::{Layer, Service};

/// An axum router with the paths of its routes written down beside it.
#[derive(Default)]
pub struct Routes {
    router: Router<AppState>,
    paths: Vec<String>,
}

impl Routes {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn route(mut self, path: &str, method: MethodRouter<AppState>) -> Self {
        self.router = self.router.route(path, method);
        self.paths.push(path.to_string());
        self
    }

    pub fn merge(mut self, other: Routes) -> Self {
        self.router = self.router.merge(other.router);
        self.paths.extend(other.paths);
        self
    }

    /// The same layer on every route given so far, as [`Router::route_layer`].
    pub fn route_layer<L>(mut self, layer: L) -> Self
    where
        L: Layer<Route> + Clone + Send + Sync + 'static,
        L::Service: Service<Request> + Clone + Send + Sync + 'static,
        <L::Service as Service<Request>>::Response: IntoResponse + 'static,
        <L::Service as Service<Request>>::Error: Into<Infallible> + 'static,
        <L::Service as Service<Request>>::Future: Send + 'static,
    {
        self.router = self.router.route_layer(layer);
        self
    }

    /// The paths, each with `prefix` before it.
    pub fn paths_under(&self, prefix: &str) -> impl Iterator<Item = String> + '_ {
        let prefix = prefix.to_string();
        self.paths.iter().map(move |p| format!("{prefix}{p}"))
    }

    pub fn into_router(self) -> Router<AppState> {
        self.router
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::get;

    #[test]
    fn merged_routes_keep_every_path_in_order() {
        let a = Routes::new().route("/a", get(|| async { "a" }));
        let b = Routes::new()
            .route("/b/{id}", get(|| async { "b" }))
            .route("/c", get(|| async { "c" }));
        let all = a.merge(b);
        let paths: Vec<String> = all.paths_under("/x").collect();
        assert_eq!(paths, vec!["/x/a", "/x/b/{id}", "/x/c"]);
    }
}
