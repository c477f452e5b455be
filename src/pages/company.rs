//! `/companies/{slug}`: a company's profile and its open jobs.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::jobs::fetch_company;
use crate::components::{ErrorView, JobList, Loading, PageMeta, VerifiedBadge, site_url};
use crate::model::CompanyPage as Data;

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
                        let organization = organization_json_ld(&company);
                        view! {
                            <script type="application/ld+json" inner_html=organization></script>
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
                                    {company.verified.then(|| view! { <VerifiedBadge/> })}
                                </h1>
                                {company.website.map(|w| view! { <p><a href=w.clone() rel="noopener nofollow">{w.clone()}</a></p> })}
                                {company.response_rate.map(|rate| view! { <p class="response-rate">{rate.sentence()}</p> })}
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

/// schema.org `Organization` for a company page.
fn organization_json_ld(company: &Data) -> String {
    let base = site_url();
    let mut organization = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": company.name,
        "url": format!("{base}/companies/{}", company.slug),
    });
    if let Some(website) = &company.website {
        organization["sameAs"] = serde_json::json!([website]);
    }
    if let Some(logo) = &company.logo_path {
        organization["logo"] = serde_json::json!(format!("{base}{logo}"));
    }
    organization.to_string().replace('<', "\\u003c")
}
