//! `/saved`: the jobs this browser saved (no account), those closed since
//! marked so; a signed link by e-mail carries the list to another device,
//! where "Keep these on this device" adds them.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::account::{field_error, form_error};
use crate::api::saved::{EmailSaved, fetch_saved};
use crate::components::{ErrorView, JobList, Loading, PageMeta};
use crate::model::{ClosedSaved, SavedPage as Data};

#[component]
pub fn SavedPage() -> impl IntoView {
    let query = use_query_map();
    let args = move || {
        let q = query.read();
        (q.get("list").unwrap_or_default(), q.get("sig").unwrap_or_default())
    };
    let data = Resource::new(args, |(list, sig)| fetch_saved(list, sig));
    let notice = move || match (query.read().get("kept").as_deref(), query.read().get("sent").is_some()) {
        (Some("1"), _) => Some("These jobs are now saved on this device too."),
        (Some(_), _) => Some("That link is not complete: nothing was added. Open it from the e-mail again."),
        (None, true) => Some("Check your inbox: the link to your list is on its way."),
        _ => None,
    };
    view! {
        <PageMeta title="Saved jobs" description="The remote jobs you saved on FarCoder." path="/saved"/>
        <div class="container saved-page">
            <h1>"Saved jobs"</h1>
            {move || notice().map(|text| view! { <p class="notice" role="status">{text}</p> })}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(page) => view! { <SavedList page/> }.into_any(),
                        Err(error) => view! { <ErrorView error/> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn SavedList(page: Data) -> impl IntoView {
    let Data { open, closed, from_link } = page;
    let empty = open.is_empty() && closed.is_empty();
    let keep = from_link.map(|link| {
        view! {
            <form method="post" action="/saved" class="keep-list">
                <p>"This list came from your e-mail."</p>
                <input type="hidden" name="list" value=link.list/>
                <input type="hidden" name="sig" value=link.sig/>
                <button type="submit">"Keep these on this device"</button>
            </form>
        }
    });
    let mine = keep.is_none();
    view! {
        {keep}
        {empty.then(|| view! {
            <p class="empty">"Nothing saved yet. Use “Save” on any job to keep it here: no account needed."</p>
            <p><a class="button" href="/jobs">"Browse remote jobs"</a></p>
        })}
        {(!open.is_empty()).then(|| view! { <JobList jobs=open saved=mine/> })}
        {(!closed.is_empty()).then(|| view! {
            <section aria-labelledby="closed-heading">
                <h2 id="closed-heading">"Closed since you saved them"</h2>
                <ul class="saved-closed">
                    {closed.into_iter().map(|job| view! { <ClosedItem job removable=mine/> }).collect_view()}
                </ul>
            </section>
        })}
        {(mine && !empty).then(|| view! { <EmailForm/> })}
    }
}

#[component]
fn ClosedItem(job: ClosedSaved, removable: bool) -> impl IntoView {
    let state = if job.filled { "filled" } else { "closed" };
    view! {
        <li>
            <span>{job.title.clone()}" at "{job.company_name}" — "<strong>{state}</strong></span>
            {removable.then(|| view! { <crate::components::SaveForm id=job.id title=job.title remove=true/> })}
        </li>
    }
}

/// "E-mail me this list": a signed link to open it on another device.
#[component]
fn EmailForm() -> impl IntoView {
    let action = ServerAction::<EmailSaved>::new();
    let general = form_error(action, &["email"]);
    let email_error = field_error(action, "email");
    view! {
        <section class="email-saved" aria-labelledby="email-saved-heading">
            <h2 id="email-saved-heading">"Take this list to another device"</h2>
            <ActionForm action attr:class="stack-form">
                <p class="form-error" role="alert">{general}</p>
                <div class="field">
                    <label for="saved-email">"Your e-mail address"</label>
                    <input id="saved-email" type="email" name="email" required autocomplete="email"
                        aria-describedby="saved-email-error"/>
                    <p class="field-error" id="saved-email-error" aria-live="polite">{email_error}</p>
                </div>
                <button type="submit" class="secondary">"E-mail me a link to this list"</button>
            </ActionForm>
        </section>
    }
}
