//! `/admin/guides` and `/admin/guides/{slug}`: moderators edit the career
//! guides. The form is a plain POST; the browser's own length checks guard
//! it without JavaScript, and the server checks everything again.

use crate::model::escape_html;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::account::{field_error, form_error};
use super::admin::{AdminNav, AdminPage};
use super::dashboard::members_only;
use crate::api::moderation::{UpdateGuide, fetch_admin_guides, fetch_guide_draft};
use crate::components::{Loading, PageMeta};
use crate::model::{Category, GuideDraft, GuideSummary};

#[component]
pub fn GuidesAdminPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| fetch_admin_guides());
    let render = |guides| view! { <GuideTable guides/> }.into_any();
    view! { <AdminPage title="Guides" description="Edit FarCoder's career guides." path="/admin/guides" data render/> }
}

#[component]
fn GuideTable(guides: Vec<GuideSummary>) -> impl IntoView {
    if guides.is_empty() {
        return view! { <p class="empty">"There are no guides."</p> }.into_any();
    }
    view! {
        <div class="table-scroll"><table class="postings">
            <thead><tr><th scope="col">"Guide"</th><th scope="col">"Updated"</th><th scope="col">"Actions"</th></tr></thead>
            <tbody>
                {guides.into_iter().map(|g| view! {
                    <tr>
                        <td><a href=g.path()>{g.title.clone()}</a></td>
                        <td>{g.updated.clone()}</td>
                        <td><a href=format!("/admin/guides/{}", g.slug) aria-label=format!("Edit {}", g.title)>"Edit"</a></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table></div>
    }
    .into_any()
}

#[component]
pub fn GuideEditorPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let update = ServerAction::<UpdateGuide>::new();
    let data = Resource::new(slug, fetch_guide_draft);
    view! {
        <PageMeta title="Edit guide" description="Edit a career guide." path="/admin/guides"/>
        <div class="container narrow-wide">
            <AdminNav/>
            <h1>"Edit guide"</h1>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let back = format!("/admin/guides/{}", slug());
                    members_only(data.await, &back, |draft| view! { <GuideForm slug=slug() draft update/> }.into_any())
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn GuideForm(slug: String, draft: GuideDraft, update: ServerAction<UpdateGuide>) -> impl IntoView {
    let query = use_query_map();
    let saved = move || query.read().get("saved").is_some() || update.value().get().is_some_and(|r| r.is_ok());
    let (title_error, summary_error, body_error, faq_error, category_error) = (
        field_error(update, "title"),
        field_error(update, "summary"),
        field_error(update, "body"),
        field_error(update, "faq"),
        field_error(update, "category"),
    );
    let current = draft.category.clone();
    view! {
        <p class="notice" role="status">{move || saved().then_some("Saved. The guide shows the new text now.")}</p>
        <p><a href=format!("/guides/{slug}")>"View the guide"</a></p>
        <ActionForm action=update attr:class="stack-form">
            <p class="form-error" role="alert">{form_error(update, &["title", "summary", "body", "faq", "category"])}</p>
            <input type="hidden" name="slug" value=slug.clone()/>
            <div class="field">
                <label for="guide-title">"Title"</label>
                <input id="guide-title" name="guide[title]" required minlength="10" maxlength="120" value=draft.title/>
                <p class="field-error" aria-live="polite">{title_error}</p>
            </div>
            <div class="field">
                <label for="guide-summary">"Summary (shown in the box at the top and in lists)"</label>
                <textarea id="guide-summary" name="guide[summary]" rows="3" required minlength="50" maxlength="500" inner_html=escape_html(&draft.summary)></textarea>
                <p class="field-error" aria-live="polite">{summary_error}</p>
            </div>
            <div class="field">
                <label for="guide-category">"Jobs listed beside it"</label>
                <select id="guide-category" name="guide[category]">
                    <option value="" selected=current.is_empty()>"The newest jobs"</option>
                    {Category::ALL.iter().map(|c| view! {
                        <option value=c.slug() selected=current == c.slug()>{c.label()}</option>
                    }).collect_view()}
                </select>
                <p class="field-error" aria-live="polite">{category_error}</p>
            </div>
            <div class="field">
                <label for="guide-body">"The guide (Markdown; ## and ### headings make the table of contents)"</label>
                <textarea id="guide-body" name="guide[body]" rows="24" required minlength="500" maxlength="100000" inner_html=escape_html(&draft.body)></textarea>
                <p class="field-error" aria-live="polite">{body_error}</p>
            </div>
            <div class="field">
                <label for="guide-faq">"Frequently asked questions (one per line: question | answer)"</label>
                <textarea id="guide-faq" name="guide[faq]" rows="8" inner_html=escape_html(&draft.faq)></textarea>
                <p class="field-error" aria-live="polite">{faq_error}</p>
            </div>
            <button type="submit" disabled=move || update.pending().get()>"Save guide"</button>
        </ActionForm>
    }
    .into_any()
}
