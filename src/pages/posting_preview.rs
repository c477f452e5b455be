//! What a posting will look like, drawn by the public job page's own
//! `JobArticle`: live beside the form as you type (with JavaScript), and at
//! `/dashboard/jobs/{id}/preview` for a saved posting (without).

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::JobArticle;
use super::dashboard::members_only;
use crate::api::postings::{PreviewPosting, fetch_posting_preview};
use crate::components::{Loading, PageMeta};
use crate::model::{JobDetail, PostingDraft};

/// The form whose fields the live preview reads.
pub const FORM_ID: &str = "posting-form";

/// Asks the server for a fresh preview a moment after the typing stops.
#[derive(Clone, Copy)]
struct Previewer {
    action: ServerAction<PreviewPosting>,
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    timer: StoredValue<Option<leptos::leptos_dom::helpers::TimeoutHandle>>,
}

impl Previewer {
    fn new() -> Previewer {
        Previewer { action: ServerAction::new(), timer: StoredValue::new(None) }
    }

    /// Call on every input in the form.
    fn schedule(&self) {
        #[cfg(feature = "hydrate")]
        {
            let this = *self;
            if let Some(pending) = this.timer.get_value() {
                pending.clear();
            }
            let handle = set_timeout_with_handle(
                move || {
                    if let Some(draft) = form_draft() {
                        this.action.dispatch(PreviewPosting { draft });
                    }
                },
                std::time::Duration::from_millis(400),
            );
            this.timer.set_value(handle.ok());
        }
    }
}

/// The draft the posting form holds right now.
#[cfg(feature = "hydrate")]
fn form_draft() -> Option<PostingDraft> {
    use wasm_bindgen::JsCast;
    let form = document().get_element_by_id(FORM_ID)?.dyn_into::<web_sys::HtmlFormElement>().ok()?;
    let data = web_sys::FormData::new_with_form(&form).ok()?;
    Some(PostingDraft::from_form(
        |name| data.get(name).as_string().unwrap_or_default(),
        |name| data.get_all(name).iter().filter_map(|v| v.as_string()).collect(),
    ))
}

/// The posting form (`children`, whose form has the id `FORM_ID`) with the
/// live preview under it.
#[component]
pub fn PreviewedForm(initial: PostingDraft, children: Children) -> impl IntoView {
    let previewer = Previewer::new();
    view! {
        <div on:input=move |_| previewer.schedule() on:change=move |_| previewer.schedule()>{children()}</div>
        <LivePreview previewer initial/>
    }
}

/// The live preview under the form; it keeps the last complete version while
/// a field is being fixed.
#[component]
fn LivePreview(previewer: Previewer, initial: PostingDraft) -> impl IntoView {
    let shown = RwSignal::new(None::<JobDetail>);
    let incomplete = RwSignal::new(false);
    Effect::new(move |_| match previewer.action.value().get() {
        Some(Ok(job)) => {
            shown.set(Some(job));
            incomplete.set(false);
        }
        Some(Err(_)) => incomplete.set(true),
        None => {}
    });
    // A saved posting is previewed as soon as the page is interactive.
    Effect::new(move |_| {
        if initial.parse().is_ok() {
            previewer.action.dispatch(PreviewPosting { draft: initial.clone() });
        }
    });
    view! {
        <section class="preview" aria-labelledby="preview-heading">
            <h2 id="preview-heading">"Preview"</h2>
            {move || incomplete.get().then(|| view! {
                <p class="muted" role="status">"Some fields need another look; the preview shows the last complete version."</p>
            })}
            {move || match shown.get() {
                Some(job) => view! { <div class="preview-frame job-page"><JobArticle job preview=true/></div> }.into_any(),
                None => view! {
                    <p class="muted">"Your posting appears here, as job seekers will see it, once the required fields are filled in."</p>
                }.into_any(),
            }}
        </section>
    }
}

/// `/dashboard/jobs/{id}/preview`: a saved posting as its job page will show it.
#[component]
pub fn PostingPreviewPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0);
    let job = Resource::new(id, fetch_posting_preview);
    view! {
        <PageMeta title="Preview posting" description="A posting as job seekers will see it." path="/dashboard"/>
        <div class="container">
            <p><a href="/dashboard">"← Dashboard"</a>" · "<a href=move || format!("/dashboard/jobs/{}/edit", id())>"Edit"</a></p>
            <p class="notice" role="status">"Preview: this is how job seekers will see the posting once it is published."</p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    members_only(job.await, "/dashboard", |job| {
                        view! { <article class="job-page preview-frame"><JobArticle job preview=true/></article> }.into_any()
                    })
                })}
            </Suspense>
        </div>
    }
}
