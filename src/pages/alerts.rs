//! Job alerts in the browser: the "E-mail me new jobs like these" form on
//! `/jobs` and the landing pages, the confirmation link's page, the
//! subscriber's private page, and one-click unsubscribe's page. Every form
//! is a plain POST without JavaScript and updates in place with it.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::account::{LinkButton, field_error, form_error, kept_after_refusal, typed};
use crate::api::alerts::{ChangeAlert, ConfirmAlert, SubscribeAlert, fetch_alerts_page, fetch_pending_alert};
use crate::components::{ErrorView, Loading, PageMeta, set_status};
use crate::error::AppError;
use crate::model::{AlertFrequency, AlertSummary, AlertsPage};

/// "E-mail me new jobs like these" for the search `query` (a `/jobs` query
/// string), with the RSS feed of the same search beside it. `back` is the
/// page a plain form returns to.
#[component]
pub fn AlertForm(#[prop(into)] query: Signal<String>, #[prop(into)] back: Signal<String>) -> impl IntoView {
    let action = ServerAction::<SubscribeAlert>::new();
    let url = use_query_map();
    let sent =
        move || url.read().get("alert").as_deref() == Some("sent") || action.value().get().is_some_and(|r| r.is_ok());
    let general = form_error(action, &["email", "frequency"]);
    let (email_error, frequency_error) = (field_error(action, "email"), field_error(action, "frequency"));
    let feed = move || {
        let q = query.get();
        if q.is_empty() { "/jobs/feed.xml".to_owned() } else { format!("/jobs/feed.xml?{q}") }
    };
    // A refused plain form comes back with what was typed, kept by the server.
    let kept = kept_after_refusal(action, "alert");
    // Signed in, the account's address: its alerts show on the account.
    let account = Resource::new(|| (), |_| async { crate::api::seekers::fetch_seeker_email().await.ok().flatten() });
    view! {
        <section class="alert-signup" id="alert" aria-labelledby="alert-heading">
            <h2 id="alert-heading">"E-mail me new jobs like these"</h2>
            <Show when=sent fallback=move || view! {
                <Suspense>{move || Suspend::new(async move {
                let kept = kept.await;
                let account = account.await;
                let (mut email, frequency) = (typed(&kept, "email"), typed(&kept, "frequency"));
                if email.is_empty() {
                    email = account.clone().unwrap_or_default();
                }
                let hint = account.map(|_| view! { <p class="hint" id="alert-email-hint">"Alerts to your account’s address show on "<a href="/me">"your account"</a>"."</p> });
                view! {
                <ActionForm action attr:class="alert-form">
                    <p class="form-error" role="alert">{general}</p>
                    <input type="hidden" name="query" value=query/>
                    <input type="hidden" name="back" value=back/>
                    <div class="field">
                        <label for="alert-email">"Your e-mail address"</label>
                        {hint}
                        <input id="alert-email" type="email" name="email" required autocomplete="email"
                            aria-describedby="alert-email-error" value=email/>
                        <p class="field-error" id="alert-email-error" aria-live="polite">{email_error}</p>
                    </div>
                    <div class="field">
                        <label for="alert-frequency">"How often"</label>
                        <select id="alert-frequency" name="frequency" aria-describedby="alert-frequency-error">
                            {AlertFrequency::ALL.iter().map(|f| view! { <option value=f.slug() selected=frequency == f.slug()>{f.label()}</option> }).collect_view()}
                        </select>
                        <p class="field-error" id="alert-frequency-error" aria-live="polite">{frequency_error}</p>
                    </div>
                    <button type="submit" class="secondary" disabled=move || action.pending().get()>"Create alert"</button>
                </ActionForm>
                }
                })}</Suspense>
            }>
                <p class="notice" role="status">
                    "Check your inbox: we sent a link to confirm this alert. Nothing else is sent until you open it."
                </p>
            </Show>
            <p class="muted">"No account needed; every e-mail has a one-click unsubscribe. Or follow this search by "
                <a href=feed rel="external">"RSS"</a>"."</p>
        </section>
    }
}

