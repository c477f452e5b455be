//! A seeker's account pages: signing in without a password (`/me/signin`),
//! the tracker (`/me`), and their data (`/me/data`, `/me/erased`). The
//! profile is in `me_profile`.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::account::{LinkButton, field_error, form_error, kept_after_refusal, typed};
use crate::api::seekers::{
    EraseAccount, RequestErase, RequestSignInCode, SignInWithCode, SignInWithLink, SignOutSeeker, WithdrawTracked,
    fetch_seeker_signed_in, fetch_sign_in_link, fetch_sign_in_pending, fetch_tracker,
};
use crate::components::{ErrorView, Field, Loading, PageMeta};
use crate::error::AppError;
use crate::model::{CODE_DIGITS, Check, Email, TrackedApplication, TrackerPage};

/// What a page for signed-in seekers shows: `render` with its data; for
/// anyone else, a redirect to sign in and come back to `back`.
pub(super) fn seekers_only<T>(result: Result<T, AppError>, back: &str, render: impl FnOnce(T) -> AnyView) -> AnyView {
    match result {
        Ok(data) => render(data),
        Err(AppError::Unauthorized) => {
            let sign_in = format!("/me/signin?next={back}");
            crate::components::redirect(&sign_in, 302);
            view! { <p>"Please "<a href=sign_in>"sign in"</a>" to continue."</p> }.into_any()
        }
        Err(error) => view! { <ErrorView error/> }.into_any(),
    }
}

/// `/me/signin`: the address, then the code the e-mail brings.
#[component]
pub fn SeekerSignInPage() -> impl IntoView {
    let failed = use_query_map().with_untracked(|q| q.get("failed").is_some());
    let body = if failed {
        view! {
            <h1>"This link does not work"</h1>
            <p>"It has expired or was already used. Ask for a new code below."</p>
            <EmailStep/>
        }
        .into_any()
    } else {
        view! { <CodeOrEmail/> }.into_any()
    };
    view! {
        <PageMeta title="Sign in" description="Sign in to FarCoder with a code sent to your e-mail: no password." path="/me/signin"/>
        <leptos_meta::Meta name="robots" content="noindex"/>
        <div class="container narrow">{body}</div>
    }
}

/// `/me/link?token=…`, the e-mailed link's page: it signs in only when its
/// button is pressed (a mail scanner opens every link).
#[component]
pub fn SeekerLinkPage() -> impl IntoView {
    let link = use_query_map().with_untracked(|q| q.get("token").unwrap_or_default());
    view! {
        <PageMeta title="Sign in" description="Sign in to FarCoder from the link we e-mailed you." path="/me/link"/>
        <leptos_meta::Meta name="robots" content="noindex"/>
        <div class="container narrow"><LinkStep link/></div>
    }
}

#[component]
fn LinkStep(link: String) -> impl IntoView {
    let email = Resource::new(move || (), {
        let link = link.clone();
        move |_| fetch_sign_in_link(link.clone())
    });
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || {
                let link = link.clone();
                Suspend::new(async move {
                    let (failed, lead) = match email.await {
                        Ok(Some(email)) => (None, format!("Press the button to sign in to FarCoder as {email}, in this browser. Not your address? Close this page.")),
                        Ok(None) => (Some(AppError::invalid("link", "This link has expired or was already used. Ask for a new code.")), String::new()),
                        Err(error) => (Some(error), String::new()),
                    };
                    view! {
                        <LinkButton url={<SignInWithLink as leptos::server_fn::ServerFn>::PATH} failed
                            heading="Sign in to FarCoder" lead button="Sign in" fields=vec![("link", link)]/>
                        <p><a href="/me/signin">"Ask for a new code"</a></p>
                    }
                })
            }}
        </Suspense>
    }
}

