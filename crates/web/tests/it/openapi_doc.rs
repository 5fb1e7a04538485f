//! The OpenAPI document describes the routes as they are called: every `{name}` of a path
//! is declared `in: path` on each of its operations, nothing else is, and query parameters
//! are never documented as path parameters.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::Value;
use std::collections::BTreeSet;

fn template_names(path: &str) -> BTreeSet<String> {
    path.split('{')
        .skip(1)
        .filter_map(|p| p.split('}').next())
        .map(str::to_string)
        .collect()
}

/// Names of the `in: path` parameters of a list of parameter objects (references resolved
/// against the document's components).
fn path_params(doc: &Value, params: Option<&Value>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for p in params.and_then(Value::as_array).into_iter().flatten() {
        let p = match p["$ref"].as_str() {
            Some(r) => {
                let name = r.rsplit('/').next().unwrap_or_default();
                &doc["components"]["parameters"][name]
            }
            None => p,
        };
        if p["in"] == "path" {
            out.insert(p["name"].as_str().unwrap_or_default().to_string());
        }
    }
    out
}

#[tokio::test]
async fn every_path_parameter_is_declared_and_every_declared_one_is_in_its_path() {
    let app = spawn().await;
    let r = client()
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let doc: Value = r.json().await.unwrap();
    let mut wrong = vec![];
    let mut operations = 0;
    for (path, item) in doc["paths"].as_object().expect("paths") {
        let want = template_names(path);
        let shared = path_params(&doc, item.get("parameters"));
        for method in ["get", "put", "post", "delete", "options", "head", "patch"] {
            let Some(op) = item.get(method) else { continue };
            operations += 1;
            let mut have = path_params(&doc, op.get("parameters"));
            have.extend(shared.iter().cloned());
            for missing in want.difference(&have) {
                wrong.push(format!("{method} {path}: `{missing}` not declared"));
            }
            for extra in have.difference(&want) {
                wrong.push(format!(
                    "{method} {path}: `{extra}` is in: path but not in the path"
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(operations > 150, "only {operations} operations documented");
}
