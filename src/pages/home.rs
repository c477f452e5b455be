//! `/`: the search box, featured and latest jobs, and the categories.

use leptos::prelude::*;

use crate::api::jobs::fetch_home;
use crate::components::{ErrorView, JobList, Loading, PageMeta};
use crate::pages::GuideList;

#[component]
pub fn HomePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| fetch_home());
    view! {
        <PageMeta
            title="FarCoder"
            description="Remote software developer jobs with the salary shown and the places you may work from, each checked by a person."
            path="/"
        />
        <section class="hero">
            <div class="container">
                <h1>"Remote developer jobs that show the pay"</h1>
                <p class="lead">"Every posting is remote for real, lists its salary and says where you may work from."</p>
                <form class="hero-search" method="GET" action="/jobs" role="search">
                    <label class="visually-hidden" for="home-q">"Search jobs"</label>
                    <input id="home-q" type="search" name="q" placeholder="Try “rust”, “react” or “data engineer”" maxlength="200"/>
                    <button type="submit">"Search jobs"</button>
                </form>
            </div>
        </section>
        <div class="container">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(home) => view! {
                            <section aria-labelledby="categories-heading">
                                <h2 id="categories-heading">"Browse by role"</h2>
                                <ul class="categories">
                                    {home.categories.iter().map(|(category, count)| view! {
                                        <li><a href=format!("/jobs?category={}", category.slug())>
                                            <span>{category.label()}</span>
                                            <span class="count">{format!("{count} jobs")}</span>
                                        </a></li>
                                    }).collect_view()}
                                </ul>
                            </section>
                            <section aria-labelledby="featured-heading">
                                <h2 id="featured-heading">"Featured jobs"</h2>
                                <JobList jobs=home.featured empty="No featured jobs right now."/>
                            </section>
                            <section aria-labelledby="latest-heading">
                                <h2 id="latest-heading">"Latest jobs"</h2>
                                <JobList jobs=home.latest/>
                                <p><a class="button" href="/jobs">{format!("See all {} open jobs", home.open_jobs)}</a></p>
                            </section>
                            <section aria-labelledby="guides-heading">
                                <h2 id="guides-heading">"Guides"</h2>
                                <GuideList guides=home.guides/>
                                <p><a href="/guides">"All guides"</a>" · "<a href="/salaries">"Salaries"</a></p>
                            </section>
                        }.into_any(),
                        Err(error) => view! { <ErrorView error/> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}
