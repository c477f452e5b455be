//! The moderators' pages: `/admin/review` (submitted postings oldest first,
//! and reported live ones, each with its text, flags and the decisions),
//! `/admin/companies` (verification) and `/admin/audit`. Plain forms that
//! work without JavaScript.

use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::JobArticle;
use super::dashboard::members_only;
use crate::api::moderation::{
    DecideRename, DecideVerification, Moderate, ModerateEdit, RevokeVerification, UnpublishPosting, fetch_audit_log,
    fetch_review_preview, fetch_review_queue, fetch_verification_queue,
};
use crate::components::{InPlace, Loading, PageMeta};
use crate::error::AppError;
use crate::model::{
    AuditEntry, Decision, Flag, RenameRequest, ReviewItem, ReviewQueue, RevisionDecision, RevisionItem,
    VerificationQueue, VerificationRequest, VerifiedCompany,
};

/// The moderators' pages, linked from each of them.
#[component]
pub(super) fn AdminNav() -> impl IntoView {
    view! {
        <nav class="admin-nav" aria-label="Moderation">
            <a href="/admin/review">"Review queue"</a>" · "<a href="/admin/companies">"Companies"</a>" · "
            <a href="/admin/guides">"Guides"</a>" · "<a href="/admin/audit">"Audit log"</a>
        </nav>
    }
}

/// A moderators' page: the admin navigation, its heading, `children` (a
/// form's messages, say), then `data` drawn by `render` once it loads.
/// Visitors are sent to sign in; anyone else who is not a moderator gets the
/// server's 403.
#[component]
pub(super) fn AdminPage<T, R>(
    title: &'static str,
    description: &'static str,
    path: &'static str,
    data: Resource<Result<T, AppError>>,
    render: R,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    R: Fn(T) -> AnyView + Clone + Send + Sync + 'static,
{
    view! {
        <PageMeta title description path/>
        <div class="container">
            <AdminNav/>
            <h1>{title}</h1>
            // Decisions update the page in place.
            <InPlace>
                {children.map(|children| children())}
                <Suspense fallback=|| view! { <Loading/> }>
                    {move || {
                        let render = render.clone();
                        Suspend::new(async move { members_only(data.await, path, render) })
                    }}
                </Suspense>
            </InPlace>
        </div>
    }
}

/// The last failure of `action`, as a line above the page's content.
fn action_error<A, O>(action: ServerAction<A>) -> impl Fn() -> Option<String> + Copy
where
    A: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    move || action.value().get().and_then(|r| r.err()).map(|e| e.general(&[]).unwrap_or_else(|| e.to_string()))
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    let moderate = ServerAction::<Moderate>::new();
    let moderate_edit = ServerAction::<ModerateEdit>::new();
    let unpublish = ServerAction::<UnpublishPosting>::new();
    let data = Resource::new(|| (), |_| fetch_review_queue());
    let render = move |queue| view! { <QueueView queue moderate moderate_edit/> <TakeDown unpublish/> }.into_any();
    view! {
        <AdminPage title="Review queue" description="Postings waiting for a moderator." path="/admin/review" data render>
            <p class="form-error" role="alert">{move || action_error(moderate)().or_else(action_error(moderate_edit))}</p>
        </AdminPage>
    }
}

/// `/admin/review/{id}`: a posting exactly as its job page shows it, for
/// the moderator deciding on it.
#[component]
pub fn ReviewPreviewPage() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let id = move || params.read().get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0);
    let job = Resource::new(id, fetch_review_preview);
    view! {
        <PageMeta title="Posting preview" description="A posting as job seekers see it." path="/admin/review"/>
        <div class="container">
            <AdminNav/>
            <p class="notice" role="status">"Preview for moderators: the job page as job seekers see it, or will once it is approved. "
                <a href="/admin/review">"Back to the review queue"</a>
            </p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    members_only(job.await, "/admin/review", |job| {
                        view! { <article class="job-page preview-frame"><JobArticle job preview=true/></article> }.into_any()
                    })
                })}
            </Suspense>
        </div>
    }
}

