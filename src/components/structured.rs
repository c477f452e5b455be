//! schema.org structured data for list pages: a `BreadcrumbList` from the
//! home page and an `ItemList` of what the page lists.

use leptos::prelude::*;
use serde_json::{Value, json};

pub use crate::model::breadcrumb_list;

use super::meta::site_url;

/// A list page's JSON-LD: its breadcrumbs and, when it lists anything, an
/// `ItemList` of (name, path).
#[component]
pub fn ListJsonLd(trail: Vec<(String, String)>, #[prop(optional)] items: Vec<(String, String)>) -> impl IntoView {
    let base = site_url();
    let mut graph = vec![breadcrumb_list(&base, &trail)];
    if !items.is_empty() {
        let elements: Vec<Value> = items
            .iter()
            .enumerate()
            .map(|(i, (name, path))| json!({ "@type": "ListItem", "position": i + 1, "name": name, "url": format!("{base}{path}") }))
            .collect();
        graph.push(json!({ "@type": "ItemList", "numberOfItems": elements.len(), "itemListElement": elements }));
    }
    let text = json!({ "@context": "https://schema.org", "@graph": graph }).to_string().replace('<', "\\u003c");
    view! { <script type="application/ld+json" inner_html=text></script> }
}
