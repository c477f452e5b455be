//! Applications, the employer's side: the list per posting with counts and
//! a status filter, one application in full with its CV, status changes
//! that tell the candidate, private notes, and a CSV export. Every function
//! takes the signed-in member and reaches only their company's applications.

use super::db::Db;
use super::repo::applications::{self, ApplicationRow};
use super::repo::jobs;
use super::repo::outbox;
use super::repo::users::MemberRow;
use super::storage::Storage;
use crate::error::AppError;
use crate::model::{
    ApplicationDetail, ApplicationList, ApplicationStatus, ApplicationSummary, NOTES_CHARS, RESPONSE_DAYS,
    ResponseRate, StatusUpdate, UNANSWERED_DAYS, format_date,
};

const DAY: i64 = 86_400;

fn status_of(row: &ApplicationRow) -> ApplicationStatus {
    ApplicationStatus::from_slug(&row.status).unwrap_or(ApplicationStatus::New)
}

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
    now: i64,
) -> Result<ApplicationList, AppError> {
    let job_title = own_job_title(db, member, job_id).await?;
    let rows = applications::of_job(db, job_id).await?;
    let counts = ApplicationStatus::ALL
        .iter()
        .map(|s| (*s, rows.iter().filter(|r| status_of(r) == *s).count() as i64))
        .collect();
    let items = rows
        .iter()
        .filter(|r| filter.is_none_or(|f| status_of(r) == f))
        .map(|r| ApplicationSummary {
            id: r.id,
            name: r.name.clone(),
            email: r.email.clone(),
            country: r.country.clone(),
            status: status_of(r),
            applied: format_date(r.created_at),
            unanswered: status_of(r) == ApplicationStatus::New && r.created_at < now - UNANSWERED_DAYS * DAY,
        })
        .collect();
    Ok(ApplicationList { job_id, job_title, counts, total: rows.len() as i64, filter, items })
}

/// Application `id` in full.
pub async fn detail(db: &Db, member: &MemberRow, id: i64) -> Result<ApplicationDetail, AppError> {
    let row = own_application(db, member, id).await?;
    let status = status_of(&row);
    let updates = applications::updates(db, row.id)
        .await?
        .into_iter()
        .filter_map(|(s, message, at)| {
            Some(StatusUpdate { status: ApplicationStatus::from_slug(&s)?, message, date: format_date(at) })
        })
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
        applied: format_date(row.created_at),
        updates,
    })
}

/// Moves application `id` to `next` and e-mails the candidate, with the
/// employer's `message` if there is one.
pub async fn set_status(
    db: &Db,
    member: &MemberRow,
    id: i64,
    next: ApplicationStatus,
    message: &str,
    now: i64,
) -> Result<(), AppError> {
    let row = own_application(db, member, id).await?;
    let current = status_of(&row);
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
    let body = format!(
        "Hello {},\n\n{} updated your application for “{}”: {}.{said}\n\n\
         Your private link to the application is in the e-mail we sent when you applied.\n",
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
    if !applications::set_status(db, id, (current.slug(), next.slug()), message, &mail, now).await? {
        return Err(AppError::invalid("status", "Someone on your team changed this application a moment ago."));
    }
    Ok(())
}

/// Replaces the team's private notes on application `id`.
pub async fn set_notes(db: &Db, member: &MemberRow, id: i64, notes: &str, now: i64) -> Result<(), AppError> {
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

/// Company `company_id`'s response rate, once it has enough applications.
pub async fn response_rate(db: &Db, company_id: i64, now: i64) -> Result<Option<ResponseRate>, AppError> {
    let window = RESPONSE_DAYS * DAY;
    let (counted, answered) = applications::response_counts(db, company_id, now - window, window).await?;
    Ok(ResponseRate::of(counted, answered))
}

/// One CSV field, quoted, and defused against spreadsheet formulas.
fn csv_field(value: &str) -> String {
    let value =
        if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_owned() };
    format!("\"{}\"", value.replace('"', "\"\""))
}

/// Job `job_id`'s applications as CSV, newest first.
pub async fn csv(db: &Db, member: &MemberRow, job_id: i64) -> Result<String, AppError> {
    own_job_title(db, member, job_id).await?;
    let mut out = String::from("applied,name,email,country,status,github,linkedin,portfolio,cover_note,notes\r\n");
    for row in applications::of_job(db, job_id).await? {
        let fields = [
            format_date(row.created_at),
            row.name.clone(),
            row.email.clone(),
            row.country.clone(),
            status_of(&row).label().to_owned(),
            row.github.clone().unwrap_or_default(),
            row.linkedin.clone().unwrap_or_default(),
            row.portfolio.clone().unwrap_or_default(),
            row.cover_note.clone(),
            row.notes.clone(),
        ];
        out += &fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(",");
        out += "\r\n";
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(csv_field("Grace"), "\"Grace\"");
        assert_eq!(csv_field("say \"hi\", ok"), "\"say \"\"hi\"\", ok\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    }
}
