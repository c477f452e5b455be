//! Applying through FarCoder: the form on a job page, and the candidate's
//! private status page. The form is a plain multipart POST, so it works
//! without JavaScript; hydrated, its fields check themselves as you type.

use crate::model::escape_html;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::applications::{WithdrawApplication, fetch_application_status};
use crate::components::{ErrorView, Field, Loading, PageMeta, set_status};
use crate::error::AppError;
use crate::model::{
    ApplyFeedback, COUNTRY_NAMES, COVER_NOTE_CHARS, CandidateView, Check, Email, LINK_CHARS, NAME_CHARS, SeekerApply,
    country_named,
};

/// The apply form of job `slug`. A refused submission comes back with its
/// messages and what was typed in `feedback`, which the server kept.
#[component]
pub fn ApplyForm(slug: String, title: String, feedback: ApplyFeedback, seeker: Option<SeekerApply>) -> impl IntoView {
    let query = use_query_map();
    let applied = query.read_untracked().get("applied").is_some();
    // Signed in, the profile fills what a refused form does not.
    let feedback = match &seeker {
        Some(seeker) if feedback.errors.is_empty() => ApplyFeedback { errors: Vec::new(), draft: seeker.draft.clone() },
        _ => feedback,
    };
    let cv_on_file = seeker.as_ref().and_then(|s| s.cv_bytes);
    let account = match &seeker {
        Some(s) if s.applied => view! {
            <p class="notice" role="status">"You applied for this job. "<a href="/me">"See it on your tracker"</a>"."</p>
        }.into_any(),
        Some(s) => view! {
            <p class="muted">"Filled in from "<a href="/me/profile">"your profile"</a>" ("{s.email.clone()}"): check it, add a note if you like, and send."</p>
        }.into_any(),
        None => view! {
            <p class="muted"><a href=format!("/me/signin?next=/jobs/{slug}")>"Sign in"</a>" to fill this form from your profile and follow the application on your tracker."</p>
        }.into_any(),
    };
    let cv_label = if cv_on_file.is_some() { "CV (PDF, at most 5 MB; optional)" } else { "CV (PDF, at most 5 MB)" };
    let cv_hint = cv_on_file
        .map(|bytes| format!("Leave this empty to send the CV on your profile ({} KB).", (bytes + 1023) / 1024));
    let general = feedback.error_for("job").or_else(|| {
        (!feedback.errors.is_empty()).then(|| "Some fields need another look; they are marked below.".to_owned())
    });
    let draft = feedback.draft.clone();
    let error = move |field: &str| feedback.error_for(field);
    view! {
        <section class="apply-form" id="apply" aria-labelledby="apply-heading">
            <h2 id="apply-heading">"Apply for "{title}</h2>
            {applied.then(|| view! { <p class="notice" role="status">"Thank you, your application was sent."</p> })}
            <p class="muted">"The company sees what you send here. You get a private link to follow your application and to withdraw it, which deletes it."</p>
            {account}
            <UploadForm>
                <form class="stack-form" method="post" action=format!("/jobs/{slug}/applications") enctype="multipart/form-data" novalidate="">
                    <p class="form-error" role="alert">{general}</p>
                    <Field label="Your name" name="name" autocomplete="name" check=Check::ApplicantName server_error=error("name") maxlength=NAME_CHARS value=draft.name/>
                    <Field label="E-mail" name="email" kind="email" autocomplete="email" check=Check::Email server_error=error("email") maxlength=Email::MAX_LEN value=draft.email/>
                    <CountryField chosen=draft.country error=error("country")/>
                    <Field label="GitHub profile (optional)" name="github" kind="url" check=Check::Github server_error=error("github") maxlength=LINK_CHARS value=draft.github/>
                    <Field label="LinkedIn profile (optional)" name="linkedin" kind="url" check=Check::Linkedin server_error=error("linkedin") maxlength=LINK_CHARS value=draft.linkedin/>
                    <Field label="Portfolio or website (optional)" name="portfolio" kind="url" check=Check::Portfolio server_error=error("portfolio") maxlength=LINK_CHARS value=draft.portfolio/>
                    <div class="field">
                        <label for="cover_note">"Cover note (optional)"</label>
                        <textarea id="cover_note" name="cover_note" rows="6" maxlength=COVER_NOTE_CHARS inner_html=escape_html(&draft.cover_note)></textarea>
                        <p class="field-error" aria-live="polite">{error("cover_note")}</p>
                    </div>
                    <div class="field">
                        <label for="cv">{cv_label}</label>
                        {cv_hint.map(|hint| view! { <p class="hint" id="cv-hint">{hint}</p> })}
                        <input id="cv" name="cv" type="file" accept="application/pdf,.pdf" aria-required=if cv_on_file.is_some() { "false" } else { "true" }
                            data-cv-on-file=cv_on_file.map(|_| "")
                            aria-describedby=if cv_on_file.is_some() { "cv-hint cv-error" } else { "cv-error" }/>
                        <p class="field-error" id="cv-error" aria-live="polite">{error("cv")}</p>
                    </div>
                    // A field people never see; bots that fill every field do.
                    <div class="hp" aria-hidden="true">
                        <label for="website">"Leave this empty"</label>
                        <input id="website" name="website" tabindex="-1" autocomplete="off"/>
                    </div>
                    <button type="submit">"Send application"</button>
                </form>
            </UploadForm>
        </section>
    }
    .into_any()
}