/// The code form when this browser is waiting on one, else the address form.
#[component]
fn CodeOrEmail() -> impl IntoView {
    let pending = Resource::new(|| (), |_| fetch_sign_in_pending());
    let signed_in = Resource::new(|| (), |_| fetch_seeker_signed_in());
    // "Use another address" goes back to the address, whatever is pending.
    let again = use_query_map().with_untracked(|q| q.get("again").is_some());
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                // Signed in already (the code sent twice by a double click,
                // the back button): on to where the sign-in was going.
                if signed_in.await.unwrap_or(false) {
                    let next = crate::model::local_path(&next_of()).unwrap_or("/me").to_owned();
                    crate::components::redirect(&next, 303);
                    return view! { <p>"You are signed in. "<a href=next>"Continue"</a></p> }.into_any();
                }
                match pending.await {
                    Ok(Some(email)) if !again => view! { <CodeStep email/> }.into_any(),
                    _ => view! { <EmailStep/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn next_of() -> String {
    use_query_map().with_untracked(|q| q.get("next")).unwrap_or_else(|| "/me".to_owned())
}

#[component]
fn EmailStep() -> impl IntoView {
    let action = ServerAction::<RequestSignInCode>::new();
    let general = form_error(action, &["email"]);
    let kept = kept_after_refusal(action, "seeker_email");
    let next = StoredValue::new(next_of());
    view! {
        <h1>"Sign in or create your account"</h1>
        <p class="lead">"No password: we e-mail you a six-digit code. Your account keeps your profile, applies in one click and tracks every application."</p>
        <Show when=move || !matches!(action.value().get(), Some(Ok(()))) fallback=|| view! {
            <p class="notice" role="status">"We sent you a code. "<a href="/me/signin">"Type it here"</a>"."</p>
        }>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let kept = kept.await;
                    let next = next.get_value();
                    view! {
                        <ActionForm action attr:class="stack-form" attr:novalidate="">
                            <p class="form-error" role="alert">{general}</p>
                            <input type="hidden" name="next" value=next/>
                            <Field label="E-mail" name="email" kind="email" autocomplete="email" check=Check::Email
                                server_error=field_error(action, "email") maxlength=Email::MAX_LEN value=typed(&kept, "email")/>
                            <button type="submit" disabled=move || action.pending().get()>"E-mail me a code"</button>
                        </ActionForm>
                    }
                })}
            </Suspense>
        </Show>
        <div class="passkey-box" id="passkey-sign-in-box" hidden>
            <p>"Added a passkey on an earlier visit? No code needed:"</p>
            <button type="button" id="passkey-sign-in" class="secondary">"Sign in with a passkey"</button>
            <p id="passkey-sign-in-message" hidden></p>
        </div>
        <script src="/passkeys.js" defer=true></script>
        <p class="muted">"Hiring? "<a href="/login">"Employers sign in here"</a>"."</p>
    }
}

#[component]
fn CodeStep(email: String) -> impl IntoView {
    let action = ServerAction::<SignInWithCode>::new();
    let general = form_error(action, &["code"]);
    let next = next_of();
    view! {
        <h1>"Check your e-mail"</h1>
        <p class="lead">"We sent a six-digit code to "<strong>{email}</strong>". It works for 15 minutes, in this browser."</p>
        <ActionForm action attr:class="stack-form" attr:novalidate="">
            <p class="form-error" role="alert">{general}</p>
            <input type="hidden" name="next" value=next/>
            <Field label="Code" name="code" kind="text" autocomplete="one-time-code" server_error=field_error(action, "code")
                maxlength=CODE_DIGITS + 2 hint="Six digits, from the e-mail."/>
            <button type="submit" disabled=move || action.pending().get()>"Sign in"</button>
        </ActionForm>
        <p><a href="/me/signin?again=1">"Use another address or send a new code"</a></p>
    }
}

