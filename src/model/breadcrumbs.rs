//! schema.org breadcrumbs, shared by the list pages (`components`) and the
//! guides' JSON-LD (`server::content`).

use serde_json::{Value, json};

/// `BreadcrumbList` JSON for a trail of (name, path) after the home page.
pub fn breadcrumb_list(base: &str, trail: &[(String, String)]) -> Value {
    let items: Vec<Value> = std::iter::once(("FarCoder".to_owned(), "/".to_owned()))
        .chain(trail.iter().cloned())
        .enumerate()
        .map(|(i, (name, path))| json!({ "@type": "ListItem", "position": i + 1, "name": name, "item": format!("{base}{path}") }))
        .collect();
    json!({ "@type": "BreadcrumbList", "itemListElement": items })
}