/// Where the applicant lives, picked from every country by name (sent as
/// its code); `chosen` is what a refused form had.
#[component]
fn CountryField(chosen: String, error: Option<String>) -> impl IntoView {
    let chosen = country_named(&chosen);
    view! {
        <div class="field">
            <label for="country">"Country you live in"</label>
            <select id="country" name="country" autocomplete="country" aria-describedby="country-error"
                aria-invalid=if error.is_some() { "true" } else { "false" }>
                <option value="" selected=chosen.is_none()>"Choose…"</option>
                {COUNTRY_NAMES.iter().map(|(code, name)| {
                    view! { <option value=*code selected=chosen == Some(*name)>{*name}</option> }
                }).collect_view()}
            </select>
            <p class="field-error" id="country-error" aria-live="polite">{error}</p>
        </div>
    }
}

/// The apply form (`children`): a plain multipart POST without JavaScript; in
/// the browser it is sent from here, so the upload shows its progress, and
/// the server answers exactly as it does to the plain form.
#[island]
fn UploadForm(children: Children) -> impl IntoView {
    let progress = RwSignal::new(None::<u8>);
    let failure = RwSignal::new(None::<String>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else { return };
            ev.prevent_default();
            // What the server would refuse is refused before a byte of the
            // CV is sent, every message at once; the form stays as it is.
            let Ok(data) = web_sys::FormData::new_with_form(&form) else { return };
            let cv = data.get("cv").dyn_into::<web_sys::Blob>().ok().map(|file| (file.size(), file.type_()));
            // A signed-in seeker's CV on file goes when the field is empty
            // (the field says so; a prop would cost the bundle a decoder).
            let cv_on_file = form.query_selector("input[data-cv-on-file]").ok().flatten().is_some();
            let draft = crate::model::ApplicationDraft {
                name: data.get("name").as_string().unwrap_or_default(),
                email: data.get("email").as_string().unwrap_or_default(),
                country: data.get("country").as_string().unwrap_or_default(),
                github: data.get("github").as_string().unwrap_or_default(),
                linkedin: data.get("linkedin").as_string().unwrap_or_default(),
                portfolio: data.get("portfolio").as_string().unwrap_or_default(),
                cover_note: data.get("cover_note").as_string().unwrap_or_default(),
                website: String::new(),
            };
            let mut problems: Vec<String> =
                draft.parse().err().unwrap_or_default().into_iter().map(|e| e.message).collect();
            // The browser names a file's type by its name; the server reads
            // its content, so an unnamed type is left to the server.
            match cv {
                Some((size, _)) if size > crate::model::MAX_CV_BYTES as f64 => {
                    problems.push("Your CV is larger than 5 MB. Choose a smaller PDF.".to_owned())
                }
                Some((size, kind)) if size > 0.0 && !kind.is_empty() && kind != "application/pdf" => {
                    problems.push("Your CV must be a PDF file. Choose the PDF version of it.".to_owned())
                }
                Some((size, _)) if size > 0.0 => {}
                _ if cv_on_file => {}
                _ => problems.push("Attach your CV as a PDF.".to_owned()),
            }
            if !problems.is_empty() {
                failure
                    .set(Some(format!("Nothing was sent yet, and the form is as you left it. {}", problems.join(" "))));
                return;
            }
            failure.set(None);
            progress.set(Some(0));
            if send_with_progress(&form, progress, failure).is_err() {
                // Whatever went wrong in the browser, the plain form still works.
                progress.set(None);
                let _ = form.submit();
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, progress, failure);
    };
    let percent = move || progress.get().unwrap_or(0);
    view! {
        <div on:submit=on_submit>{children()}</div>
        <p class="upload-progress" hidden=move || progress.get().is_none()>
            <label for="upload-progress">"Sending your application…"</label>
            <progress id="upload-progress" max="100" value=move || percent().to_string()>{move || format!("{}%", percent())}</progress>
        </p>
        <p class="form-error" role="alert" hidden=move || failure.get().is_none()>{move || failure.get().unwrap_or_default()}</p>
    }
}

