//! Saved jobs: the visitor's list (from their cookie, or a signed link's),
//! and a signed link to it by e-mail.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::error::AppError;
use crate::model::SavedPage;

/// `/saved`: this browser's list, or (`list` and `sig` given) a signed link's.
#[server(prefix = "/api/fn", endpoint = "saved_jobs", input = GetUrl)]
pub async fn fetch_saved(list: String, sig: String) -> Result<SavedPage, AppError> {
    use crate::server::postings::saved;
    let edge = super::accounts::Edge::new()?;
    if list.is_empty() {
        // A signed-in seeker's list is the account's, from every device.
        let token = crate::server::http::request::seeker_token(edge.state.config.https());
        let mine = match crate::server::seekers::current(&edge.state.db, token.as_deref(), edge.now).await? {
            Some(seeker) => crate::server::seekers::saved(&edge.state.db, seeker).await?,
            None => crate::server::http::request::saved_jobs(),
        };
        return saved::page(&edge.state.db, &mine, None, edge.now).await;
    }
    let carried = saved::from_link(&edge.state.secret, &list, &sig)
        .ok_or_else(|| AppError::invalid("sig", "This link is not complete: open it from the e-mail again."))?;
    let link = crate::model::SavedLink { list: carried.value(), sig };
    saved::page(&edge.state.db, &carried, Some(link), edge.now).await
}

/// E-mails a signed link to this browser's list to `email`. A plain form
/// comes back to `/saved?sent=1`.
#[server(prefix = "/api/fn", endpoint = "email_saved")]
pub async fn email_saved(email: String) -> Result<(), AppError> {
    let edge = super::accounts::Edge::new()?;
    let mine = crate::server::http::request::saved_jobs();
    let (state, now) = (&edge.state, edge.now);
    crate::server::postings::saved::email(
        &state.db,
        &state.secret,
        &state.config.public_url,
        &email,
        &mine,
        &edge.ip,
        now,
    )
    .await
    .map_err(super::accounts::respond)?;
    crate::api::redirect("/saved?sent=1");
    Ok(())
}
