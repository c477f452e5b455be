//! `/dashboard/company`: the company's public profile (name, website, about
//! in Markdown, logo) and its team. Every form is a plain POST without
//! JavaScript; the logo is a multipart upload the server re-encodes.

use crate::model::escape_html;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::account::{LinkButton, field_error, form_error, kept_after};
use super::dashboard::members_only;
use crate::api::company::{
    ConfirmVerification, DeleteAccount, HandOverOwnership, InviteTeammate, RemoveCompanyLogo, RemoveTeammate,
    RequestVerification, RevokeInvite, UpdateCompanyProfile, fetch_company_profile, fetch_kept_profile,
};
use crate::components::{Field, Loading, PageMeta};
use crate::model::{ABOUT_CHARS, Check, CompanyName, CompanyProfile, Email, LogoProblem, Role, Verification};

/// One button acting on teammate `email`; a plain POST without JavaScript.
/// (A macro: `ActionForm`'s bounds do not abstract over server functions.)
macro_rules! team_button {
    ($action:expr, $email:expr, $label:literal) => {{
        let email: String = $email;
        view! {
            <ActionForm action=$action attr:class="row-action">
                <input type="hidden" name="email" value=email.clone()/>
                <button type="submit" class="secondary small" aria-label=format!("{}: {}", $label, email)>{$label}</button>
            </ActionForm>
        }
    }};
}