/// Sends the apply form with XMLHttpRequest, reporting the upload's
/// progress, then goes where the server's redirect pointed: the status page,
/// or the job page with the form's messages. The form's button rests while
/// it is sent.
#[cfg(feature = "hydrate")]
fn send_with_progress(
    form: &web_sys::HtmlFormElement,
    progress: RwSignal<Option<u8>>,
    failure: RwSignal<Option<String>>,
) -> Result<(), wasm_bindgen::JsValue> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let data = web_sys::FormData::new_with_form(form)?;
    let request = web_sys::XmlHttpRequest::new()?;
    request.open("POST", &form.action())?;
    let button = form.query_selector("button[type=submit]")?;
    let rest = move |resting: bool| {
        if let Some(button) = &button {
            let _ = if resting { button.set_attribute("disabled", "") } else { button.remove_attribute("disabled") };
        }
    };
    let on_progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
        if e.length_computable() && e.total() > 0.0 {
            progress.set(Some((e.loaded() * 100.0 / e.total()).min(100.0) as u8));
        }
    });
    request.upload()?.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    on_progress.forget();
    let action = form.action();
    let done = request.clone();
    let failed = {
        let rest = rest.clone();
        move |message: String| {
            progress.set(None);
            failure.set(Some(message));
            rest(false);
        }
    };
    let on_load = Closure::<dyn FnMut()>::new({
        let failed = failed.clone();
        move || {
            let landed = done.response_url();
            match web_sys::window() {
                // A redirect was followed: show where it led, as the plain form would.
                Some(window) if !landed.is_empty() && landed != action => {
                    // The URL a request reports has no fragment: put the form back in view.
                    let anchor = if landed.contains("/jobs/") { "#apply" } else { "" };
                    let _ = window.location().assign(&format!("{landed}{anchor}"));
                }
                _ => {
                    let said = done.response_text().ok().flatten().unwrap_or_default();
                    failed(if said.is_empty() { "The application could not be sent.".to_owned() } else { said });
                }
            }
        }
    });
    request.set_onload(Some(on_load.as_ref().unchecked_ref()));
    on_load.forget();
    let on_error = Closure::<dyn FnMut()>::new(move || {
        failed("The connection failed. Check it and send the application again.".to_owned());
    });
    request.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    rest(true);
    request.send_with_opt_form_data(Some(&data))
}

/// `/applications/{token}`: the candidate's private status page.
#[component]
pub fn ApplicationPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let data = Resource::new(token, fetch_application_status);
    let withdraw = ServerAction::<WithdrawApplication>::new();
    let sent = move || query.read().get("sent").is_some();
    view! {
        <PageMeta title="Your application" description="The status of your application on FarCoder." path="/applications"/>
        <leptos_meta::Meta name="robots" content="noindex"/>
        <div class="container narrow">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(view) => view! { <CandidateStatus view sent=sent() token=token() withdraw/> }.into_any(),
                        Err(AppError::Invalid { message, .. }) => {
                            set_status(404);
                            view! { <h1>"No application here"</h1><p>{message}</p> }.into_any()
                        }
                        Err(error) => view! { <ErrorView error/> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn CandidateStatus(
    view: CandidateView,
    sent: bool,
    token: String,
    withdraw: ServerAction<WithdrawApplication>,
) -> impl IntoView {
    let CandidateView { job_title, company_name, job_path, status, applied, updates } = view;
    view! {
        {sent.then(|| view! {
            <p class="notice" role="status">"Your application was sent. We e-mailed you this page’s link: keep it, it is the only way back here."</p>
        })}
        <h1>"Your application"</h1>
        <p>
            {match job_path {
                Some(path) => view! { <a href=path>{job_title.clone()}</a> }.into_any(),
                None => view! { <span>{job_title.clone()}</span> }.into_any(),
            }}
            " at "{company_name}", sent on "{applied}"."
        </p>
        <p class="application-status">"Status: "<strong>{status.label()}</strong></p>
        {(!updates.is_empty()).then(|| view! {
            <h2>"Updates"</h2>
            <ol class="updates">
                {updates.into_iter().map(|u| view! {
                    <li><strong>{u.status.label()}</strong>" · "{u.date}{(!u.message.is_empty()).then(|| view! { <p>{u.message.clone()}</p> })}</li>
                }).collect_view()}
            </ol>
        })}
        <details class="withdraw">
            <summary>"Withdraw this application"</summary>
            <p>"Withdrawing deletes your application, your CV and this page. The company is told you withdrew."</p>
            <ActionForm action=withdraw>
                <input type="hidden" name="token" value=token/>
                <button type="submit" class="secondary">"Withdraw and delete"</button>
            </ActionForm>
        </details>
    }
    .into_any()
}

/// Where a withdrawal lands.
#[component]
pub fn WithdrawnPage() -> impl IntoView {
    view! {
        <PageMeta title="Application withdrawn" description="Your application was withdrawn and deleted." path="/applications/withdrawn"/>
        <div class="container narrow">
            <h1>"Application withdrawn"</h1>
            <p>"Your application, your CV and its status page are deleted."</p>
            <p><a class="button" href="/jobs">"Browse jobs"</a></p>
        </div>
    }
}
