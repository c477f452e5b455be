//! What a posting will look like, drawn by the public job page's own
//! `JobArticle`: live beside the form as you type (with JavaScript), and at
//! `/dashboard/jobs/{id}/preview` for a saved posting (without).

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::JobArticle;
use super::dashboard::members_only;
use crate::api::postings::{KeepTypedPosting, PreviewPosting, SubmitPosting, fetch_posting_preview};
use crate::components::{InPlace, Loading, PageMeta, live};
use crate::model::{JobDetail, PostingDraft, PostingPreview, PostingStatus};

/// The form whose fields the live preview reads.
pub const FORM_ID: &str = "posting-form";

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

/// The server's message for the posting field `name` holding `value`,
/// checked alone as you type; `None` for fields checked only as a whole.
fn field_check(name: &str, value: String) -> Option<Option<String>> {
    let mut probe = PostingDraft::default();
    let key = match name {
        "draft[title]" => {
            probe.title = value;
            "title"
        }
        "draft[salary_min]" => {
            probe.salary_max = value.clone();
            probe.salary_min = value;
            "salary_min"
        }
        "draft[description]" => {
            probe.description = value;
            "description"
        }
        "draft[apply_url]" => {
            probe.apply_url = value;
            "apply_url"
        }
        "draft[hiring_steps]" => {
            probe.hiring_steps = value;
            "hiring_steps"
        }
        "draft[decision_days]" => {
            probe.decision_days = value;
            "decision_days"
        }
        _ => return None,
    };
    Some(probe.error_for(key))
}

/// The posting form (`children`, whose form has the id `FORM_ID`) of posting
/// `posting` (0: a new one) with the live preview beside or under it: its
/// fields are checked as you type, a moment after the typing stops the
/// server previews the draft (the last complete version stays while a field
/// is being fixed), and a little later keeps a copy of what was typed, so
/// nothing is lost before it is saved. Employers only: its code loads on
/// their pages alone.
#[island(lazy)]
pub fn PreviewedForm(posting: i64, children: Children) -> impl IntoView {
    let action = ServerAction::<PreviewPosting>::new();
    let keep = ServerAction::<KeepTypedPosting>::new();
    #[cfg(feature = "hydrate")]
    let timers = StoredValue::new([None::<leptos::leptos_dom::helpers::TimeoutHandle>, None]);
    let schedule = move || {
        #[cfg(feature = "hydrate")]
        {
            let [preview, copy] = timers.get_value();
            for pending in [preview, copy].into_iter().flatten() {
                pending.clear();
            }
            let preview = set_timeout_with_handle(
                move || {
                    if let Some(draft) = form_draft() {
                        action.dispatch(PreviewPosting { draft });
                    }
                },
                std::time::Duration::from_millis(400),
            );
            let copy = set_timeout_with_handle(
                move || {
                    if let Some(draft) = form_draft() {
                        keep.dispatch(KeepTypedPosting { posting, draft });
                    }
                },
                std::time::Duration::from_millis(1500),
            );
            timers.set_value([preview.ok(), copy.ok()]);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (posting, keep);
    };
    let kept = move || match keep.value().get() {
        Some(Ok(at)) => format!("A copy of what you typed is kept ({at}) until you save."),
        Some(Err(_)) => "What you typed could not be kept just now: save the form to be safe.".to_owned(),
        None => String::new(),
    };
    let shown = RwSignal::new(None::<JobDetail>);
    let incomplete = RwSignal::new(false);
    Effect::new(move |_| match action.value().get() {
        Some(Ok(job)) => {
            shown.set(Some(job));
            incomplete.set(false);
        }
        Some(Err(_)) => incomplete.set(true),
        None => {}
    });
    // A complete form (a saved posting, or one typed into before the page
    // was interactive) is previewed at once.
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(draft) = form_draft().filter(|d| d.parse().is_ok()) {
            action.dispatch(PreviewPosting { draft });
        }
    });
    // Leaving with changes nobody saved asks first; saving does not.
    let unsaved = StoredValue::new(false);
    #[cfg(feature = "hydrate")]
    {
        let listener = window_event_listener(leptos::ev::beforeunload, move |ev: web_sys::BeforeUnloadEvent| {
            if unsaved.get_value() {
                ev.prevent_default();
                ev.set_return_value("You have changes that are not saved.");
            }
        });
        on_cleanup(move || listener.remove());
    }
    view! {
        <div class="posting-workspace">
        <div
            on:input=move |ev| {
                unsaved.set_value(true);
                live::check(&ev, false, |field, value| field_check(&field.get_attribute("name")?, value));
                schedule();
            }
            on:change=move |ev| {
                unsaved.set_value(true);
                live::check(&ev, true, |field, value| field_check(&field.get_attribute("name")?, value));
                schedule();
            }
            on:submit=move |_| unsaved.set_value(false)
        >
            {children()}
            <p class="muted typed-state" role="status">{kept}</p>
        </div>
        <section class="preview" aria-labelledby="preview-heading" tabindex="0">
            <h2 id="preview-heading">"Preview"</h2>
            <p class="muted" role="status" hidden=move || !incomplete.get()>
                "Some fields need another look; the preview shows the last complete version."
            </p>
            {move || match shown.get() {
                Some(job) => view! { <div class="preview-frame job-page"><JobArticle job preview=true/></div> }.into_any(),
                None => view! {
                    <p class="muted">"Your posting appears here, as job seekers will see it, once the required fields are filled in."</p>
                }.into_any(),
            }}
        </section>
        </div>
    }
}

