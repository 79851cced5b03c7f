//! `GET /v3/openapi.json`: the OpenAPI 3.1 document, built from the route catalog.

use super::catalog::catalog;
use axum::Json;
use serde_json::{json, Map, Value};

pub async fn document() -> Json<Value> {
    Json(build())
}

pub fn build() -> Value {
    let mut paths: Map<String, Value> = Map::new();
    for r in catalog() {
        let params: Vec<Value> = r
            .path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(|name| json!({ "name": name, "in": "path", "required": true, "schema": { "type": "integer" } }))
            .collect();
        let mut responses = Map::new();
        let ok = match r.method {
            "POST" => ("201", "Created: empty body, absolute Location header"),
            "PUT" | "DELETE" => ("204", "Done"),
            _ => ("200", "OK"),
        };
        responses.insert(ok.0.into(), json!({ "description": ok.1 }));
        for (code, what) in [
            ("401", "Invalid credentials"),
            ("404", "Not found"),
            ("415", "Unsupported Content-Type"),
            ("422", "Validation failed: errors[] names each field"),
            ("429", "Rate limit exceeded: see Retry-After"),
        ] {
            if r.public && code == "401" {
                continue;
            }
            responses.insert(code.into(), json!({ "description": what, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }));
        }
        let mut op = json!({
            "summary": r.summary,
            "tags": [r.tag],
            "operationId": format!("{} {}", r.method.to_lowercase(), r.path),
            "parameters": params,
            "responses": responses,
        });
        if r.public {
            op["security"] = json!([]);
        }
        if matches!(r.method, "POST" | "PUT") {
            op["requestBody"] = json!({ "required": true, "content": { "application/json": { "schema": { "type": "object" } } } });
        }
        paths
            .entry(r.path.clone())
            .or_insert_with(|| json!({}))
            .as_object_mut()
            .expect("a path item is an object")
            .insert(r.method.to_lowercase(), op);
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Postroom API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The CATS v3 API shape: Token auth, JSON, HAL-style lists.",
        },
        "servers": [{ "url": "/v3" }],
        "security": [{ "token": [] }],
        "components": {
            "securitySchemes": {
                "token": { "type": "apiKey", "in": "header", "name": "Authorization", "description": "Token <key>" },
            },
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["message"],
                    "properties": {
                        "message": { "type": "string" },
                        "errors": { "type": "array", "items": { "type": "object", "properties": { "field": { "type": "string" }, "message": { "type": "string" } } } },
                    },
                },
            },
        },
        "paths": paths,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalog_route_is_documented_once() {
        let doc = build();
        let routes = catalog();
        let documented: usize = doc["paths"]
            .as_object()
            .unwrap()
            .values()
            .map(|item| item.as_object().unwrap().len())
            .sum();
        assert_eq!(
            documented,
            routes.len(),
            "a method documented twice or missed"
        );
        for r in &routes {
            assert!(
                doc["paths"][&r.path][r.method.to_lowercase()].is_object(),
                "{} {} is missing",
                r.method,
                r.path
            );
        }
    }
}
