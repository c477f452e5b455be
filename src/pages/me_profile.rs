//! `/me/profile`: the profile that fills the apply form, with the CV on
//! file. A plain multipart form (`POST /me/profile`) that works without
//! JavaScript; a refused one comes back with its messages and what was typed.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::me::{AccountNav, seekers_only};
use crate::api::seekers::{RemovePasskey, fetch_profile, fetch_profile_feedback};
use crate::components::{Field, Loading, PageMeta};
use crate::model::{
    COUNTRY_NAMES, Check, Currency, HEADLINE_CHARS, LINK_CHARS, NAME_CHARS, OFFSETS, PasskeySummary, ProfileFeedback,
    ProfilePage,
};

#[component]
pub fn SeekerProfilePage() -> impl IntoView {
    let query = use_query_map();
    let (saved, refused, added, imported) = query.with_untracked(|q| {
        let added = q.get("passkey").is_some_and(|v| v == "added");
        (q.get("saved").is_some(), q.get("refused").is_some(), added, q.get("imported").is_some())
    });
    let data = Resource::new(|| (), |_| fetch_profile());
    let feedback = Resource::new(
        move || refused,
        |refused| async move { if refused { fetch_profile_feedback().await.ok().flatten() } else { None } },
    );
    view! {
        <PageMeta title="Your profile" description="The profile that fills your applications on FarCoder." path="/me/profile"/>
        <leptos_meta::Meta name="robots" content="noindex"/>
        <div class="container narrow">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let feedback = feedback.await;
                    seekers_only(data.await, "/me/profile", |page| view! { <ProfileView page feedback saved added imported/> }.into_any())
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn ProfileView(
    page: ProfilePage,
    feedback: Option<ProfileFeedback>,
    saved: bool,
    added: bool,
    imported: bool,
) -> impl IntoView {
    let feedback = feedback.unwrap_or_else(|| ProfileFeedback { errors: Vec::new(), form: page.profile.form() });
    let form = feedback.form.clone();
    let general = (!feedback.errors.is_empty())
        .then(|| "Nothing was saved yet: some fields need another look; they are marked below.".to_owned());
    let resume_error = feedback.error_for("resume");
    let error = move |field: &str| feedback.error_for(field);
    let chosen: Vec<String> =
        form.authorised_in.split([' ', ',']).filter(|s| !s.is_empty()).map(str::to_owned).collect();
    let chosen_names: Vec<&'static str> = chosen.iter().filter_map(|code| crate::model::country_named(code)).collect();
    let cv_on_file = page.cv_bytes.map(|bytes| format!("A CV is on file ({} KB). ", (bytes + 1023) / 1024));
    view! {
        <AccountNav current="/me/profile"/>
        <h1>"Your profile"</h1>
        <p class="lead">"Private: no company sees it. It fills the apply form, and a company sees only what you send with an application, as you sent it."</p>
        {saved.then(|| view! { <p class="notice" role="status">"Your profile was saved."</p> })}
        <form class="stack-form" method="post" action="/me/profile" enctype="multipart/form-data" novalidate="">
            <p class="form-error" role="alert">{general}</p>
            <p class="muted">"Signed in as "{page.email}"."</p>
            <Field label="Your name" name="name" autocomplete="name" check=Check::ApplicantName server_error=error("name") maxlength=NAME_CHARS value=form.name/>
            <Field label="Headline (optional)" name="headline" server_error=error("headline") maxlength=HEADLINE_CHARS
                hint="Senior Rust engineer, payments and distributed systems" value=form.headline/>
            <Choice label="Country you live in" name="country" error=error("country") chosen=form.country.clone()
                options=COUNTRY_NAMES.iter().map(|(code, name)| (*code, *name)).collect()/>
            <Choice label="Your time zone (UTC offset)" name="time_zone" error=error("time_zone") chosen=form.time_zone.clone()
                options=OFFSETS.iter().map(|o| (*o, *o)).collect()/>
            <Field label="GitHub profile (optional)" name="github" kind="url" check=Check::Github server_error=error("github") maxlength=LINK_CHARS value=form.github/>
            <Field label="LinkedIn profile (optional)" name="linkedin" kind="url" check=Check::Linkedin server_error=error("linkedin") maxlength=LINK_CHARS value=form.linkedin/>
            <Field label="Portfolio or website (optional)" name="portfolio" kind="url" check=Check::Portfolio server_error=error("portfolio") maxlength=LINK_CHARS value=form.portfolio/>
            <fieldset class="salary-wish">
                <legend>"Desired salary (optional)"</legend>
                <Field label="Amount a year" name="desired_salary" kind="text" server_error=error("desired_salary") maxlength=20 value=form.desired_salary/>
                <Choice label="Currency" name="salary_currency" error=error("salary_currency") chosen=form.salary_currency.clone()
                    options=Currency::ALL.iter().map(|c| (c.slug(), c.slug())).collect()/>
            </fieldset>
            <fieldset>
                <legend>"Work authorisation"</legend>
                <div class="field">
                    <label for="authorised_in">"Countries where you may be employed without a visa"</label>
                    <p class="hint" id="authorised_in-hint">"Hold Ctrl (or ⌘) to pick several."</p>
                    <select id="authorised_in" name="authorised_in" multiple="" size="6"
                        aria-describedby="authorised_in-hint authorised_in-error">
                        {COUNTRY_NAMES.iter().map(|(code, name)| {
                            view! { <option value=*code selected=chosen.iter().any(|c| c == code)>{*name}</option> }
                        }).collect_view()}
                    </select>
                    {(!chosen_names.is_empty()).then(|| view! { <p class="hint">"Chosen: "{chosen_names.join(", ")}"."</p> })}
                    <p class="field-error" id="authorised_in-error" aria-live="polite">{error("authorised_in")}</p>
                </div>
                <div class="field checkbox">
                    <input type="checkbox" id="needs_visa" name="needs_visa" checked=!form.needs_visa.is_empty()/>
                    <label for="needs_visa">"I need a visa to be employed elsewhere"</label>
                </div>
            </fieldset>
            <div class="field">
                <label for="cv">"CV (PDF, at most 5 MB)"</label>
                <p class="hint" id="cv-hint">{cv_on_file}"A new file replaces the one on file; each application keeps the CV it was sent with."</p>
                <input id="cv" name="cv" type="file" accept="application/pdf,.pdf" aria-describedby="cv-hint cv-error"/>
                <p class="field-error" id="cv-error" aria-live="polite">{error("cv")}</p>
            </div>
            <button type="submit">"Save profile"</button>
        </form>
        <section class="resume-io" aria-labelledby="resume-heading">
            <h2 id="resume-heading">"JSON Resume"</h2>
            <p>"Fill your profile from a "<a href="https://jsonresume.org/schema" rel="external">"JSON Resume"</a>" file (name, headline, country, links), or take yours elsewhere."</p>
            {imported.then(|| view! { <p class="notice" role="status">"Your profile was filled from the file. Check it above."</p> })}
            <form class="stack-form" method="post" action="/me/profile/resume" enctype="multipart/form-data">
                <div class="field">
                    <label for="resume">"JSON Resume file"</label>
                    <input id="resume" name="resume" type="file" accept="application/json,.json" aria-describedby="resume-error"/>
                    <p class="field-error" id="resume-error" aria-live="polite">{resume_error}</p>
                </div>
                <button type="submit" class="secondary">"Import"</button>
            </form>
            <p><a href="/me/resume.json" download="">"Export my profile as JSON Resume"</a></p>
        </section>
        <Passkeys passkeys=page.passkeys added=added/>
    }
}

/// The account's passkeys: each with its dates and "Remove" (a plain form);
/// "Add a passkey" where the browser can make one.
#[component]
fn Passkeys(passkeys: Vec<PasskeySummary>, added: bool) -> impl IntoView {
    let remove = ServerAction::<RemovePasskey>::new();
    view! {
        <section class="passkeys" id="passkeys" aria-labelledby="passkeys-heading">
            <h2 id="passkeys-heading">"Passkeys"</h2>
            <p>"A passkey signs you in on this device with your fingerprint, face or screen lock, without waiting for a code."</p>
            {added.then(|| view! { <p class="notice" role="status">"Your passkey was added. Next time, choose “Sign in with a passkey”."</p> })}
            {if passkeys.is_empty() {
                view! { <p class="muted">"No passkeys yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="passkey-list">
                        {passkeys.into_iter().map(|key| {
                            let used = key.last_used.map(|d| format!(", last used {d}")).unwrap_or_default();
                            view! {
                                <li>
                                    <span>"Passkey added "{key.added.clone()}{used}</span>
                                    <ActionForm action=remove attr:class="row-action">
                                        <input type="hidden" name="id" value=key.id.to_string()/>
                                        <button type="submit" class="secondary small">"Remove"<span class="visually-hidden">" the passkey added "{key.added}</span></button>
                                    </ActionForm>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <div id="add-passkey-box" hidden>
                <button type="button" id="add-passkey" class="secondary">"Add a passkey"</button>
                <p id="add-passkey-message" hidden></p>
            </div>
            <noscript><p class="muted">"Adding a passkey needs JavaScript; signing in with a code does not."</p></noscript>
            <script src="/passkeys.js" defer=true></script>
        </section>
    }
}

/// A labelled select of `options` (value, label), `chosen` selected.
#[component]
fn Choice(
    label: &'static str,
    name: &'static str,
    error: Option<String>,
    chosen: String,
    options: Vec<(&'static str, &'static str)>,
) -> impl IntoView {
    let error_id = format!("{name}-error");
    view! {
        <div class="field">
            <label for=name>{label}</label>
            <select id=name name=name aria-describedby=error_id.clone() aria-invalid=if error.is_some() { "true" } else { "false" }>
                <option value="" selected=chosen.is_empty()>"Choose…"</option>
                {options.into_iter().map(|(value, text)| {
                    view! { <option value=value selected=chosen.eq_ignore_ascii_case(value)>{text}</option> }
                }).collect_view()}
            </select>
            <p class="field-error" id=error_id aria-live="polite">{error}</p>
        </div>
    }
}
