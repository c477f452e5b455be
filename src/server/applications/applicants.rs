//! Applications, the employer's side: the list per posting with counts and
//! a status filter, one application in full with its CV, status changes
//! that tell the candidate, private notes, and a CSV export. Every function
//! takes the signed-in member and reaches only their company's applications.

use crate::error::AppError;
use crate::model::{
    ApplicationDetail, ApplicationList, ApplicationStatus, ApplicationSummary, DAY, NOTES_CHARS, StatusUpdate, Time,
    UNANSWERED_DAYS,
};
use crate::server::db::Db;
use crate::server::repo::applications::{self, ApplicationRow};
use crate::server::repo::jobs;
use crate::server::repo::outbox;
use crate::server::repo::users::MemberRow;
use crate::server::storage::Storage;

/// Job `job_id`'s title when it is `member`'s company's; otherwise not found.
async fn own_job_title(db: &Db, member: &MemberRow, job_id: i64) -> Result<String, AppError> {
    match jobs::find(db, job_id).await? {
        Some(job) if job.company_id == member.company_id => Ok(job.card.title),
        _ => Err(AppError::NotFound),
    }
}

/// Application `id` when it is for one of `member`'s company's postings.
async fn own_application(db: &Db, member: &MemberRow, id: i64) -> Result<ApplicationRow, AppError> {
    match applications::by_id(db, id).await? {
        Some(row) if row.company_id == member.company_id => Ok(row),
        _ => Err(AppError::NotFound),
    }
}

/// Job `job_id`'s applications, newest first, those with `filter` only.
pub async fn list(
    db: &Db,
    member: &MemberRow,
    job_id: i64,
    filter: Option<ApplicationStatus>,
    now: Time,
) -> Result<ApplicationList, AppError> {
    let job_title = own_job_title(db, member, job_id).await?;
    let rows = applications::of_job(db, job_id).await?;
    Ok(listed(Some((job_id, job_title)), &rows, filter, now))
}

/// How many applications the inbox across postings lists at most.
pub const INBOX_LIMIT: i64 = 1_000;

/// The applications to every posting of `member`'s company (the newest
/// `INBOX_LIMIT`), newest first, those with `filter` only.
pub async fn inbox(
    db: &Db,
    member: &MemberRow,
    filter: Option<ApplicationStatus>,
    now: Time,
) -> Result<ApplicationList, AppError> {
    let rows = applications::of_company(db, member.company_id, INBOX_LIMIT).await?;
    Ok(listed(None, &rows, filter, now))
}

/// `rows` counted by status and filtered to `filter`.
fn listed(
    job: Option<(i64, String)>,
    rows: &[ApplicationRow],
    filter: Option<ApplicationStatus>,
    now: Time,
) -> ApplicationList {
    let counts =
        ApplicationStatus::ALL.iter().map(|s| (*s, rows.iter().filter(|r| r.status == *s).count() as i64)).collect();
    let items = rows
        .iter()
        .filter(|r| filter.is_none_or(|f| r.status == f))
        .map(|r| ApplicationSummary {
            id: r.id,
            job_id: r.job_id,
            job_title: r.job_title.clone(),
            name: r.name.clone(),
            email: r.email.clone(),
            country: r.country.clone(),
            status: r.status,
            applied: r.created_at.date(),
            unanswered: r.status == ApplicationStatus::New && r.created_at < now - UNANSWERED_DAYS * DAY,
        })
        .collect();
    ApplicationList { job, counts, total: rows.len() as i64, filter, items }
}

/// Application `id` in full.
pub async fn detail(db: &Db, member: &MemberRow, id: i64) -> Result<ApplicationDetail, AppError> {
    let row = own_application(db, member, id).await?;
    let status = row.status;
    let updates = applications::updates(db, row.id)
        .await?
        .into_iter()
        .map(|(status, message, at, by)| StatusUpdate { status, message, date: at.date(), by })
        .collect();
    Ok(ApplicationDetail {
        next: ApplicationStatus::ALL.iter().copied().filter(|s| status.can_move_to(*s)).collect(),
        id: row.id,
        job_id: row.job_id,
        job_title: row.job_title,
        name: row.name,
        email: row.email,
        country: row.country,
        github: row.github,
        linkedin: row.linkedin,
        portfolio: row.portfolio,
        cover_note: row.cover_note,
        cv_bytes: row.cv_bytes,
        status,
        notes: row.notes,
        applied: row.created_at.date(),
        updates,
    })
}

