//! `/dashboard/import` and `/dashboard/import/{id}`: an employer connects
//! the job board of their applicant tracking system (Greenhouse, Lever,
//! Ashby), sees its openings, ticks those to bring in, and completes each
//! in the posting form. Plain forms: everything works without JavaScript.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::account::{field_error, form_error, kept_after_refusal, typed};
use super::dashboard::members_only;
use crate::api::imports::{ConnectAts, DisconnectAts, ImportOpenings, SyncAts, fetch_ats_board, fetch_ats_sources};
use crate::components::{Loading, PageMeta};
use crate::model::{AtsKind, AtsOpening, BOARD_CHARS, ImportPage, OpeningState};

#[component]
pub fn ImportsPage() -> impl IntoView {
    let connect = ServerAction::<ConnectAts>::new();
    let kept = kept_after_refusal(connect, "ats");
    let sources = Resource::new(|| (), |_| fetch_ats_sources());
    let query = use_query_map();
    let disconnected = move || query.read().get("disconnected").is_some();
    view! {
        <PageMeta title="Import from your ATS" description="Bring your openings in from Greenhouse, Lever or Ashby." path="/dashboard/import"/>
        <div class="container narrow-wide imports-page">
            <p><a href="/dashboard">"← Dashboard"</a></p>
            <h1>"Import from your ATS"</h1>
            {move || disconnected().then(|| view! {
                <p class="notice" role="status">"Disconnected. The postings brought in from that board stay, no longer kept in sync."</p>
            })}
            <p class="lead">"Keep your openings in Greenhouse, Lever or Ashby? Bring them in instead of typing them again. FarCoder reads your board’s public job list, keeps each imported posting in step with it, and closes it here when you close it there."</p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let (sources, kept) = (sources.await, kept.await);
                    members_only(sources, "/dashboard/import", move |sources| view! {
                        {(!sources.is_empty()).then(|| view! {
                            <section aria-labelledby="boards-heading">
                                <h2 id="boards-heading">"Your boards"</h2>
                                <ul class="boards">
                                    {sources.into_iter().map(|source| view! {
                                        <li>
                                            <a href=format!("/dashboard/import/{}", source.id)>{format!("{} · {}", source.kind.label(), source.board)}</a>
                                            <span class="muted">{match (&source.sync_error, &source.synced) {
                                                (Some(error), _) => format!(" · last read failed: {error}"),
                                                (None, Some(at)) => format!(" · read {at} UTC"),
                                                (None, None) => String::new(),
                                            }}</span>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            </section>
                        })}
                        <section aria-labelledby="connect-heading">
                            <h2 id="connect-heading">"Connect a board"</h2>
                            <ActionForm action=connect attr:class="stack-form" attr:novalidate="">
                                <p class="form-error" role="alert">{form_error(connect, &["kind", "board"])}</p>
                                <fieldset class="ats-kinds">
                                    <legend>"Your applicant tracking system"</legend>
                                    {AtsKind::ALL.iter().map(|kind| {
                                        let chosen = typed(&kept, "kind");
                                        let checked = if chosen.is_empty() { *kind == AtsKind::Greenhouse } else { chosen == kind.slug() };
                                        let id = format!("kind-{}", kind.slug());
                                        view! {
                                            <div class="field checkbox">
                                                <input type="radio" id=id.clone() name="kind" value=kind.slug() checked=checked/>
                                                <label for=id>{format!("{} ({}: {})", kind.label(), kind.board_label(), kind.board_example())}</label>
                                            </div>
                                        }
                                    }).collect_view()}
                                </fieldset>
                                <div class="field">
                                    <label for="board">"Board name, or your board’s address"</label>
                                    <input id="board" name="board" type="text" autocomplete="off" maxlength=BOARD_CHARS + 60
                                        value=typed(&kept, "board") placeholder="acme" aria-describedby="board-error"
                                        aria-invalid=move || if field_error(connect, "board").get().is_some() { "true" } else { "false" }/>
                                    <p class="field-error" id="board-error" aria-live="polite">{field_error(connect, "board")}</p>
                                </div>
                                <button type="submit" disabled=move || connect.pending().get()>"Read the board"</button>
                            </ActionForm>
                        </section>
                    }.into_any())
                })}
            </Suspense>
        </div>
    }
}

