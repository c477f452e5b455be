//! `/guides` and `/guides/{slug}`: long-form career guides with a summary, a
//! table of contents, the FAQ as `details` (works without JavaScript), and
//! the live jobs of the guide's category.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::jobs::{fetch_guide, fetch_guides};
use crate::components::{JobList, ListJsonLd, Loading, PageMeta, loaded};
use crate::model::{GuidePage as Data, GuideSummary};

#[component]
pub fn GuidesPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| fetch_guides());
    view! {
        <PageMeta title="Guides for remote developers" description="Career guides for remote software developers: roles, job hunting, salaries and negotiation." path="/guides"/>
        <div class="container guides-page">
            <h1>"Guides for remote developers"</h1>
            <p class="lead">"What the roles involve, how hiring works at remote companies, and how to get paid fairly. "
                <a href="/guides/feed.xml" rel="external">"RSS feed"</a></p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    loaded(data.await, |guides| {
                        let items = guides.iter().map(|g| (g.title.clone(), g.path())).collect();
                        let trail = vec![("Guides".to_owned(), "/guides".to_owned())];
                        view! { <ListJsonLd trail items/><GuideList guides/> }.into_any()
                    })
                })}
            </Suspense>
        </div>
    }
}

/// Guides as cards.
#[component]
pub fn GuideList(guides: Vec<GuideSummary>) -> impl IntoView {
    if guides.is_empty() {
        return view! { <p class="empty">"No guides yet."</p> }.into_any();
    }
    view! {
        <ul class="guide-list">
            {guides.into_iter().map(|g| view! {
                <li class="guide-card">
                    <h2><a href=g.path()>{g.title.clone()}</a></h2>
                    <p>{g.summary.clone()}</p>
                    <p class="muted">"Updated "<time datetime=g.updated.clone()>{g.updated.clone()}</time></p>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
pub fn GuidePage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let data = Resource::new(slug, fetch_guide);
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                loaded(data.await, |page| view! { <GuideView page/> }.into_any())
            })}
        </Suspense>
    }
}

#[component]
fn GuideView(page: Data) -> impl IntoView {
    let Data { guide, toc, body_html, faq, jobs, landing, json_ld } = page;
    view! {
        <PageMeta title=guide.title.clone() description=guide.summary.clone() path=guide.path() kind="article"/>
        <script type="application/ld+json" inner_html=json_ld></script>
        <article class="container guide">
            <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/">"Home"</a>" / "<a href="/guides">"Guides"</a></nav>
            <h1>{guide.title.clone()}</h1>
            <p class="byline muted">
                {guide.author.clone()}" · published "<time datetime=guide.published.clone()>{guide.published.clone()}</time>
                " · updated "<time datetime=guide.updated.clone()>{guide.updated.clone()}</time>
            </p>
            <aside class="summary-box" aria-label="Summary"><h2>"In short"</h2><p>{guide.summary.clone()}</p></aside>
            <nav class="toc" aria-labelledby="toc-heading">
                <h2 id="toc-heading">"Contents"</h2>
                <ol>
                    {toc.into_iter().map(|t| view! {
                        <li class=format!("toc-{}", t.level)><a href=format!("#{}", t.id)>{t.text}</a></li>
                    }).collect_view()}
                    {(!faq.is_empty()).then(|| view! { <li class="toc-2"><a href="#faq">"Questions and answers"</a></li> })}
                </ol>
            </nav>
            <div class="guide-body" inner_html=body_html></div>
            {(!faq.is_empty()).then(|| view! {
                <section class="faq" aria-labelledby="faq">
                    <h2 id="faq">"Questions and answers"</h2>
                    {faq.into_iter().map(|f| view! {
                        <details>
                            <summary>{f.question}</summary>
                            <div inner_html=f.answer_html></div>
                        </details>
                    }).collect_view()}
                </section>
            })}
            <section aria-labelledby="guide-jobs">
                <h2 id="guide-jobs">{match landing {
                    Some(l) => l.heading(),
                    None => "Newest remote jobs".to_owned(),
                }}</h2>
                <JobList jobs empty="No open jobs here right now."/>
                {match landing {
                    Some(l) => view! { <p><a class="button" href=l.path()>"All "{l.heading().to_lowercase()}</a></p> }.into_any(),
                    None => view! { <p><a class="button" href="/jobs">"All remote jobs"</a></p> }.into_any(),
                }}
            </section>
        </article>
    }
    .into_any()
}
