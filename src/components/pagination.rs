//! Previous / next links between pages of results.

use leptos::prelude::*;

use crate::model::JobFilter;

#[component]
pub fn Pagination(filter: JobFilter, page_count: i64) -> impl IntoView {
    let page = filter.page;
    let link = move |p: i64| {
        let query = filter.to_query(p);
        if query.is_empty() { "/jobs".to_owned() } else { format!("/jobs?{query}") }
    };
    (page_count > 1).then(|| {
        view! {
            <nav class="pagination" aria-label="Pages">
                {(page > 1).then(|| view! { <a rel="prev" href=link(page - 1)>"← Previous"</a> })}
                <span aria-current="page">{format!("Page {page} of {page_count}")}</span>
                {(page < page_count).then(|| view! { <a rel="next" href=link(page + 1)>"Next →"</a> })}
            </nav>
        }
    })
}
