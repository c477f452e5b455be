//! `/still-hiring?job=…&at=…&sig=…&answer=…`: where the "Still hiring?"
//! e-mail's links lead. Opening a link changes nothing (mail scanners open
//! links too); the page's one button posts the answer the link named, and
//! the other answer is one click away. The page then says what happened.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::PageMeta;

#[component]
pub fn StillHiringPage() -> impl IntoView {
    let query = use_query_map();
    let field = move |name: &str| query.read().get(name).unwrap_or_default();
    let digits = move |name: &str| field(name).chars().filter(char::is_ascii_digit).collect::<String>();
    let done = field("done");
    let filled_first = field("answer") == "filled";
    let body = match done.as_str() {
        "open" => view! {
            <h1>"Thank you: still hiring"</h1>
            <p class="notice" role="status">"Your posting now says it was confirmed open today. We will ask again in 14 days."</p>
        }
        .into_any(),
        "filled" => view! {
            <h1>"Congratulations on the hire"</h1>
            <p class="notice" role="status">"The posting is closed: it left the board, and its page says it was filled."</p>
        }
        .into_any(),
        "invalid" => view! {
            <h1>"Nothing changed"</h1>
            <p>"This question was answered already, the posting is no longer live, or the link is not complete."</p>
            <p><a href="/dashboard">"See your postings on the dashboard"</a></p>
        }
        .into_any(),
        _ => {
            let (first, second) = if filled_first {
                (("filled", "Filled: close the posting"), ("open", "No, we are still hiring"))
            } else {
                (("open", "Yes, we are still hiring"), ("filled", "It is filled: close it"))
            };
            let sig: String = field("sig").chars().filter(char::is_ascii_hexdigit).collect();
            view! {
                <h1>"Is this job still open?"</h1>
                <p>"Job seekers see when a team last confirmed its posting. One click answers."</p>
                <form method="post" action="/still-hiring" class="stack-form">
                    <input type="hidden" name="job" value=digits("job")/>
                    <input type="hidden" name="at" value=digits("at")/>
                    <input type="hidden" name="sig" value=sig/>
                    <button type="submit" name="answer" value=first.0>{first.1}</button>
                    <button type="submit" name="answer" value=second.0 class="secondary">{second.1}</button>
                </form>
            }
            .into_any()
        }
    };
    view! {
        <PageMeta title="Still hiring?" description="Confirm a FarCoder posting is still open." path="/still-hiring"/>
        <div class="container narrow">{body}</div>
    }
}
