//! Job alerts: subscribe from a search, confirm, and the subscriber's page.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::error::AppError;
use crate::model::{AlertConfirmation, AlertsPage};

/// Saves the search `query` (a `/jobs` query string) for `email`. A plain
/// form is sent back to `back` (the page it was on) with `alert=sent`.
#[server(prefix = "/api/fn", endpoint = "subscribe_alert")]
pub async fn subscribe_alert(email: String, query: String, frequency: String, back: String) -> Result<(), AppError> {
    let edge = super::accounts::Edge::new()?;
    let links = edge.alert_links();
    let subscribed = crate::server::syndication::alerts::subscribe(
        &edge.state.db,
        links,
        &email,
        &query,
        &frequency,
        &edge.ip,
        edge.now,
    )
    .await;
    if let Err(error) = subscribed {
        let typed = [("email", email.as_str()), ("frequency", frequency.as_str())];
        return Err(super::accounts::keep_typed(&edge, "alert", &typed, error).await);
    }
    if crate::server::http::request::from_html_form() {
        let back = crate::model::local_path(&back).unwrap_or("/jobs");
        let joiner = if back.contains('?') { '&' } else { '?' };
        crate::api::redirect(&format!("{back}{joiner}alert=sent#alert"));
    }
    Ok(())
}

/// What a confirmation link would turn on; opening the link changes nothing.
#[server(prefix = "/api/fn", endpoint = "pending_alert", input = GetUrl)]
pub async fn fetch_pending_alert(alert: i64, key: String) -> Result<AlertConfirmation, AppError> {
    let edge = super::accounts::Edge::new()?;
    crate::server::http::request::mark_personal();
    crate::server::syndication::alerts::pending(&edge.state.db, edge.alert_links(), alert, &key).await
}

/// The button on the confirmation link's page (the double opt-in): the
/// alert starts, and the subscriber lands on their alerts.
#[server(prefix = "/api/fn", endpoint = "confirm_alert")]
pub async fn confirm_alert(alert: i64, key: String) -> Result<(), AppError> {
    let edge = super::accounts::Edge::new()?;
    let confirmed =
        crate::server::syndication::alerts::confirm(&edge.state.db, edge.alert_links(), alert, &key, edge.now).await;
    let done = confirmed.as_ref().ok().map(|shown| format!("{}&confirmed=1#alert-{alert}", shown.manage_path));
    crate::api::link_answer(confirmed, done.as_deref().unwrap_or("/"), "/alerts/confirm?failed=1")
}

/// The subscriber's page, by its private link.
#[server(prefix = "/api/fn", endpoint = "alerts_page", input = GetUrl)]
pub async fn fetch_alerts_page(s: i64, key: String) -> Result<AlertsPage, AppError> {
    let edge = super::accounts::Edge::new()?;
    crate::server::http::request::mark_personal();
    crate::server::syndication::alerts::page(&edge.state.db, edge.alert_links(), s, &key).await
}

/// Pauses, resumes, edits (`words`, `frequency`) or deletes one alert
/// (`change`: pause, resume, edit, delete). A plain form comes back to the page.
#[server(prefix = "/api/fn", endpoint = "change_alert")]
pub async fn change_alert(
    s: i64,
    key: String,
    alert: i64,
    change: String,
    #[server(default)] words: String,
    #[server(default)] frequency: String,
) -> Result<(), AppError> {
    use crate::server::syndication::alerts::Change;
    let edge = super::accounts::Edge::new()?;
    let change = match change.as_str() {
        "pause" => Change::Pause,
        "resume" => Change::Resume,
        "delete" => Change::Delete,
        "edit" => Change::Edit { words: &words, frequency: &frequency },
        _ => return Err(AppError::invalid("change", "Choose what to do with the alert.")),
    };
    crate::server::syndication::alerts::change(&edge.state.db, edge.alert_links(), s, &key, alert, change, edge.now)
        .await
        .map_err(super::accounts::respond)?;
    if crate::server::http::request::from_html_form() {
        // The key was checked by the service; it is hex, safe in a URL.
        crate::api::redirect(&format!("/alerts/manage?s={s}&key={key}&changed={alert}"));
    }
    Ok(())
}