#[component]
pub fn CompanyProfilePage() -> impl IntoView {
    let update = ServerAction::<UpdateCompanyProfile>::new();
    let remove_logo = ServerAction::<RemoveCompanyLogo>::new();
    let invite = ServerAction::<InviteTeammate>::new();
    let verify = ServerAction::<RequestVerification>::new();
    let team = TeamActions {
        remove: ServerAction::new(),
        revoke: ServerAction::new(),
        hand_over: ServerAction::new(),
        delete: ServerAction::new(),
    };
    let data = Resource::new(|| (), |_| fetch_company_profile());
    let kept = kept_after(update, || async { fetch_kept_profile().await.ok().flatten() });
    view! {
        <PageMeta title="Company profile" description="Your company’s profile and team on FarCoder." path="/dashboard/company"/>
        <div class="container narrow-wide">
            <p><a href="/dashboard">"← Dashboard"</a></p>
            <h1>"Company profile"</h1>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let kept = kept.await;
                    members_only(data.await, "/dashboard/company", |mut profile| {
                        if let Some(typed) = kept {
                            profile.draft = typed;
                        }
                        view! { <ProfileView profile update remove_logo invite verify team_actions=team/> <TeamView team/> }.into_any()
                    })
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn ProfileView(
    profile: CompanyProfile,
    update: ServerAction<UpdateCompanyProfile>,
    remove_logo: ServerAction<RemoveCompanyLogo>,
    invite: ServerAction<InviteTeammate>,
    verify: ServerAction<RequestVerification>,
    team_actions: TeamActions,
) -> impl IntoView {
    let query = use_query_map();
    let saved = move || query.read().get("saved");
    let logo_problem =
        move || query.read().get("logo_error").and_then(|c| LogoProblem::from_code(&c)).map(|p| p.message());
    let CompanyProfile { slug, draft, logo_path, is_owner, team, invites, verification, public_name, pending_name } =
        profile;
    let about_error = field_error(update, "about");
    view! {
        <p class="notice" role="status">{move || match saved().as_deref() {
            Some("profile") => Some("Your profile is saved."),
            Some("logo") => Some("Your logo is updated."),
            Some("invite") => Some("Invitation sent."),
            Some("verification") => Some("We sent a confirmation link to that address."),
            Some("removed") => Some("Removed from the team. Their sessions have ended."),
            Some("revoked") => Some("Invitation withdrawn: its link no longer works."),
            Some("owner") => Some("Ownership handed over. You are now a member."),
            _ => None,
        }}</p>
        <section aria-labelledby="profile-heading">
            <h2 id="profile-heading">"Profile"</h2>
            <p class="muted">"Shown on "<a href=format!("/companies/{slug}")>"your public company page"</a>" and beside your postings."</p>
            {pending_name.map(|name| view! {
                <p class="notice" role="status">
                    "Your new name “"{name}"” waits for a moderator. Until it is approved, job seekers see “"
                    {public_name}"”. Save the old name again to withdraw it."
                </p>
            })}
            <ActionForm action=update attr:class="stack-form" attr:novalidate="">
                <p class="form-error" role="alert">{form_error(update, &["name", "website", "about"])}</p>
                <Field label="Company name" name="profile[name]" autocomplete="organization" check=Check::CompanyName
                    server_error=field_error(update, "name") maxlength=CompanyName::MAX_CHARS value=draft.name/>
                <Field label="Website" name="profile[website]" kind="url" autocomplete="url" check=Check::Website
                    server_error=field_error(update, "website") maxlength=500 value=draft.website/>
                <div class="field">
                    <label for="about">"About the company (Markdown)"</label>
                    <textarea id="about" name="profile[about]" rows="8" maxlength=ABOUT_CHARS inner_html=escape_html(&draft.about)></textarea>
                    <p class="field-error" aria-live="polite">{about_error}</p>
                </div>
                <button type="submit" disabled=move || update.pending().get()>"Save profile"</button>
            </ActionForm>
        </section>
        <section aria-labelledby="logo-heading">
            <h2 id="logo-heading">"Logo"</h2>
            {logo_path.map(|path| view! {
                <img class="company-logo large" src=path alt="Your current logo" width="128" height="128"/>
                <ActionForm action=remove_logo attr:class="row-action">
                    <button type="submit" class="secondary small">"Remove logo"</button>
                </ActionForm>
            })}
            <form class="stack-form" method="post" action="/dashboard/company/logo" enctype="multipart/form-data">
                <p class="form-error" role="alert">{logo_problem}</p>
                <div class="field">
                    <label for="logo">"Upload a logo"</label>
                    <p class="hint">"PNG, JPEG or WebP, at most 1 MB. We scale it to a 256 × 256 square."</p>
                    <input id="logo" name="logo" type="file" accept="image/png,image/jpeg,image/webp" required/>
                </div>
                <button type="submit">"Upload logo"</button>
            </form>
        </section>
        <VerificationSection verification is_owner verify/>
        <section aria-labelledby="team-heading">
            <h2 id="team-heading">"Team"</h2>
            <ul class="team">
                {team.into_iter().map(|m| {
                    let can_manage = is_owner && m.role != Role::Owner;
                    let email = m.email.clone();
                    view! {
                        <li>
                            <span>{m.email}</span>" "<span class="status">{m.role.slug()}</span>" "<span class="muted">"since "{m.joined}</span>
                            {can_manage.then(|| view! {
                                {team_button!(team_actions.hand_over, email.clone(), "Make owner")}
                                {team_button!(team_actions.remove, email.clone(), "Remove")}
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {(!invites.is_empty()).then(|| view! {
                <h3>"Invited"</h3>
                <ul class="team">
                    {invites.into_iter().map(|i| {
                        let email = i.email.clone();
                        view! {
                            <li>
                                <span>{i.email}</span>" "<span class="muted">"link valid until "{i.expires}</span>
                                {is_owner.then(|| view! {
                                    {team_button!(invite, email.clone(), "Send again")}
                                    {team_button!(team_actions.revoke, email.clone(), "Withdraw invitation")}
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            {if is_owner {
                view! {
                    <ActionForm action=invite attr:class="stack-form" attr:novalidate="">
                        <p class="form-error" role="alert">{form_error(invite, &["email"])}</p>
                        <Field label="Invite a teammate by e-mail" name="email" kind="email" autocomplete="off"
                            check=Check::Email server_error=field_error(invite, "email") maxlength=Email::MAX_LEN/>
                        <button type="submit" disabled=move || invite.pending().get()>"Send invitation"</button>
                    </ActionForm>
                }.into_any()
            } else {
                view! { <p class="muted">"The account that created the company invites teammates."</p> }.into_any()
            }}
        </section>
    }
}

/// The verified badge: where the company stands and, for the owner, the
/// request form.
#[component]
fn VerificationSection(
    verification: Verification,
    is_owner: bool,
    verify: ServerAction<RequestVerification>,
) -> impl IntoView {
    let (state, can_ask) = match verification {
        Verification::Verified { since } => (format!("Your company is verified since {since}."), false),
        Verification::Unverified => ("Your company is not verified yet.".to_owned(), true),
        Verification::Unconfirmed { email } => {
            (format!("We sent a confirmation link to {email}. Click it to send your request to a moderator."), true)
        }
        Verification::Confirmed { email } => {
            (format!("{email} is confirmed. A moderator will look at your company soon."), false)
        }
        Verification::Declined { reason } => (format!("A moderator declined the last request: {reason}"), true),
        Verification::Revoked { reason } => (format!("A moderator removed the badge: {reason}"), true),
    };
    view! {
        <section aria-labelledby="verification-heading">
            <h2 id="verification-heading">"Verified badge"</h2>
            <p class="muted">"Verified companies carry a badge on their postings and company page, and job seekers can search for them alone. "
                "Confirm an address at your website’s domain (not a free mail service); a moderator then approves."</p>
            <p class="verification-state">{state}</p>
            {match (can_ask, is_owner) {
                (true, true) => view! {
                    <ActionForm action=verify attr:class="stack-form" attr:novalidate="">
                        <p class="form-error" role="alert">{form_error(verify, &["address"])}</p>
                        <Field label="Your address at the company’s domain" name="address" kind="email" autocomplete="email"
                            check=Check::Email server_error=field_error(verify, "address") maxlength=Email::MAX_LEN/>
                        <button type="submit" disabled=move || verify.pending().get()>"Send confirmation link"</button>
                    </ActionForm>
                }.into_any(),
                (true, false) => view! { <p class="muted">"The company’s owner asks for verification."</p> }.into_any(),
                _ => ().into_any(),
            }}
        </section>
    }
    .into_any()
}

/// `/verify?token=…`: the link from the verification e-mail.
#[component]
pub fn VerifyPage() -> impl IntoView {
    let query = use_query_map();
    let (token, done, failed) = query
        .with_untracked(|q| (q.get("token").unwrap_or_default(), q.get("done").is_some(), q.get("failed").is_some()));
    let failed = failed.then(|| {
        crate::error::AppError::invalid(
            "token",
            "This link has expired or was already used. Ask for verification again from your company profile.",
        )
    });
    view! {
        <PageMeta title="Confirm your company address" description="Confirm your company’s address for the verified badge." path="/verify"/>
        <div class="container narrow">
            {if done {
                view! {
                    <h1>"Address confirmed"</h1>
                    <p>"Thank you. A moderator will now look at your company and approve the verified badge; the team hears by e-mail."</p>
                    <p><a class="button" href="/dashboard/company">"Back to your company profile"</a></p>
                }.into_any()
            } else {
                view! {
                    <LinkButton url={<ConfirmVerification as leptos::server_fn::ServerFn>::PATH} failed=failed
                        heading="Confirm your company address"
                        lead="One click confirms that this address belongs to your company, so a moderator can give it the verified badge."
                        button="Confirm the address" fields=vec![("token", token)]/>
                }.into_any()
            }}
        </div>
    }
}

/// What the team section does: each a plain POST without JavaScript.
#[derive(Clone, Copy)]
struct TeamActions {
    remove: ServerAction<RemoveTeammate>,
    revoke: ServerAction<RevokeInvite>,
    hand_over: ServerAction<HandOverOwnership>,
    delete: ServerAction<DeleteAccount>,
}

/// The team's errors, and deleting one's own account.
#[component]
fn TeamView(team: TeamActions) -> impl IntoView {
    let error = move || {
        [
            team.remove.value().get().and_then(|r| r.err()),
            team.revoke.value().get().and_then(|r| r.err()),
            team.hand_over.value().get().and_then(|r| r.err()),
        ]
        .into_iter()
        .flatten()
        .next()
        .map(|e| e.for_field("email").unwrap_or_else(|| e.to_string()))
    };
    view! {
        <p class="form-error" role="alert">{error}</p>
        <section aria-labelledby="account-heading">
            <h2 id="account-heading">"Your account"</h2>
            <p class="muted">"Deleting your account signs you out everywhere. A member leaves the team; an owner first makes a teammate the owner, or, alone on the team, closes the company and all its postings."</p>
            <ActionForm action=team.delete attr:class="stack-form">
                <p class="form-error" role="alert">{form_error(team.delete, &["password"])}</p>
                <div class="field">
                    <label for="delete-password">"Your password, to confirm"</label>
                    <input id="delete-password" name="password" type="password" autocomplete="current-password" required/>
                    <p class="field-error" aria-live="polite">{field_error(team.delete, "password")}</p>
                </div>
                <button type="submit" class="secondary" disabled=move || team.delete.pending().get()>"Delete my account"</button>
            </ActionForm>
        </section>
    }
}
