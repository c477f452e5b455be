//! Sign up, sign in, password reset and e-mail confirmation. Each form is an
//! `ActionForm`: a plain POST without JavaScript, checked as you type with it.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::accounts::{ConfirmEmail, Login, RequestReset, ResetPassword, Signup, fetch_kept_form};
use crate::api::company::{AcceptInvite, fetch_invitation};
use crate::components::{ErrorView, Field, Loading, PageMeta, set_status};
use crate::error::AppError;
use crate::model::{Check, CompanyName, Email, Password};

/// The server's message for `field` from the last submission of `action`.
pub(super) fn field_error<A, O>(action: ServerAction<A>, field: &'static str) -> Signal<Option<String>>
where
    A: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(|r| r.err()).and_then(|e| e.for_field(field)))
}

/// The server's message that belongs to no single field.
pub(super) fn form_error<A, O>(
    action: ServerAction<A>,
    fields: &'static [&'static str],
) -> impl Fn() -> Option<String> + Copy
where
    A: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    move || action.value().get().and_then(|r| r.err()).and_then(|e| e.general(fields))
}

/// After a refused plain-form submission of `action` (its messages are in
/// the URL), what `fetch` finds the server kept of what was typed; nothing
/// otherwise.
pub(super) fn kept_after<A, O, T, F, Fut>(action: ServerAction<A>, fetch: F) -> Resource<T>
where
    A: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
    T: Default + Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: Fn() -> Fut + Copy + Send + Sync + 'static,
    Fut: std::future::Future<Output = T> + Send + 'static,
{
    let refused = action.value().get_untracked().is_some_and(|result| result.is_err());
    Resource::new(move || refused, move |refused| async move { if refused { fetch().await } else { T::default() } })
}

/// `kept_after` for a form kept as (field, value) pairs under the name
/// `form`.
pub(super) fn kept_after_refusal<A, O>(action: ServerAction<A>, form: &'static str) -> Resource<Vec<(String, String)>>
where
    A: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    kept_after(action, move || async move { fetch_kept_form(form.to_owned()).await.unwrap_or_default() })
}

/// The kept value of field `name`, or nothing.
pub(super) fn typed(kept: &[(String, String)], name: &str) -> String {
    kept.iter().find(|(field, _)| field == name).map(|(_, value)| value.clone()).unwrap_or_default()
}

#[component]
pub fn SignupPage() -> impl IntoView {
    let action = ServerAction::<Signup>::new();
    let general = form_error(action, &["email", "password", "company_name"]);
    let query = use_query_map();
    let sent = move || query.read().get("sent").is_some() || action.value().get().is_some_and(|r| r.is_ok());
    let kept = kept_after_refusal(action, "signup");
    view! {
        <PageMeta title="Post remote jobs" description="Create a FarCoder employer account and publish remote developer jobs in minutes." path="/signup"/>
        <div class="container narrow">
            <h1>"Hire remote developers"</h1>
            <p class="lead">"Create an account for your company. Postings show their salary and where people may work from."</p>
            <p class="notice" role="status">{move || sent().then_some(
                "Check your inbox: we sent a link to confirm your address. Open it, then sign in."
            )}</p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let kept = kept.await;
                    view! {
                        <ActionForm action attr:class="stack-form" attr:novalidate="">
                            <p class="form-error" role="alert">{general}</p>
                            <Field label="Company name" name="company_name" autocomplete="organization" check=Check::CompanyName
                                server_error=field_error(action, "company_name") maxlength=CompanyName::MAX_CHARS
                                value=typed(&kept, "company_name")/>
                            <Field label="Work e-mail" name="email" kind="email" autocomplete="email" check=Check::Email
                                server_error=field_error(action, "email") maxlength=Email::MAX_LEN value=typed(&kept, "email")/>
                            <Field label="Password" name="password" kind="password" autocomplete="new-password" check=Check::Password
                                server_error=field_error(action, "password") hint="At least 10 characters." maxlength=Password::MAX_CHARS/>
                            <button type="submit" disabled=move || action.pending().get()>"Create account"</button>
                        </ActionForm>
                    }
                })}
            </Suspense>
            <p>"Already have an account? "<a href="/login">"Sign in"</a></p>
        </div>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let action = ServerAction::<Login>::new();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_else(|| "/dashboard".to_owned());
    let general = form_error(action, &["email", "password"]);
    let kept = kept_after_refusal(action, "login");
    view! {
        <PageMeta title="Sign in" description="Sign in to manage your company’s remote job postings on FarCoder." path="/login"/>
        <div class="container narrow">
            <h1>"Sign in"</h1>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let kept = kept.await;
                    view! {
                        <ActionForm action attr:class="stack-form" attr:novalidate="">
                            <p class="form-error" role="alert">{general}</p>
                            <input type="hidden" name="next" value=next/>
                            <Field label="E-mail" name="email" kind="email" autocomplete="email" check=Check::Email
                                server_error=field_error(action, "email") maxlength=Email::MAX_LEN value=typed(&kept, "email")/>
                            <Field label="Password" name="password" kind="password" autocomplete="current-password"
                                server_error=field_error(action, "password") maxlength=Password::MAX_CHARS/>
                            <button type="submit" disabled=move || action.pending().get()>"Sign in"</button>
                        </ActionForm>
                    }
                })}
            </Suspense>
            <p><a href="/reset">"Forgot your password?"</a></p>
            <p>"New to FarCoder? "<a href="/signup">"Create an employer account"</a></p>
        </div>
    }
}

