//! `/remote-{role}-jobs` and `/remote-{stack}-jobs`: a preset search with an
//! introduction, the live jobs and what they pay. Any other segment is 404.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::alerts::AlertForm;
use crate::api::jobs::fetch_landing;
use crate::components::{JobList, ListJsonLd, Loading, PageMeta, SalaryBox, loaded};
use crate::model::{Landing, LandingPage as Data};

#[component]
pub fn LandingPage() -> impl IntoView {
    let params = use_params_map();
    let segment = move || params.read().get("landing").unwrap_or_default();
    let data = Resource::new(segment, fetch_landing);
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                loaded(data.await, |page| view! { <LandingView page/> }.into_any())
            })}
        </Suspense>
    }
}

#[component]
fn LandingView(page: Data) -> impl IntoView {
    let Data { landing, results, salary, guides } = page;
    let heading = landing.heading();
    let search = format!("/jobs?{}", results.filter.to_query(1));
    let count = match results.total {
        1 => "1 open job".to_owned(),
        n => format!("{n} open jobs"),
    };
    let salary_label = match landing {
        Landing::Category(c) => format!("a remote {}", c.role()),
        Landing::Stack(s) => format!("remote {} work", s.label()),
    };
    let salaries_link = match landing {
        Landing::Category(c) => Some(format!("/salaries/{}", c.slug())),
        Landing::Stack(_) => None,
    };
    let alert_query = results.filter.to_query(1);
    let items: Vec<(String, String)> = results.jobs.iter().map(|j| (j.title.clone(), j.path())).collect();
    let trail = vec![("Jobs".to_owned(), "/jobs".to_owned()), (heading.clone(), landing.path())];
    view! {
        <ListJsonLd trail items/>
        <PageMeta
            title=heading.clone()
            description=format!("{count}: {heading} with the salary shown and where you may work from, on FarCoder.")
            path=landing.path()
        />
        <div class="container landing-page">
            <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/">"Home"</a>" / "<a href="/jobs">"Jobs"</a></nav>
            <h1>{heading}</h1>
            <p class="lead">{landing.intro()}</p>
            <p class="result-count">{count}" · "<a href=search.clone()>"Refine this search"</a>" · "
                <a href=format!("/jobs/feed.xml?{}", results.filter.to_query(1)) rel="external">"RSS feed"</a></p>
            <div class="landing-grid">
                <section aria-labelledby="jobs-heading">
                    <h2 id="jobs-heading" class="visually-hidden">"Open jobs"</h2>
                    <JobList jobs=results.jobs empty="No open jobs here right now. New ones arrive every day."/>
                    {(results.total > 20).then(|| view! { <p><a class="button" href=search>"See all "{results.total}" jobs"</a></p> })}
                    <AlertForm query=alert_query back=landing.path()/>
                </section>
                <div>
                    <SalaryBox figure=salary label=salary_label/>
                    {salaries_link.map(|href| view! { <p><a href=href>"Salaries by level"</a></p> })}
                    <section class="related-guides" aria-labelledby="guides-heading">
                        <h2 id="guides-heading">"Guides"</h2>
                        <ul>
                            {guides.into_iter().map(|g| view! { <li><a href=g.path()>{g.title.clone()}</a></li> }).collect_view()}
                        </ul>
                    </section>
                </div>
            </div>
        </div>
    }
    .into_any()
}