/// `/dashboard/jobs/{id}/preview`: a saved posting as its job page will
/// show it, where it stands, and (for a draft) the button that sends it to
/// review: the step between writing a posting and publishing it.
#[component]
pub fn PostingPreviewPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0);
    let query = use_query_map();
    let saved = query.read_untracked().get("saved");
    let submit = ServerAction::<SubmitPosting>::new();
    let preview = Resource::new(id, fetch_posting_preview);
    view! {
        <PageMeta title="Preview posting" description="A posting as job seekers will see it." path="/dashboard"/>
        <div class="container">
            <p><a href="/dashboard">"← Dashboard"</a></p>
            <InPlace>
                <Suspense fallback=|| view! { <Loading/> }>
                    {move || {
                        let saved = saved.clone();
                        Suspend::new(async move {
                            members_only(preview.await, "/dashboard", |preview| {
                                view! { <PreviewView preview id=id() saved submit/> }.into_any()
                            })
                        })
                    }}
                </Suspense>
            </InPlace>
        </div>
    }
}

#[component]
fn PreviewView(
    preview: PostingPreview,
    id: i64,
    saved: Option<String>,
    submit: ServerAction<SubmitPosting>,
) -> impl IntoView {
    let promise = preview.review_promise();
    let status = preview.status;
    let error =
        move || submit.value().get().and_then(|r| r.err()).map(|e| e.general(&[]).unwrap_or_else(|| e.to_string()));
    let edit = format!("/dashboard/jobs/{id}/edit");
    let next = match status {
        _ if status.can_submit() => view! {
            {match saved.as_deref() {
                Some("draft") => Some("Your edit is saved, and the posting is a draft again."),
                Some(_) => Some("Draft saved."),
                None => None,
            }.map(|text| view! { <p class="notice" role="status">{text}" Nobody else sees it until it is published."</p> })}
            <p>{promise}" You get an e-mail when it is decided."</p>
            <p class="form-error" role="alert">{error}</p>
            <div class="decisions">
                <ActionForm action=submit attr:class="row-action">
                    <input type="hidden" name="id" value=id.to_string()/>
                    <button type="submit">"Submit for review"</button>
                </ActionForm>
                <a class="button secondary" href=edit.clone()>"Edit"</a>
            </div>
        }.into_any(),
        PostingStatus::Review => view! {
            <p class="notice" role="status">"Submitted: it waits for a moderator. "{promise}" You get an e-mail when it is decided."</p>
        }.into_any(),
        PostingStatus::Published => view! {
            <p class="notice" role="status">"This posting is live. "
                <a href=preview.job.card.path()>"Open its job page"</a>" · "<a href=edit.clone()>"Edit"</a>
            </p>
        }.into_any(),
        other => view! {
            <p class="notice" role="status">{format!("This posting is {}.", other.label().to_lowercase())}</p>
        }.into_any(),
    };
    view! {
        <section class="posting-next" aria-label="Where this posting stands">
            <p class="muted">"Preview: how job seekers will see the posting once it is published."</p>
            {next}
        </section>
        <article class="job-page preview-frame"><JobArticle job=preview.job preview=true/></article>
    }
}