/// Moves application `id` to `next` and e-mails the candidate, with the
/// employer's `message` if there is one.
pub async fn set_status(
    cx: &crate::server::context::Context<'_>,
    member: &MemberRow,
    id: i64,
    next: ApplicationStatus,
    message: &str,
) -> Result<(), AppError> {
    let (db, now) = (cx.db, cx.now);
    let row = own_application(db, member, id).await?;
    let current = row.status;
    let message = message.trim();
    if message.chars().count() > NOTES_CHARS {
        return Err(AppError::invalid("message", format!("Keep the message under {NOTES_CHARS} characters.")));
    }
    if !current.can_move_to(next) {
        return Err(AppError::invalid(
            "status",
            format!("An application that is “{}” cannot move to “{}”.", current.label(), next.label()),
        ));
    }
    let said = if message.is_empty() { String::new() } else { format!("\n\nThey wrote:\n\n{message}") };
    let link = format!("{}/applications/{}", cx.public_url, super::signed_link(cx.secret, id));
    let tracker = match row.seeker_id {
        Some(_) => format!(" It is on your tracker too: {}/me", cx.public_url),
        None => String::new(),
    };
    let body = format!(
        "Hello {},\n\n{} updated your application for “{}”: {}.{said}\n\n\
         See the application and its history, or withdraw it: {link}{tracker}\n\n\
         Keep this link to yourself: anyone with it can see and withdraw your application.\n",
        row.name,
        row.company_name,
        row.job_title,
        next.label().to_lowercase()
    );
    let subject = format!("Your application for {}: {}", row.job_title, next.label());
    let mail = outbox::Outgoing {
        recipient: &row.email,
        subject: &subject,
        body: &body,
        application_id: Some(id),
        ..Default::default()
    };
    // The new status and the candidate's e-mail commit together.
    if !applications::set_status(db, id, (current, next), message, &member.email, &mail, now).await? {
        return Err(AppError::invalid("status", "Someone on your team changed this application a moment ago."));
    }
    Ok(())
}

/// Replaces the team's private notes on application `id`.
pub async fn set_notes(db: &Db, member: &MemberRow, id: i64, notes: &str, now: Time) -> Result<(), AppError> {
    own_application(db, member, id).await?;
    let notes = notes.trim();
    if notes.chars().count() > NOTES_CHARS {
        return Err(AppError::invalid("notes", format!("Keep the notes under {NOTES_CHARS} characters.")));
    }
    Ok(applications::set_notes(db, id, notes, now).await?)
}

/// Application `id`'s CV and a file name for it.
pub async fn cv(db: &Db, storage: &Storage, member: &MemberRow, id: i64) -> Result<(Vec<u8>, String), AppError> {
    let row = own_application(db, member, id).await?;
    let bytes = storage.get(&row.cv_key).await?;
    let name: String = row.name.chars().filter(|c| c.is_ascii_alphanumeric() || *c == ' ').collect();
    let name = name.split_whitespace().collect::<Vec<_>>().join("-");
    Ok((bytes, format!("cv-{}-{}.pdf", if name.is_empty() { "candidate" } else { &name }, row.id)))
}

/// A field defused against spreadsheet formulas: one that starts like a
/// formula is read as text.
fn defused(value: &str) -> std::borrow::Cow<'_, str> {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}").into() } else { value.into() }
}

const CSV_HEADER: &str = "applied,name,email,country,status,github,linkedin,portfolio,cover_note,notes\r\n";

/// Job `job_id`'s applications as CSV, newest first: every field quoted and
/// defused.
pub async fn csv(db: &Db, member: &MemberRow, job_id: i64) -> Result<String, AppError> {
    own_job_title(db, member, job_id).await?;
    let mut out = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .terminator(csv::Terminator::CRLF)
        .from_writer(CSV_HEADER.as_bytes().to_vec());
    for row in applications::of_job(db, job_id).await? {
        let fields = [
            row.created_at.date(),
            row.name,
            row.email,
            row.country,
            row.status.label().to_owned(),
            row.github.unwrap_or_default(),
            row.linkedin.unwrap_or_default(),
            row.portfolio.unwrap_or_default(),
            row.cover_note,
            row.notes,
        ];
        out.write_record(fields.iter().map(|f| defused(f).into_owned())).map_err(export_failed)?;
    }
    let bytes = out.into_inner().map_err(|e| export_failed(e.into_error()))?;
    String::from_utf8(bytes).map_err(export_failed)
}

fn export_failed(err: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %err, "the applications export failed");
    AppError::Internal
}

#[cfg(test)]
mod tests {
    use super::defused;

    #[test]
    fn formulas_are_defused() {
        assert_eq!(defused("Grace"), "Grace");
        assert_eq!(defused("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defused("-1"), "'-1");
    }
}