/// Unpublishing any live posting, found by its address or number.
#[component]
fn TakeDown(unpublish: ServerAction<UnpublishPosting>) -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let done = move || query.read().get("unpublished").is_some() || unpublish.value().get().is_some_and(|r| r.is_ok());
    view! {
        <section aria-labelledby="take-down">
            <h2 id="take-down">"Take down a live posting"</h2>
            <p class="notice" role="status">{move || done().then_some("Unpublished. The employer was told why.")}</p>
            <ActionForm action=unpublish attr:class="stack-form">
                <p class="form-error" role="alert">{action_error(unpublish)}</p>
                <div class="field">
                    <label for="take-down-posting">"The job’s address or number"</label>
                    <input id="take-down-posting" name="posting" required maxlength="500"/>
                </div>
                <div class="field">
                    <label for="take-down-reason">"Reason for the employer"</label>
                    <textarea id="take-down-reason" name="reason" rows="2" maxlength="2000" required></textarea>
                </div>
                <button type="submit" class="secondary">"Unpublish"</button>
            </ActionForm>
        </section>
    }
    .into_any()
}

#[component]
fn QueueView(
    queue: ReviewQueue,
    moderate: ServerAction<Moderate>,
    moderate_edit: ServerAction<ModerateEdit>,
) -> impl IntoView {
    let ReviewQueue { moderator, items, revisions, live } = queue;
    view! {
        <p class="muted">
            "Signed in as "{moderator}" · "{items.len()}" waiting · "{revisions.len()}" edits · "{live.len()}" reported"
        </p>
        {queue_section("waiting", "Waiting for review", "Nothing waits for review.",
            items.into_iter().map(|item| view! { <QueueItem item moderate/> }.into_any()).collect())}
        {queue_section("edits", "Edits of live postings", "No edit waits for review.",
            revisions.into_iter().map(|item| view! { <RevisionView item moderate_edit/> }.into_any()).collect())}
        {queue_section("reported", "Live, reported or with a dead apply link", "No live posting needs a look.",
            live.into_iter().map(|item| view! { <QueueItem item moderate/> }.into_any()).collect())}
    }
    .into_any()
}

/// One part of the queue: its heading, then its items or what says there
/// are none.
fn queue_section(id: &'static str, heading: &'static str, empty: &'static str, items: Vec<AnyView>) -> AnyView {
    let list = if items.is_empty() {
        view! { <p class="empty">{empty}</p> }.into_any()
    } else {
        view! { <ol class="review-queue">{items}</ol> }.into_any()
    };
    view! { <section aria-labelledby=id><h2 id=id>{heading}</h2>{list}</section> }.into_any()
}

/// What the automatic checks raised, with their reasons.
#[component]
fn FlagList(flags: Vec<Flag>) -> impl IntoView {
    (!flags.is_empty()).then(|| view! {
        <ul class="flags" aria-label="Automatic flags">
            {flags.into_iter().map(|f| view! {
                <li class=format!("flag flag-{}", f.kind.slug())><strong>{f.kind.label()}</strong>": "{f.reason}</li>
            }).collect_view()}
        </ul>
    })
}

