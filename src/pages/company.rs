//! `/companies/{slug}`: a company's profile and its open jobs.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::jobs::fetch_company;
use crate::components::{ErrorView, JobList, Loading, PageMeta};

#[component]
pub fn CompanyPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let data = Resource::new(slug, fetch_company);
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(company) => {
                        let count = company.jobs.len();
                        view! {
                            <PageMeta
                                title=format!("Remote jobs at {}", company.name)
                                description=format!("{} is hiring remotely: {count} open jobs on FarCoder.", company.name)
                                path=format!("/companies/{}", company.slug)
                            />
                            <div class="container company-page">
                                {company.logo_path.map(|src| view! {
                                    <img class="company-logo large" src=src alt=format!("{} logo", company.name) width="128" height="128"/>
                                })}
                                <h1>{company.name.clone()}
                                    {company.verified.then(|| view! { <span class="verified" title="Company verified by FarCoder">"✓ Verified"</span> })}
                                </h1>
                                {company.website.map(|w| view! { <p><a href=w.clone() rel="noopener nofollow">{w.clone()}</a></p> })}
                                <section class="about" inner_html=company.about_html></section>
                                <h2>{format!("Open jobs ({count})")}</h2>
                                <JobList jobs=company.jobs empty="No open jobs at the moment."/>
                            </div>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorView error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
