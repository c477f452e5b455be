//! `/embed`: for employers and communities, the snippets that put FarCoder
//! jobs on their own site. A search (words and filters) becomes a widget
//! to frame; a job becomes an image card for a README or any Markdown. A
//! plain GET form builds both, with a preview of each; the page's script
//! adds Copy buttons.

use crate::model::escape_html;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::api::jobs::fetch_embed;
use crate::components::{Loading, PageMeta, loaded};
use crate::model::{
    CARD_HEIGHT, CARD_WIDTH, Category, EmbedBuilder, EmbedJob, JobFilter, Level, Location, Region, Stack, WIDGET_JOBS,
};

#[component]
pub fn EmbedPage() -> impl IntoView {
    let location = use_location();
    let data = Resource::new(move || location.search.get(), fetch_embed);
    view! {
        <PageMeta title="Put FarCoder jobs on your site"
            description="Show any search of remote developer jobs on your own site as a widget, or one job as a card in a README: build the snippet and paste it."
            path="/embed"/>
        <div class="container embed-page">
            <h1>"Put FarCoder jobs on your site"</h1>
            <p class="lead">"For communities, newsletters, meetups and employers: show a search of remote jobs on your own pages, or one job in a README. Nothing to sign up for; the jobs stay current, and a job that closes leaves the widget."</p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    loaded(data.await, |page| view! { <Builder page/> }.into_any())
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Builder(page: EmbedBuilder) -> impl IntoView {
    let widget_src = if page.widget_query.is_empty() {
        "/embed/jobs".to_owned()
    } else {
        format!("/embed/jobs?{}", page.widget_query)
    };
    let snippet = page.widget_snippet();
    let matching = match page.matching {
        0 => "No open job matches this search right now; the widget will say so until one does.".to_owned(),
        1 => "1 open job matches this search now.".to_owned(),
        n => format!("{n} open jobs match this search now."),
    };
    let EmbedBuilder { base, filter, limit, widget_title, job_input, job, job_error, .. } = page;
    view! {
        <form class="embed-form" method="get" action="/embed">
            <section class="embed-section" aria-labelledby="widget-heading">
                <h2 id="widget-heading">"A search, as a widget"</h2>
                <p>"Pick the jobs your readers care about. The widget lists the newest matches, each linking to its page here, and runs no script on your site."</p>
                <SearchFields filter=filter.clone() limit/>
                <button type="submit">"Make the widget"</button>
                <div class="embed-result" id="widget">
                    <p role="status">{matching}</p>
                    <Snippet id="widget-snippet" label="HTML to paste into your page" text=snippet rows=4/>
                    <h3>"Preview"</h3>
                    <iframe class="embed-preview" src=widget_src title=format!("Preview: {widget_title}")></iframe>
                </div>
            </section>
            <section class="embed-section" aria-labelledby="card-heading" id="card">
                <h2 id="card-heading">"A job, as a card"</h2>
                <p>"Paste the address of an open job’s page. The card shows its title, company, salary and where people may work from, and links to the job; when the job closes, the card says so."</p>
                <div class="field">
                    <label for="job">"The job’s address"</label>
                    <input id="job" name="job" type="text" inputmode="url" autocomplete="off" value=job_input.clone()
                        placeholder="https://…/jobs/senior-rust-engineer-acme-12"
                        aria-invalid=if job_error.is_some() { "true" } else { "false" }
                        aria-describedby="job-error"/>
                    <p class="field-error" id="job-error" aria-live="polite">{job_error.clone()}</p>
                </div>
                <button type="submit">"Make the card"</button>
                {job.map(|job| view! { <CardResult job base=base.clone()/> })}
            </section>
        </form>
    }
}

/// The search's words and main filters, as on `/jobs`.
#[component]
fn SearchFields(filter: JobFilter, limit: u8) -> impl IntoView {
    let select = |id: &'static str,
                  label: &'static str,
                  any: &'static str,
                  options: Vec<(&'static str, &'static str)>,
                  current: Option<&'static str>| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <select id=id name=id>
                    <option value="" selected=current.is_none()>{any}</option>
                    {options.into_iter().map(|(value, text)| view! {
                        <option value=value selected=current == Some(value)>{text}</option>
                    }).collect_view()}
                </select>
            </div>
        }
    };
    let stack = filter.stacks.first().map(|s| s.slug());
    view! {
        <div class="embed-fields">
            <div class="field">
                <label for="q">"Words"</label>
                <input id="q" name="q" type="search" value=filter.q.clone() placeholder="e.g. rust, platform, kubernetes"/>
            </div>
            {select("category", "Role", "Any role", Category::ALL.iter().map(|c| (c.slug(), c.label())).collect(), filter.category.map(|c| c.slug()))}
            {select("stack", "Stack", "Any stack", Stack::ALL.iter().map(|s| (s.slug(), s.label())).collect(), stack)}
            {select("level", "Level", "Any level", Level::ALL.iter().map(|l| (l.slug(), l.label())).collect(), filter.level.map(|l| l.slug()))}
            {select(
                "region", "Readers live in", "Anywhere",
                Region::ALL.iter().map(|r| (r.slug(), r.label())).chain(Location::countries().map(|c| (c.slug(), c.label()))).collect(),
                filter.region.map(|r| r.slug()),
            )}
            <div class="field">
                <label for="limit">"Jobs shown"</label>
                <select id="limit" name="limit">
                    {[5u8, 10, 20].into_iter().map(|n| view! {
                        <option value=n.to_string() selected=n == limit>{if n == WIDGET_JOBS { format!("{n} (default)") } else { n.to_string() }}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field checkbox">
                <input type="checkbox" id="verified" name="verified" value="1" checked=filter.verified/>
                <label for="verified">"Verified companies only"</label>
            </div>
        </div>
    }
}

/// The card's snippets and preview.
#[component]
fn CardResult(job: EmbedJob, base: String) -> impl IntoView {
    let markdown = job.markdown(&base);
    let html = job.html(&base);
    view! {
        <div class="embed-result">
            <p role="status">{format!("The card for “{}” at {}.", job.title, job.company_name)}</p>
            <Snippet id="card-markdown" label="Markdown (a README, a forum post)" text=markdown rows=3/>
            <Snippet id="card-html" label="HTML" text=html rows=3/>
            <h3>"Preview"</h3>
            <a href=job.path.clone()>
                <img class="card-preview" src=job.card_path() alt=job.alt() width=CARD_WIDTH height=CARD_HEIGHT/>
            </a>
        </div>
    }
}

/// A snippet to copy: selectable text, and with the page's script a Copy
/// button that says when it copied.
#[component]
fn Snippet(id: &'static str, label: &'static str, text: String, rows: u8) -> impl IntoView {
    view! {
        <div class="field snippet">
            <label for=id>{label}</label>
            <textarea id=id readonly rows=rows spellcheck="false" inner_html=escape_html(&text)></textarea>
            <div class="snippet-actions">
                <button type="button" class="secondary" data-copy=id hidden>"Copy"</button>
                <span class="copied" id=format!("{id}-copied") role="status"></span>
            </div>
        </div>
    }
}