#[component]
fn QueueItem(item: ReviewItem, moderate: ServerAction<Moderate>) -> impl IntoView {
    let reason_id = format!("reason-{}", item.id);
    let live = item.status == crate::model::PostingStatus::Published;
    let decisions: &[Decision] = if live {
        &[Decision::Keep, Decision::Unpublish]
    } else {
        &[Decision::Approve, Decision::RequestChanges, Decision::Reject]
    };
    let reason_label = if live {
        "Reason for the employer (needed to unpublish)"
    } else {
        "Reason for the employer (needed to reject or ask for changes)"
    };
    let title = item.title.clone();
    view! {
        <li class="review-item">
            <h3>
                {if live {
                    view! { <a href=format!("/jobs/{}", item.slug)>{item.title.clone()}</a> }.into_any()
                } else {
                    view! { <span>{item.title.clone()}</span> }.into_any()
                }}
            </h3>
            <p>
                <a href=format!("/companies/{}", item.company_slug)>{item.company_name.clone()}</a>" · "
                {if item.company_verified { "verified company" } else { "unverified company" }}
                " · "{if live { "reported or flagged" } else { "submitted" }}" "{item.submitted.clone()}
                " · "{item.salary.clone()}
            </p>
            <div class="review-facts">
            <dl class="job-summary claims" aria-label=format!("What “{}” claims", item.title)>
                {item.claims.into_iter().map(|(what, claim)| view! { <div><dt>{what}</dt><dd>{claim}</dd></div> }).collect_view()}
            </dl>
            <div>
            {item.apply_url.clone().map(|url| {
                let href = url.clone();
                view! {
                    <p>"Apply link, to open and check: "
                        <a href=href rel="noopener noreferrer nofollow" target="_blank">{url}</a>
                    </p>
                }
            })}
            {if item.flags.is_empty() {
                view! { <p class="muted">"The automatic checks raised no flag."</p> }.into_any()
            } else {
                view! { <FlagList flags=item.flags/> }.into_any()
            }}
            {(!item.reports.is_empty()).then(|| view! {
                <ul class="reports" aria-label="Reports from visitors">
                    {item.reports.into_iter().map(|r| view! {
                        <li><strong>{r.reason.label()}</strong>" ("{r.date}")"{(!r.note.is_empty()).then(|| format!(": {}", r.note))}</li>
                    }).collect_view()}
                </ul>
            })}
            </div>
            </div>
            <p><a href=format!("/admin/review/{}", item.id)>"Open the full preview of “"{item.title.clone()}"”"</a></p>
            <details class="review-posting">
                <summary>"Read the posting"</summary>
                <div class="prose" inner_html=item.description_html></div>
            </details>
            <ActionForm action=moderate attr:class="stack-form">
                <input type="hidden" name="id" value=item.id.to_string()/>
                <div class="field">
                    <label for=reason_id.clone()>{reason_label}</label>
                    <textarea id=reason_id name="reason" rows="2" maxlength="2000"></textarea>
                </div>
                <div class="decisions">
                    {decisions.iter().map(|d| view! {
                        <button type="submit" name="decision" value=d.slug()
                            class=if matches!(d, Decision::Approve | Decision::Keep) { "" } else { "secondary" }
                            aria-label=format!("{} {}", d.label(), title)>{d.label()}</button>
                    }).collect_view()}
                </div>
            </ActionForm>
        </li>
    }
    .into_any()
}

/// An edit of a live posting: what it changes, its flags, and the decision.
#[component]
fn RevisionView(item: RevisionItem, moderate_edit: ServerAction<ModerateEdit>) -> impl IntoView {
    let reason_id = format!("edit-reason-{}", item.id);
    let title = item.title.clone();
    view! {
        <li class="review-item">
            <h3><a href=format!("/jobs/{}", item.slug)>{item.title.clone()}</a>" (edit)"</h3>
            <p>
                <a href=format!("/companies/{}", item.company_slug)>{item.company_name.clone()}</a>" · "
                {if item.company_verified { "verified company" } else { "unverified company" }}
                " · edited "{item.submitted.clone()}
            </p>
            <FlagList flags=item.flags/>
            <table class="changes">
                <caption>"What the edit changes"</caption>
                <thead><tr><th scope="col">"Field"</th><th scope="col">"Live now"</th><th scope="col">"After the edit"</th></tr></thead>
                <tbody>
                    {item.changes.into_iter().map(|change| if change.lines.is_empty() {
                        view! {
                            <tr><th scope="row">{change.field}</th><td><del>{change.before}</del></td><td><ins>{change.after}</ins></td></tr>
                        }.into_any()
                    } else {
                        view! {
                            <tr><th scope="row">{change.field}</th><td colspan="2">
                                <pre class="diff">{change.lines.into_iter().map(|(mark, line)| match mark {
                                    '+' => view! { <ins>{format!("+ {line}\n")}</ins> }.into_any(),
                                    '-' => view! { <del>{format!("- {line}\n")}</del> }.into_any(),
                                    _ => view! { <span>{format!("  {line}\n")}</span> }.into_any(),
                                }).collect_view()}</pre>
                            </td></tr>
                        }.into_any()
                    }).collect_view()}
                </tbody>
            </table>
            <ActionForm action=moderate_edit attr:class="stack-form">
                <input type="hidden" name="id" value=item.id.to_string()/>
                <div class="field">
                    <label for=reason_id.clone()>"Reason for the employer (needed to keep the old version)"</label>
                    <textarea id=reason_id name="reason" rows="2" maxlength="2000"></textarea>
                </div>
                <div class="decisions">
                    {[RevisionDecision::Approve, RevisionDecision::Reject].into_iter().map(|d| view! {
                        <button type="submit" name="decision" value=d.slug()
                            class=if d == RevisionDecision::Approve { "" } else { "secondary" }
                            aria-label=format!("{} of {}", d.label(), title)>{d.label()}</button>
                    }).collect_view()}
                </div>
            </ActionForm>
        </li>
    }
    .into_any()
}