#[component]
pub fn ImportBoardPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0);
    let board = Resource::new(id, fetch_ats_board);
    let import = ServerAction::<ImportOpenings>::new();
    let sync = ServerAction::<SyncAts>::new();
    let disconnect = ServerAction::<DisconnectAts>::new();
    let query = use_query_map();
    let imported = move || query.read().get("imported").and_then(|n| n.parse::<usize>().ok());
    let synced = move || query.read().get("synced").is_some();
    view! {
        <PageMeta title="Your ATS board" description="Openings on your ATS board." path="/dashboard/import"/>
        <div class="container narrow-wide imports-page">
            <p><a href="/dashboard/import">"← Import from your ATS"</a></p>
            {move || imported().map(|n| view! {
                <p class="notice" role="status">{match n {
                    0 => "Those openings were brought in already.".to_owned(),
                    1 => "1 opening brought in: complete it below.".to_owned(),
                    n => format!("{n} openings brought in: complete each below."),
                }}</p>
            })}
            {move || synced().then(|| view! { <p class="notice" role="status">"Read again just now."</p> })}
            <Suspense fallback=|| view! { <Loading label="Reading your board…"/> }>
                {move || Suspend::new(async move {
                    let path = format!("/dashboard/import/{}", id());
                    members_only(board.await, &path, move |page| view! { <BoardView page import sync disconnect/> }.into_any())
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn BoardView(
    page: ImportPage,
    import: ServerAction<ImportOpenings>,
    sync: ServerAction<SyncAts>,
    disconnect: ServerAction<DisconnectAts>,
) -> impl IntoView {
    let ImportPage { source, openings, error } = page;
    let (id, import_id, disconnect_id) = (source.id.to_string(), source.id.to_string(), source.id.to_string());
    let (fresh, brought): (Vec<AtsOpening>, Vec<AtsOpening>) =
        openings.into_iter().partition(|o| o.state == OpeningState::New);
    view! {
        <h1>{format!("{} board “{}”", source.kind.label(), source.board)}</h1>
        <p class="muted">{match &source.synced {
            Some(at) => format!("Kept in sync: read every hour, last at {at} UTC."),
            None => "Kept in sync: read every hour.".to_owned(),
        }}</p>
        {error.map(|error| view! { <p class="form-error" role="alert">{error}</p> })}
        <ActionForm action=sync attr:class="row-action">
            <input type="hidden" name="id" value=id.clone()/>
            <button type="submit" class="secondary" disabled=move || sync.pending().get()>"Read it again now"</button>
            <p class="field-error" aria-live="polite">{field_error(sync, "board")}</p>
        </ActionForm>
        {(!brought.is_empty()).then(|| view! {
            <section aria-labelledby="brought-heading">
                <h2 id="brought-heading">"Brought in"</h2>
                <ul class="openings">
                    {brought.into_iter().map(|opening| view! { <BroughtOpening opening/> }).collect_view()}
                </ul>
            </section>
        })}
        <section aria-labelledby="fresh-heading">
            <h2 id="fresh-heading">"On your board"</h2>
            {if fresh.is_empty() {
                view! { <p class="empty">"Every opening on this board is brought in already."</p> }.into_any()
            } else {
                view! {
                    <ActionForm action=import attr:class="stack-form">
                        <input type="hidden" name="id" value=import_id.clone()/>
                        <p class="form-error" role="alert">{form_error(import, &[])}</p>
                        <fieldset class="openings">
                            <legend>"Tick the openings to bring in as drafts"</legend>
                            {fresh.into_iter().map(|opening| {
                                let box_id = format!("opening-{}", opening.external_id);
                                view! {
                                    <div class="field checkbox opening">
                                        <input type="checkbox" id=box_id.clone() name="openings[]" value=opening.external_id.clone()/>
                                        <label for=box_id>
                                            <strong>{opening.title.clone()}</strong>
                                            <span class="facts">{facts(&opening)}</span>
                                        </label>
                                    </div>
                                }
                            }).collect_view()}
                        </fieldset>
                        <button type="submit" disabled=move || import.pending().get()>"Bring in the ticked openings"</button>
                    </ActionForm>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="disconnect-heading">
            <h2 id="disconnect-heading">"Disconnect"</h2>
            <p>"FarCoder stops reading this board. The postings brought in from it stay, as postings you keep up to date yourself; drafts not yet completed are dropped."</p>
            <ActionForm action=disconnect attr:class="row-action">
                <input type="hidden" name="id" value=disconnect_id/>
                <button type="submit" class="secondary" disabled=move || disconnect.pending().get()>"Disconnect this board"</button>
            </ActionForm>
        </section>
    }
}

/// Where, pay and type, as far as the ATS says.
fn facts(opening: &AtsOpening) -> String {
    let parts: Vec<&str> = [Some(opening.location.as_str()), opening.pay.as_deref(), opening.job_type.as_deref()]
        .into_iter()
        .flatten()
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() { "No place or pay given".to_owned() } else { parts.join(" · ") }
}

#[component]
fn BroughtOpening(opening: AtsOpening) -> impl IntoView {
    let facts = facts(&opening);
    let AtsOpening { title, state, .. } = opening;
    view! {
        <li>
            <strong>{title}</strong>" "<span class="facts">{facts}</span>" "
            {match state {
                OpeningState::Waiting { import_id } => view! {
                    <a class="button small" href=format!("/dashboard/jobs/new?import={import_id}")>"Complete"</a>
                    <span class="muted">" A draft: add how you hire and from where, then submit it."</span>
                }.into_any(),
                OpeningState::Posted { job_id, status } => view! {
                    <span class="status">{status.label()}</span>" "
                    <a class="small" href=format!("/dashboard/jobs/{job_id}/preview")>"Preview"</a>
                }.into_any(),
                OpeningState::Gone => view! { <span class="status status-closed">"No longer on the board: closed here"</span> }.into_any(),
                OpeningState::New => ().into_any(),
            }}
        </li>
    }
}