/// `/reset`: ask for a link; `/reset?token=…`: choose a new password.
#[component]
pub fn ResetPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token");
    let sent = move || query.read().get("sent").is_some();
    view! {
        <PageMeta title="Reset your password" description="Choose a new password for your FarCoder account." path="/reset"/>
        <div class="container narrow">
            {move || match token() {
                Some(token) => view! { <NewPasswordForm token/> }.into_any(),
                None => view! { <ResetRequestForm sent=sent()/> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn ResetRequestForm(sent: bool) -> impl IntoView {
    let action = ServerAction::<RequestReset>::new();
    let done = move || sent || matches!(action.value().get(), Some(Ok(())));
    let general = form_error(action, &["email"]);
    view! {
        <h1>"Reset your password"</h1>
        <Show when=done fallback=move || view! {
            <p>"Enter your account’s e-mail address and we will send you a link to choose a new password."</p>
            <ActionForm action attr:class="stack-form" attr:novalidate="">
                <p class="form-error" role="alert">{general}</p>
                <Field label="E-mail" name="email" kind="email" autocomplete="email" check=Check::Email
                    server_error=field_error(action, "email") maxlength=Email::MAX_LEN/>
                <button type="submit" disabled=move || action.pending().get()>"Send the link"</button>
            </ActionForm>
        }>
            <p class="notice" role="status">"If an account exists for that address, we sent it a link. It works once, within an hour."</p>
        </Show>
    }
}

#[component]
fn NewPasswordForm(token: String) -> impl IntoView {
    let action = ServerAction::<ResetPassword>::new();
    let general = form_error(action, &["password"]);
    view! {
        <h1>"Choose a new password"</h1>
        <ActionForm action attr:class="stack-form" attr:novalidate="">
            <p class="form-error" role="alert">{general}</p>
            <input type="hidden" name="token" value=token/>
            <Field label="New password" name="password" kind="password" autocomplete="new-password" check=Check::Password
                server_error=field_error(action, "password") hint="At least 10 characters." maxlength=Password::MAX_CHARS/>
            <button type="submit" disabled=move || action.pending().get()>"Save and sign in"</button>
        </ActionForm>
    }
}

/// `/confirm?token=…`: the link from the welcome e-mail.
#[component]
pub fn ConfirmPage() -> impl IntoView {
    let query = use_query_map();
    let (token, done, failed) = query
        .with_untracked(|q| (q.get("token").unwrap_or_default(), q.get("done").is_some(), q.get("failed").is_some()));
    let failed = failed.then(|| {
        AppError::invalid(
            "token",
            "This link has expired or was already used. If your address is not confirmed yet, sign up again with it: we send a new link.",
        )
    });
    view! {
        <PageMeta title="Confirm your e-mail address" description="Confirm the e-mail address of your FarCoder account." path="/confirm"/>
        <div class="container narrow">
            {if done {
                view! {
                    <h1>"Your address is confirmed"</h1>
                    <p><a class="button" href="/login">"Sign in"</a></p>
                }.into_any()
            } else {
                view! {
                    <LinkButton url={<ConfirmEmail as leptos::server_fn::ServerFn>::PATH} failed=failed
                        heading="Confirm your e-mail address"
                        lead="One click confirms this address for your FarCoder account. Then you can sign in."
                        button="Confirm my address" fields=vec![("token", token)]/>
                }.into_any()
            }}
        </div>
    }
}

/// What an e-mailed link opens: a page that changes nothing until its one
/// button posts (mail scanners open every link in a message), or, after a
/// refused post, why the link does not work.
#[component]
pub(super) fn LinkButton(
    url: &'static str,
    failed: Option<AppError>,
    heading: &'static str,
    #[prop(into)] lead: String,
    button: &'static str,
    fields: Vec<(&'static str, String)>,
) -> impl IntoView {
    match failed {
        None => view! {
            <h1>{heading}</h1>
            <p class="lead">{lead}</p>
            <form method="post" action=url class="stack-form">
                {fields.into_iter().map(|(name, value)| view! { <input type="hidden" name=name value=value/> }).collect_view()}
                <button type="submit">{button}</button>
            </form>
        }
        .into_any(),
        Some(AppError::Invalid { message, .. }) => {
            set_status(400);
            view! { <h1>"This link does not work"</h1><p>{message}</p> }.into_any()
        }
        Some(AppError::NotFound) => {
            set_status(404);
            view! { <h1>"This link does not work"</h1><p>"What it pointed to is gone. Nothing was changed."</p> }
                .into_any()
        }
        Some(error) => view! { <ErrorView error/> }.into_any(),
    }
}

/// Where a plain form lands when it hit a rate limit.
#[component]
pub fn TooManyRequestsPage() -> impl IntoView {
    view! {
        <PageMeta title="Too many attempts" description="Too many attempts in a short time." path="/too-many-requests"/>
        <ErrorView error=AppError::TooManyRequests { retry_after_secs: 15 * 60 }/>
    }
}

/// `/join?token=…`: the link from a team invitation. The invited person
/// chooses a password and lands in their company's dashboard.
#[component]
pub fn JoinPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let invitation = Resource::new(token, fetch_invitation);
    let action = ServerAction::<AcceptInvite>::new();
    let general = form_error(action, &["password"]);
    view! {
        <PageMeta title="Join your team" description="Join your company’s team on FarCoder." path="/join"/>
        <div class="container narrow">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match invitation.await {
                        Ok(invitation) => view! {
                            <h1>"Join "{invitation.company_name}" on FarCoder"</h1>
                            <p>"You were invited as "<strong>{invitation.email}</strong>". Choose a password to join the team."</p>
                            <ActionForm action attr:class="stack-form" attr:novalidate="">
                                <p class="form-error" role="alert">{general}</p>
                                <input type="hidden" name="token" value=token()/>
                                <Field label="Password" name="password" kind="password" autocomplete="new-password"
                                    check=Check::Password server_error=field_error(action, "password")
                                    hint="At least 10 characters." maxlength=Password::MAX_CHARS/>
                                <button type="submit" disabled=move || action.pending().get()>"Join the team"</button>
                            </ActionForm>
                        }.into_any(),
                        Err(AppError::Invalid { message, .. }) => {
                            set_status(400);
                            view! { <h1>"This invitation does not work"</h1><p>{message}</p> }.into_any()
                        }
                        Err(error) => view! { <ErrorView error/> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}