/// `/admin/audit`: who did what to which posting or company, when and why.
#[component]
pub fn AuditPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| fetch_audit_log());
    let render = |entries| view! { <AuditTable entries/> }.into_any();
    view! { <AdminPage title="Audit log" description="Every moderation decision." path="/admin/audit" data render/> }
}

#[component]
fn AuditTable(entries: Vec<AuditEntry>) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p class="empty">"Nothing has been done yet."</p> }.into_any();
    }
    view! {
        <div class="table-scroll"><table class="postings audit">
            <thead><tr>
                <th scope="col">"When (UTC)"</th><th scope="col">"Who"</th><th scope="col">"What"</th>
                <th scope="col">"Posting"</th><th scope="col">"Company"</th><th scope="col">"Reason"</th>
            </tr></thead>
            <tbody>
                {entries.into_iter().map(|e| view! {
                    <tr>
                        <td><time datetime=e.at.clone()>{e.at.replace('T', " ").replace('Z', "")}</time></td>
                        <td>{e.actor}</td>
                        <td>{e.action}</td>
                        <td>{match (e.job_title, e.job_id) {
                            (Some(title), Some(id)) => format!("{title} (#{id})"),
                            (None, Some(id)) => format!("#{id} (deleted)"),
                            _ => String::new(),
                        }}</td>
                        <td>{e.company_name.or_else(|| e.company_id.map(|id| format!("#{id} (deleted)"))).unwrap_or_default()}</td>
                        <td>{e.reason}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table></div>
    }
    .into_any()
}

/// `/admin/companies`: confirmed verification requests to approve or
/// decline, and the verified companies, whose badge can be revoked.
#[component]
pub fn CompaniesPage() -> impl IntoView {
    let decide = ServerAction::<DecideVerification>::new();
    let revoke = ServerAction::<RevokeVerification>::new();
    let rename = ServerAction::<DecideRename>::new();
    let data = Resource::new(|| (), |_| fetch_verification_queue());
    let render = move |queue| view! { <CompaniesView queue decide revoke rename/> }.into_any();
    view! {
        <AdminPage title="Companies" description="Verification requests, new names and verified companies." path="/admin/companies" data render>
            <p class="form-error" role="alert">
                {move || action_error(decide)().or_else(action_error(revoke)).or_else(action_error(rename))}
            </p>
        </AdminPage>
    }
}

#[component]
fn CompaniesView(
    queue: VerificationQueue,
    decide: ServerAction<DecideVerification>,
    revoke: ServerAction<RevokeVerification>,
    rename: ServerAction<DecideRename>,
) -> impl IntoView {
    let VerificationQueue { requests, renames, verified } = queue;
    view! {
        <section aria-labelledby="requests">
            <h2 id="requests">"Verification requests"</h2>
            {if requests.is_empty() {
                view! { <p class="empty">"No company waits for verification."</p> }.into_any()
            } else {
                view! {
                    <ol class="review-queue">
                        {requests.into_iter().map(|request| view! { <RequestItem request decide/> }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="renames">
            <h2 id="renames">"New names"</h2>
            {if renames.is_empty() {
                view! { <p class="empty">"No company waits for a new name."</p> }.into_any()
            } else {
                view! {
                    <ol class="review-queue">
                        {renames.into_iter().map(|request| view! { <RenameItem request rename/> }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="verified">
            <h2 id="verified">"Verified companies"</h2>
            {if verified.is_empty() {
                view! { <p class="empty">"No company is verified yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="review-queue">
                        {verified.into_iter().map(|company| view! { <VerifiedItem company revoke/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}

#[component]
fn RequestItem(request: VerificationRequest, decide: ServerAction<DecideVerification>) -> impl IntoView {
    let reason_id = format!("verification-reason-{}", request.id);
    let name = request.company_name.clone();
    view! {
        <li class="review-item">
            <h3><a href=format!("/companies/{}", request.company_slug)>{request.company_name}</a></h3>
            <p>
                "Website: "{request.website.unwrap_or_else(|| "none".to_owned())}" · confirmed address: "
                <strong>{request.email}</strong>" on "{request.confirmed}
            </p>
            <ActionForm action=decide attr:class="stack-form">
                <input type="hidden" name="id" value=request.id.to_string()/>
                <div class="field">
                    <label for=reason_id.clone()>"Reason for the company (needed to decline)"</label>
                    <textarea id=reason_id name="reason" rows="2" maxlength="2000"></textarea>
                </div>
                <div class="decisions">
                    <button type="submit" name="decision" value="approve" aria-label=format!("Verify {name}")>"Verify"</button>
                    <button type="submit" name="decision" value="decline" class="secondary" aria-label=format!("Decline {name}")>"Decline"</button>
                </div>
            </ActionForm>
        </li>
    }
    .into_any()
}

#[component]
fn RenameItem(request: RenameRequest, rename: ServerAction<DecideRename>) -> impl IntoView {
    let reason_id = format!("rename-reason-{}", request.company_id);
    let new_name = request.new_name.clone();
    view! {
        <li class="review-item">
            <h3><a href=format!("/companies/{}", request.slug)>{request.name}</a>" → "{request.new_name.clone()}</h3>
            <p class="muted">"Asked on "{request.asked}". The board shows the old name until you approve."</p>
            <ActionForm action=rename attr:class="stack-form">
                <input type="hidden" name="id" value=request.company_id.to_string()/>
                <input type="hidden" name="name" value=request.new_name/>
                <div class="field">
                    <label for=reason_id.clone()>"Reason for the company (needed to decline)"</label>
                    <textarea id=reason_id name="reason" rows="2" maxlength="2000"></textarea>
                </div>
                <div class="decisions">
                    <button type="submit" name="decision" value="approve" aria-label=format!("Approve the name {new_name}")>"Approve"</button>
                    <button type="submit" name="decision" value="decline" class="secondary" aria-label=format!("Decline the name {new_name}")>"Decline"</button>
                </div>
            </ActionForm>
        </li>
    }
    .into_any()
}

#[component]
fn VerifiedItem(company: VerifiedCompany, revoke: ServerAction<RevokeVerification>) -> impl IntoView {
    let reason_id = format!("revoke-reason-{}", company.id);
    let name = company.name.clone();
    view! {
        <li class="review-item">
            <details>
                <summary><a href=format!("/companies/{}", company.slug)>{company.name}</a>" · verified since "{company.since}</summary>
                <ActionForm action=revoke attr:class="stack-form">
                    <input type="hidden" name="id" value=company.id.to_string()/>
                    <div class="field">
                        <label for=reason_id.clone()>"Reason for the company"</label>
                        <textarea id=reason_id name="reason" rows="2" maxlength="2000" required></textarea>
                    </div>
                    <button type="submit" class="secondary" aria-label=format!("Revoke the badge of {name}")>"Revoke the badge"</button>
                </ActionForm>
            </details>
        </li>
    }
    .into_any()
}
