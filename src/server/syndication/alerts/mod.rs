//! Job alerts: a visitor saves a `/jobs` search for an e-mail address, no
//! account needed. Double opt-in (only the confirmation is sent until its
//! link is opened), a private page per address to see, pause, edit or
//! delete every alert, one-click unsubscribe in each digest (RFC 8058), and
//! digests built by `digest`.

pub mod digest;
mod links;

pub use links::Links;

use crate::error::AppError;
use crate::model::{
    AlertConfirmation, AlertFrequency, AlertSummary, AlertsPage, Email, JobFilter, MAX_ALERTS_PER_ADDRESS, Time,
    describe_search,
};
use crate::server::auth::{rate_limit, token};
use crate::server::db::Db;
use crate::server::repo::alerts::{self as rows, AlertRow, SubscriberRow};
use crate::server::repo::outbox;

/// Subscribing, per client address.
pub const SUBSCRIBE_PER_IP: rate_limit::Limit =
    rate_limit::Limit { action: "alert-subscribe-ip", max: 10, window: crate::model::HOUR };
/// Confirmation mails a stranger can cause one address to get.
const MAILS_PER_ADDRESS: rate_limit::Limit =
    rate_limit::Limit { action: "alert-mail", max: 3, window: crate::model::HOUR };
/// Unconfirmed alerts are forgotten after a week.
pub const UNCONFIRMED_DAYS: i64 = 7;

fn frequency_of(slug: &str) -> Result<AlertFrequency, AppError> {
    AlertFrequency::from_slug(slug).ok_or_else(|| AppError::invalid("frequency", "Choose how often to hear from us."))
}

/// The canonical query of `query` for `frequency`, checked.
fn search_of(query: &str, frequency: AlertFrequency) -> Result<(JobFilter, String), AppError> {
    let (filter, _) = JobFilter::parse(query);
    if !frequency.allowed_for(&filter) {
        return Err(AppError::invalid(
            "frequency",
            "Alerts as postings are published are for verified companies only: choose daily or weekly, or search verified companies.",
        ));
    }
    let query = JobFilter { sort: filter.sort, page: 1, ..filter.clone() }.to_query(1);
    Ok((filter, query))
}

fn first_due(frequency: AlertFrequency, now: Time) -> Time {
    now + frequency.period()
}