/// `/me`: every application, with the truth about each.
#[component]
pub fn TrackerPage() -> impl IntoView {
    let withdraw = ServerAction::<WithdrawTracked>::new();
    let sign_out = ServerAction::<SignOutSeeker>::new();
    let data = Resource::new(move || withdraw.version().get(), |_| fetch_tracker());
    let withdrawn = use_query_map().with_untracked(|q| q.get("withdrawn").is_some());
    view! {
        <PageMeta title="Your applications" description="Every application you sent, and where it stands." path="/me"/>
        <leptos_meta::Meta name="robots" content="noindex"/>
        <div class="container">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    seekers_only(data.await, "/me", |page| view! { <Tracker page withdrawn withdraw sign_out/> }.into_any())
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Tracker(
    page: TrackerPage,
    withdrawn: bool,
    withdraw: ServerAction<WithdrawTracked>,
    sign_out: ServerAction<SignOutSeeker>,
) -> impl IntoView {
    let TrackerPage { email, applications, alerts, alerts_manage } = page;
    view! {
        <AccountNav current="/me"/>
        <h1>"Your applications"</h1>
        <p class="muted">"Signed in as "{email.clone()}"."</p>
        {withdrawn.then(|| view! { <p class="notice" role="status">"Your application was withdrawn and deleted. The company was told."</p> })}
        {if applications.is_empty() {
            view! {
                <div class="empty-state">
                    <p>"No applications yet. Apply with one click on any job that takes applications on FarCoder, or press “I applied” on one that takes them elsewhere."</p>
                    <p><a class="button" href="/jobs">"Find remote jobs"</a></p>
                </div>
            }.into_any()
        } else {
            view! {
                <ol class="tracker">
                    {applications.into_iter().map(|line| view! { <TrackedLine line withdraw/> }).collect_view()}
                </ol>
            }.into_any()
        }}
        <section class="account-alerts" aria-labelledby="alerts-heading">
            <h2 id="alerts-heading">"Job alerts"</h2>
            {if alerts.is_empty() {
                view! { <p class="muted">"No alerts to "{email.clone()}" yet. On any search, “E-mail me new jobs like these” makes one; it starts once you confirm it from the e-mail."</p> }.into_any()
            } else {
                view! {
                    <ul class="alert-lines">
                        {alerts.into_iter().map(|alert| {
                            let state = match (alert.confirmed, alert.paused) {
                                (false, _) => " · waiting for you to confirm it from the e-mail",
                                (true, true) => " · paused",
                                (true, false) => "",
                            };
                            view! { <li><a href=format!("/jobs?{}", alert.query)>{alert.description}</a>" · "{alert.frequency.label()}{state}</li> }
                        }).collect_view()}
                    </ul>
                    {alerts_manage.map(|path| view! { <p><a href=path>"Change or stop these alerts"</a></p> })}
                }.into_any()
            }}
        </section>
        <ActionForm action=sign_out attr:class="sign-out">
            <button type="submit" class="secondary">"Sign out"</button>
        </ActionForm>
    }
}

#[component]
fn TrackedLine(line: TrackedApplication, withdraw: ServerAction<WithdrawTracked>) -> impl IntoView {
    let TrackedApplication { id, job_title, company_name, job_path, status, applied, updates, promise, days, silence } =
        line;
    let since = match days {
        0 => "today".to_owned(),
        1 => "1 day ago".to_owned(),
        d => format!("{d} days ago"),
    };
    let anchor = id.map(|id| format!("application-{id}"));
    view! {
        <li class="tracked" id=anchor>
            <h2>
                {match job_path {
                    Some(path) => view! { <a href=path>{job_title.clone()}</a> }.into_any(),
                    None => view! { <span>{job_title.clone()}</span> }.into_any(),
                }}
                <span class="muted">" at "{company_name}</span>
            </h2>
            <p>
                {match status {
                    Some(status) => view! { <span class="status">{status.label()}</span> }.into_any(),
                    None => view! { <span class="status">"Applied on their site"</span> }.into_any(),
                }}
                " · sent "{applied}" ("{since}")"
                {promise.map(|p| view! { " · "{p} })}
            </p>
            {silence.map(|s| view! { <p class="silence" role="note">{s}</p> })}
            {(!updates.is_empty()).then(|| view! {
                <ol class="updates">
                    {updates.into_iter().map(|u| view! {
                        <li><strong>{u.status.label()}</strong>" · "{u.date}{(!u.message.is_empty()).then(|| view! { <p>{u.message.clone()}</p> })}</li>
                    }).collect_view()}
                </ol>
            })}
            {id.map(|id| view! {
                <details class="withdraw">
                    <summary>"Withdraw"</summary>
                    <p>"Withdrawing deletes this application and the CV sent with it. The company is told you withdrew."</p>
                    <ActionForm action=withdraw>
                        <input type="hidden" name="id" value=id.to_string()/>
                        <button type="submit" class="danger">"Withdraw and delete"</button>
                    </ActionForm>
                </details>
            })}
        </li>
    }
}

/// The account's pages, one link each.
#[component]
pub(super) fn AccountNav(current: &'static str) -> impl IntoView {
    let links =
        [("/me", "Applications"), ("/me/profile", "Profile"), ("/saved", "Saved jobs"), ("/me/data", "Your data")];
    view! {
        <nav class="account-nav" aria-label="Your account">
            <ul>
                {links.into_iter().map(|(href, label)| view! {
                    <li><a href=href aria-current=(href == current).then_some("page")>{label}</a></li>
                }).collect_view()}
            </ul>
        </nav>
    }
}

/// `/me/data`: download everything, or erase everything.
#[component]
pub fn MyDataPage() -> impl IntoView {
    let request = ServerAction::<RequestErase>::new();
    let erase = ServerAction::<EraseAccount>::new();
    let data = Resource::new(|| (), |_| crate::api::seekers::fetch_profile());
    let query = use_query_map();
    let code_sent =
        move || query.read().get("erase").is_some_and(|v| v == "sent") || matches!(request.value().get(), Some(Ok(())));
    let general = form_error(erase, &["code"]);
    view! {
        <PageMeta title="Your data" description="Download or delete everything your FarCoder account holds." path="/me/data"/>
        <leptos_meta::Meta name="robots" content="noindex"/>
        <div class="container narrow">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    seekers_only(data.await, "/me/data", |page| { let email = StoredValue::new(page.email); view! {
                        <AccountNav current="/me/data"/>
                        <h1>"Your data"</h1>
                        <p>"Everything your account holds is yours: what you sent with each application, your profile, your saved jobs and your alerts."</p>
                        <h2>"Download"</h2>
                        <ul>
                            <li><a href="/me/data.json" download="">"Download my data (JSON)"</a></li>
                            {page.cv_bytes.map(|_| view! { <li><a href="/me/cv" download="">"Download the CV on my profile"</a></li> })}
                        </ul>
                        <p class="muted">"The file lists where each application’s CV downloads, while you are signed in."</p>
                        <h2>"Delete everything"</h2>
                        <p>"This deletes your account, profile, CVs, every application (each company sees that you deleted it), your saved jobs and your alerts. It cannot be undone."</p>
                        <Show when=code_sent fallback=move || view! {
                            <ActionForm action=request>
                                <button type="submit" class="danger">"Send me a code to delete everything"</button>
                            </ActionForm>
                        }>
                            <ActionForm action=erase attr:class="stack-form" attr:novalidate="">
                                <p class="notice" role="status">"We sent a code to "{email.get_value()}". Type it to delete everything."</p>
                                <p class="form-error" role="alert">{general}</p>
                                <Field label="Code" name="code" autocomplete="one-time-code" server_error=field_error(erase, "code") maxlength=CODE_DIGITS + 2/>
                                <button type="submit" class="danger">"Delete everything now"</button>
                            </ActionForm>
                        </Show>
                    }.into_any() })
                })}
            </Suspense>
        </div>
    }
}

/// Where erasing lands.
#[component]
pub fn ErasedPage() -> impl IntoView {
    view! {
        <PageMeta title="Account deleted" description="Your FarCoder account was deleted." path="/me/erased"/>
        <leptos_meta::Meta name="robots" content="noindex"/>
        <div class="container narrow">
            <h1>"Everything is deleted"</h1>
            <p>"Your account, profile, CVs, applications, saved jobs and alerts are gone. The companies you applied to were told you deleted your applications."</p>
            <p><a class="button" href="/jobs">"Browse jobs"</a></p>
        </div>
    }
}
