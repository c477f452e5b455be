//! The demo's people, so that a newcomer can try every role: on a database
//! with no account yet, in development only, a demo employer on the seeded
//! company with the most postings that take applications on FarCoder (with
//! applicants in its inbox), and a demo moderator (whose queue holds the
//! seeded postings waiting for review). Their addresses and password are
//! public, in the README: they are never created where real people sign in.

use crate::error::AppError;
use crate::model::{DAY, HOUR, Password, Time};
use crate::server::auth::{password, token};
use crate::server::db::Db;
use crate::server::queue;
use crate::server::repo::applications::{self, NewApplication};
use crate::server::repo::{jobs as job_rows, moderation, users};
use crate::server::storage::DeleteFile;
use crate::server::storage::Storage;

pub const EMPLOYER_EMAIL: &str = "employer@demo.farcoder.example";
pub const MODERATOR_EMAIL: &str = "moderator@demo.farcoder.example";
pub const PASSWORD: &str = "try-farcoder-demo";

/// Whom the demo made, to say how to sign in.
#[derive(Debug, PartialEq, Eq)]
pub struct DemoAccounts {
    pub company: String,
    pub applicants: usize,
}

impl DemoAccounts {
    /// What the server prints at start.
    pub fn sign_in_text(&self, public_url: &str) -> String {
        format!(
            "Demo accounts (development only), at {public_url}/login with the password `{PASSWORD}`:\n  \
             employer of {company} ({applicants} applicants waiting): {EMPLOYER_EMAIL}\n  \
             moderator (the review queue): {MODERATOR_EMAIL}",
            company = self.company,
            applicants = self.applicants,
        )
    }
}

/// The demo applicants: name, country and what they wrote.
const APPLICANTS: &[(&str, &str, &str)] = &[
    ("Amara Okafor", "ng", "I have run Postgres-backed services for four years and like owning them end to end."),
    ("Lukas Brandt", "de", "Your stack is mine; I would love to talk about the on-call setup you describe."),
    ("Priya Raman", "in", "I led a migration from a monolith to three services without a day of downtime."),
    ("Sofia Herrera", "mx", "I write the tests first and the docs right after; happy to show a recent project."),
    ("Kenji Watanabe", "jp", "Remote for six years across three time zones; I overlap your core hours easily."),
    ("Chloé Martin", "fr", "I maintain an open-source library in this space and would bring that care here."),
];

/// Creates the demo accounts when no account exists yet; `None` when some
/// does (or no seeded posting takes applications on FarCoder).
pub async fn create(db: &Db, storage: &Storage, now: Time) -> Result<Option<DemoAccounts>, AppError> {
    if users::count(db).await? > 0 {
        return Ok(None);
    }
    let Some((company_id, company, jobs)) = busiest_direct_company(db, now).await? else {
        return Ok(None);
    };
    let secret = Password::parse(PASSWORD).map_err(|_| AppError::Internal)?;
    let hash = password::hash(&secret).await?;
    // The CVs go first (each queued for deletion until its row exists,
    // as a real application's): nothing half-made stays if a step fails.
    let mut cvs = Vec::new();
    for (name, ..) in APPLICANTS {
        let key = format!("cv/{}.pdf", token::generate());
        queue::enqueue(db, &DeleteFile { key: key.clone() }, now + HOUR, now).await?;
        let pdf = cv_pdf(name);
        storage.put(&key, &pdf).await?;
        cvs.push((key, pdf.len() as i64));
    }
    let mut tx = db.begin_write().await?;
    let Some(employer) = users::insert_owner(&mut tx, EMPLOYER_EMAIL, &hash, company_id, now).await? else {
        return Ok(None);
    };
    users::confirm_email(&mut tx, employer, now).await?;
    if moderation::insert_admin(&mut tx, MODERATOR_EMAIL, &hash, now).await?.is_none() {
        return Ok(None);
    }
    let mut applicants = 0;
    for (i, ((name, country, note), (cv_key, cv_bytes))) in APPLICANTS.iter().zip(&cvs).enumerate() {
        let job_id = jobs[i % jobs.len()];
        let email =
            format!("{}@applicant.farcoder.example", name.split(' ').next().unwrap_or("someone").to_lowercase());
        let application = NewApplication {
            job_id,
            token_hash: &token::digest(&token::generate()),
            name,
            email: &email,
            // Stored by name, as the apply form stores what was picked.
            country: crate::model::country_named(country).unwrap_or(country),
            github: None,
            linkedin: None,
            portfolio: None,
            cover_note: note,
            cv_key,
            cv_bytes: *cv_bytes,
            seeker_id: None,
            now: now - (i as i64 * 7 + 2) * HOUR,
        };
        if applications::insert(&mut tx, &application).await?.is_some() {
            queue::cancel::<DeleteFile>(&mut tx, cv_key, now).await?;
            applicants += 1;
        }
    }
    tx.commit().await?;
    Ok(Some(DemoAccounts { company, applicants }))
}

/// The company with the most open postings that take applications on
/// FarCoder, its name, and those postings' ids, newest first.
async fn busiest_direct_company(db: &Db, now: Time) -> Result<Option<(i64, String, Vec<i64>)>, AppError> {
    let rows = job_rows::taking_applications(db, now + DAY).await?;
    let mut best: Option<(i64, String, Vec<i64>)> = None;
    for (company_id, name, _) in &rows {
        let jobs: Vec<i64> = rows.iter().filter(|(c, ..)| c == company_id).map(|(.., id)| *id).collect();
        if best.as_ref().is_none_or(|(_, _, most)| jobs.len() > most.len()) {
            best = Some((*company_id, name.clone(), jobs));
        }
    }
    Ok(best)
}

/// A one-page PDF saying whose demo CV it is.
fn cv_pdf(name: &str) -> Vec<u8> {
    let text: String = format!("Demo CV of {name}, made up for FarCoder's demo")
        .chars()
        .filter(|c| c.is_ascii() && !matches!(c, '(' | ')' | '\\'))
        .collect();
    let stream = format!("BT /F1 14 Tf 72 720 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf += &format!("{} 0 obj\n{object}\nendobj\n", i + 1);
    }
    let xref = pdf.len();
    pdf += &format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for offset in offsets {
        pdf += &format!("{offset:010} 00000 n \n");
    }
    pdf += &format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1);
    pdf.into_bytes()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_cv_is_a_pdf_naming_its_person() {
        let pdf = super::cv_pdf("Chloé Martin");
        assert!(crate::model::looks_like_pdf(&pdf));
        let text = String::from_utf8(pdf).expect("ascii");
        assert!(text.contains("Demo CV of Chlo Martin") && text.ends_with("%%EOF\n"));
    }
}