/// Saves the search `query` for `email`, sent `frequency`, and mails the
/// confirmation link. Answers the same whether the address had the alert
/// already or not, so no one learns another's alerts.
#[allow(clippy::too_many_arguments)]
pub async fn subscribe(
    db: &Db,
    links: Links<'_>,
    email: &str,
    query: &str,
    frequency: &str,
    client_ip: &str,
    now: Time,
) -> Result<(), AppError> {
    let email = Email::parse(email).map_err(|e| AppError::invalid(e.field, e.message))?;
    let frequency = frequency_of(frequency)?;
    let (_, query) = search_of(query, frequency)?;
    rate_limit::check(db, SUBSCRIBE_PER_IP, client_ip, now).await?;
    let mail_allowed = rate_limit::within(db, MAILS_PER_ADDRESS, email.as_str(), now).await?;
    let mut tx = db.begin_write().await?;
    // The subscriber is held from here to the commit: two requests at once
    // cannot both find room for one more alert.
    let subscriber = rows::ensure_subscriber(&mut tx, email.as_str(), &token::generate(), now).await?;
    let (kept, has_it) = rows::kept(&mut tx, subscriber.id, &query).await?;
    if usize::try_from(kept).unwrap_or(usize::MAX) >= MAX_ALERTS_PER_ADDRESS && !has_it {
        return Err(AppError::invalid(
            "email",
            format!(
                "This address has {MAX_ALERTS_PER_ADDRESS} alerts, as many as one may keep: delete one on the page linked from any alert e-mail."
            ),
        ));
    }
    let created = rows::insert(&mut tx, subscriber.id, &query, frequency.slug(), now).await?;
    let manage = links.url(&links.manage_path(subscriber.id, &subscriber.link_key));
    // Whoever typed this address may not own it: the mail quotes nothing
    // they wrote (the search shows on the pages its links open).
    let (subject, body) = match created {
        Some(id) => {
            let confirm = links.url(&links.confirm_path(id, &subscriber.link_key));
            confirmation_mail(frequency, &confirm)
        }
        // Asked again: where to manage the alert it has.
        None => (
            "Your FarCoder job alert".to_owned(),
            format!(
                "Someone (we hope you) asked again for e-mail about new remote jobs matching a search.\n\n\
                 This address has that alert already. See, pause or delete your alerts here:\n{manage}\n"
            ),
        ),
    };
    if mail_allowed {
        let mail = outbox::Outgoing { recipient: email.as_str(), subject: &subject, body: &body, ..Default::default() };
        outbox::enqueue(&mut tx, &mail, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

fn confirmation_mail(frequency: AlertFrequency, confirm: &str) -> (String, String) {
    (
        "Confirm your FarCoder job alert".to_owned(),
        format!(
            "Someone (we hope you) asked FarCoder for e-mail about new remote jobs matching a search, {}.\n\n\
             Confirm the alert here:\n{confirm}\n\n\
             If this was not you, ignore this message: nothing more will be sent.\n",
            frequency.label().to_lowercase()
        ),
    )
}

/// The alert a confirmation link names, if the link is right.
async fn linked_alert(db: &Db, links: Links<'_>, alert_id: i64, key: &str) -> Result<AlertRow, AppError> {
    let alert = rows::find(db, alert_id).await?.ok_or(AppError::NotFound)?;
    if !links.confirms(&alert, key) {
        return Err(AppError::NotFound);
    }
    Ok(alert)
}

/// What a confirmation link would confirm.
pub async fn pending(db: &Db, links: Links<'_>, alert_id: i64, key: &str) -> Result<AlertConfirmation, AppError> {
    let alert = linked_alert(db, links, alert_id, key).await?;
    confirmation_of(links, &alert)
}

fn confirmation_of(links: Links<'_>, alert: &AlertRow) -> Result<AlertConfirmation, AppError> {
    let frequency = alert.frequency;
    Ok(AlertConfirmation {
        description: describe_search(&JobFilter::parse(&alert.query).0),
        frequency,
        manage_path: links.manage_path(alert.subscriber_id, &alert.link_key),
        confirmed: alert.confirmed_at.is_some(),
    })
}

/// Opens a confirmation link: the alert starts, counting postings from now.
pub async fn confirm(
    db: &Db,
    links: Links<'_>,
    alert_id: i64,
    key: &str,
    now: Time,
) -> Result<AlertConfirmation, AppError> {
    let alert = linked_alert(db, links, alert_id, key).await?;
    let frequency = alert.frequency;
    rows::confirm(db, alert.id, now, first_due(frequency, now)).await?;
    // The link was opened from this mailbox: it receives mail after all.
    outbox::clear_bounce(db, &alert.email).await?;
    let mut shown = confirmation_of(links, &alert)?;
    shown.confirmed = true;
    Ok(shown)
}

/// The subscriber a manage link names, if the link is right.
async fn linked_subscriber(
    db: &Db,
    links: Links<'_>,
    subscriber_id: i64,
    key: &str,
) -> Result<SubscriberRow, AppError> {
    let subscriber = rows::subscriber(db, subscriber_id).await?.ok_or(AppError::NotFound)?;
    if !links.manages(&subscriber, key) {
        return Err(AppError::NotFound);
    }
    Ok(subscriber)
}

/// The alerts sent to `email` (a signed-in seeker's address) with the
/// private link that manages them; `None` when it has none.
pub async fn of_address(db: &Db, links: Links<'_>, email: &str) -> Result<Option<(AlertsPage, String)>, AppError> {
    let Some(subscriber) = rows::subscriber_by_email(db, email).await? else { return Ok(None) };
    let manage = links.manage_path(subscriber.id, &subscriber.link_key);
    let key = manage.rsplit("key=").next().unwrap_or_default().to_owned();
    Ok(Some((page(db, links, subscriber.id, &key).await?, manage)))
}

/// Every alert of the address a manage link names.
pub async fn page(db: &Db, links: Links<'_>, subscriber_id: i64, key: &str) -> Result<AlertsPage, AppError> {
    let subscriber = linked_subscriber(db, links, subscriber_id, key).await?;
    let alerts = rows::of_subscriber(db, subscriber.id).await?;
    Ok(AlertsPage {
        email: subscriber.email,
        alerts: alerts
            .iter()
            .map(|a| {
                let filter = JobFilter::parse(&a.query).0;
                AlertSummary {
                    id: a.id,
                    query: a.query.clone(),
                    description: describe_search(&filter),
                    words: filter.q.clone(),
                    frequency: a.frequency,
                    confirmed: a.confirmed_at.is_some(),
                    paused: a.paused_at.is_some(),
                }
            })
            .collect(),
    })
}

/// What the subscriber may do to one of their alerts.
#[derive(Clone, Debug)]
pub enum Change<'a> {
    Pause,
    Resume,
    /// New words for the search, and how often.
    Edit {
        words: &'a str,
        frequency: &'a str,
    },
    Delete,
}

/// Applies `change` to alert `alert_id` of the subscriber a manage link names.
pub async fn change(
    db: &Db,
    links: Links<'_>,
    subscriber_id: i64,
    key: &str,
    alert_id: i64,
    change: Change<'_>,
    now: Time,
) -> Result<(), AppError> {
    let subscriber = linked_subscriber(db, links, subscriber_id, key).await?;
    let alert =
        rows::find(db, alert_id).await?.filter(|a| a.subscriber_id == subscriber.id).ok_or(AppError::NotFound)?;
    let done = match change {
        Change::Pause => rows::set_paused(db, alert.id, subscriber.id, Some(now)).await?,
        Change::Resume => rows::set_paused(db, alert.id, subscriber.id, None).await?,
        Change::Delete => rows::delete(db, alert.id, subscriber.id).await?,
        Change::Edit { words, frequency } => {
            let frequency = frequency_of(frequency)?;
            let (mut filter, _) = JobFilter::parse(&alert.query);
            filter.q =
                JobFilter::parse(&form_urlencoded::Serializer::new(String::new()).append_pair("q", words).finish()).0.q;
            let (_, query) = search_of(&filter.to_query(1), frequency)?;
            if !rows::update(db, alert.id, subscriber.id, &query, frequency.slug(), first_due(frequency, now)).await? {
                return Err(AppError::invalid("words", "You have an alert for that search already."));
            }
            true
        }
    };
    if !done {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// One-click unsubscribe: deletes the alert. `false` when the link is wrong
/// or the alert is gone already.
pub async fn unsubscribe(db: &Db, links: Links<'_>, alert_id: i64, key: &str) -> Result<bool, AppError> {
    let Some(alert) = rows::find(db, alert_id).await? else { return Ok(false) };
    if !links.unsubscribes(&alert, key) {
        return Ok(false);
    }
    Ok(rows::delete(db, alert.id, alert.subscriber_id).await?)
}