/// `/alerts/confirm?alert=…&key=…`: the link in the confirmation mail.
#[component]
pub fn AlertConfirmPage() -> impl IntoView {
    let query = use_query_map();
    let (alert, key) = query.with_untracked(|q| {
        (q.get("alert").and_then(|a| a.parse::<i64>().ok()).unwrap_or(0), q.get("key").unwrap_or_default())
    });
    let args = (alert, key.clone());
    let pending = Resource::new(move || args.clone(), |(alert, key)| fetch_pending_alert(alert, key));
    view! {
        <PageMeta title="Confirm your job alert" description="Confirm a FarCoder job alert." path="/alerts/confirm"/>
        <div class="container narrow">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || {
                    let key = key.clone();
                    // A button whose post found no alert comes back to this
                    // page without one: it says the link does not work.
                    Suspend::new(async move {
                        match pending.await {
                            Ok(shown) if shown.confirmed => view! {
                                <h1>"This alert is on"</h1>
                                <p><a class="button" href=shown.manage_path>"See all your alerts"</a></p>
                            }.into_any(),
                            Ok(shown) => {
                                let lead = format!(
                                    "New remote jobs matching {} will reach you {}, once you confirm.",
                                    shown.description,
                                    shown.frequency.label().to_lowercase()
                                );
                                view! {
                                    <LinkButton url={<ConfirmAlert as leptos::server_fn::ServerFn>::PATH} failed=None
                                        heading="Confirm your job alert" lead=lead
                                        button="Turn the alert on"
                                        fields=vec![("alert", alert.to_string()), ("key", key)]/>
                                }.into_any()
                            }
                            Err(AppError::NotFound) => {
                                set_status(404);
                                view! {
                                    <h1>"This link does not work"</h1>
                                    <p>"The alert may have been deleted. You can create it again from any search."</p>
                                }.into_any()
                            }
                            Err(error) => view! { <ErrorView error/> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}

/// `/alerts/manage?s=…&key=…`: every alert of one address, each to pause,
/// edit or delete.
#[component]
pub fn AlertsManagePage() -> impl IntoView {
    let query = use_query_map();
    let args = move || {
        let q = query.read();
        (q.get("s").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0), q.get("key").unwrap_or_default())
    };
    let action = ServerAction::<ChangeAlert>::new();
    let page = Resource::new(args, |(s, key)| fetch_alerts_page(s, key));
    let general = form_error(action, &[]);
    let confirmed = query.with_untracked(|q| q.get("confirmed").is_some());
    view! {
        <PageMeta title="Your job alerts" description="See, pause, change or delete your FarCoder job alerts." path="/alerts/manage"/>
        <div class="container narrow">
            <h1>"Your job alerts"</h1>
            {confirmed.then(|| view! {
                <p class="notice" role="status">"Your alert is on: new jobs that match it will reach you by e-mail."</p>
            })}
            <p class="form-error" role="alert">{general}</p>
            <Transition fallback=|| view! { <Loading label="Loading your alerts…"/> }>
                {move || Suspend::new(async move {
                    let (s, key) = args();
                    match page.await {
                        Ok(page) => view! { <AlertList page s key action/> }.into_any(),
                        Err(AppError::NotFound) => {
                            set_status(404);
                            view! { <p>"This link does not work. Use the link in your latest alert e-mail."</p> }.into_any()
                        }
                        Err(error) => view! { <ErrorView error/> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn AlertList(page: AlertsPage, s: i64, key: String, action: ServerAction<ChangeAlert>) -> impl IntoView {
    let AlertsPage { email, alerts } = page;
    view! {
        <p class="lead">{format!("Alerts sent to {email}")}</p>
        {alerts.is_empty().then(|| view! {
            <p class="empty">"No alerts left. Create one from any "<a href="/jobs">"search"</a>"."</p>
        })}
        <ul class="alert-list">
            {alerts.into_iter().map(|alert| view! { <AlertItem alert s key=key.clone() action/> }).collect_view()}
        </ul>
    }
}

#[component]
fn AlertItem(alert: AlertSummary, s: i64, key: String, action: ServerAction<ChangeAlert>) -> impl IntoView {
    let id = alert.id;
    let words_id = format!("alert-{id}-words");
    let frequency_id = format!("alert-{id}-frequency");
    let state = match (alert.confirmed, alert.paused) {
        (false, _) => "waiting for you to open the confirmation link",
        (true, true) => "paused",
        (true, false) => alert.frequency.label(),
    };
    let hidden = move |key: String| {
        view! {
            <input type="hidden" name="s" value=s.to_string()/>
            <input type="hidden" name="key" value=key/>
            <input type="hidden" name="alert" value=id.to_string()/>
        }
    };
    let (edit_key, pause_key, delete_key) = (key.clone(), key.clone(), key);
    let (pause_label, pause_change) = if alert.paused { ("Resume", "resume") } else { ("Pause", "pause") };
    view! {
        <li class="alert-item" id=format!("alert-{id}")>
            <h2><a href=format!("/jobs?{}", alert.query)>{alert.description.clone()}</a></h2>
            <p class="muted">{state}</p>
            <ActionForm action attr:class="alert-edit">
                {hidden(edit_key)}
                <input type="hidden" name="change" value="edit"/>
                <div class="field">
                    <label for=words_id.clone()>"Words"</label>
                    <input id=words_id type="search" name="words" value=alert.words maxlength="200"/>
                </div>
                <div class="field">
                    <label for=frequency_id.clone()>"How often"</label>
                    <select id=frequency_id name="frequency">
                        {AlertFrequency::ALL.iter().map(|f| view! {
                            <option value=f.slug() selected=*f == alert.frequency>{f.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="secondary">"Save"</button>
            </ActionForm>
            <div class="alert-actions">
                <ActionForm action>
                    {hidden(pause_key)}
                    <input type="hidden" name="change" value=pause_change/>
                    <button type="submit" class="secondary">{pause_label}</button>
                </ActionForm>
                <ActionForm action>
                    {hidden(delete_key)}
                    <input type="hidden" name="change" value="delete"/>
                    <button type="submit" class="danger">"Delete"</button>
                </ActionForm>
            </div>
        </li>
    }
}

/// `/alerts/unsubscribe?alert=…&key=…`, opened from a digest: one button.
/// The same address answers a mail client's one-click POST (RFC 8058).
#[component]
pub fn AlertUnsubscribePage() -> impl IntoView {
    let query = use_query_map();
    let action = move || {
        let q = query.read();
        format!(
            "/alerts/unsubscribe?alert={}&key={}",
            q.get("alert").and_then(|a| a.parse::<i64>().ok()).unwrap_or(0),
            q.get("key").unwrap_or_default().chars().filter(char::is_ascii_hexdigit).collect::<String>()
        )
    };
    let done = move || query.read().get("done");
    view! {
        <PageMeta title="Unsubscribe from a job alert" description="Stop a FarCoder job alert." path="/alerts/unsubscribe"/>
        <div class="container narrow">
            {move || match done().as_deref() {
                Some("1") => view! {
                    <h1>"You are unsubscribed"</h1>
                    <p class="notice" role="status">"This alert is deleted: no more e-mail about it will be sent."</p>
                    <p><a href="/jobs">"Search jobs"</a></p>
                }.into_any(),
                Some(_) => view! {
                    <h1>"Nothing to unsubscribe"</h1>
                    <p>"This alert was deleted already, or the link is not complete."</p>
                }.into_any(),
                None => view! {
                    <h1>"Unsubscribe from this alert"</h1>
                    <form method="post" action=action class="stack-form">
                        <input type="hidden" name="List-Unsubscribe" value="One-Click"/>
                        <button type="submit">"Unsubscribe"</button>
                    </form>
                }.into_any(),
            }}
        </div>
    }
}
