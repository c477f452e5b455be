//! Company verification rules: the owner proves an address at the company's
//! own domain (never a free-mail one) before a moderator approves.

use serde::{Deserialize, Serialize};

use super::{Email, FieldError};

/// Where a company stands, as its team sees it on `/dashboard/company`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verification {
    #[default]
    Unverified,
    /// A confirmation link went to `email`; nobody clicked it yet.
    Unconfirmed { email: String },
    /// `email` is confirmed; a moderator has still to decide.
    Confirmed { email: String },
    /// ISO date of the approval.
    Verified { since: String },
    /// A moderator declined the request and said why.
    Declined { reason: String },
    /// A moderator took the badge away and said why.
    Revoked { reason: String },
}

/// A confirmed request in the moderators' list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationRequest {
    pub id: i64,
    pub company_id: i64,
    pub company_name: String,
    pub company_slug: String,
    pub website: Option<String>,
    pub email: String,
    /// ISO date.
    pub confirmed: String,
}

/// A verified company, which a moderator may revoke.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifiedCompany {
    pub id: i64,
    pub name: String,
    pub slug: String,
    /// ISO date.
    pub since: String,
}

/// A public company's new name, waiting for a moderator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenameRequest {
    pub company_id: i64,
    pub slug: String,
    /// The name the board shows.
    pub name: String,
    pub new_name: String,
    /// ISO date.
    pub asked: String,
}

/// `/admin/companies`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationQueue {
    pub requests: Vec<VerificationRequest>,
    /// New names of public companies.
    pub renames: Vec<RenameRequest>,
    pub verified: Vec<VerifiedCompany>,
}

/// Mail providers anyone can sign up with: an address there proves nothing
/// about a company.
pub const FREE_MAIL: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "msn.com",
    "yahoo.com",
    "ymail.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "aol.com",
    "proton.me",
    "protonmail.com",
    "pm.me",
    "gmx.com",
    "gmx.net",
    "gmx.de",
    "web.de",
    "mail.com",
    "mail.ru",
    "yandex.com",
    "yandex.ru",
    "zoho.com",
    "fastmail.com",
    "tutanota.com",
    "tuta.io",
    "hey.com",
    "qq.com",
    "163.com",
    "126.com",
    "naver.com",
    "rediffmail.com",
];

/// The host of a website address, lowercased, without `www.` or a port.
pub fn website_domain(url: &str) -> Option<String> {
    let rest = url.trim().strip_prefix("https://").or_else(|| url.trim().strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?.split(':').next()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).trim_end_matches('.').to_owned();
    (host.contains('.') && !host.starts_with('.')).then_some(host)
}

/// Whether one domain is the other or a subdomain of it.
fn same_organisation(a: &str, b: &str) -> bool {
    a == b || a.ends_with(&format!(".{b}")) || b.ends_with(&format!(".{a}"))
}

/// Whether `email` can verify a company whose website is `website`.
pub fn check_verification_address(email: &Email, website: Option<&str>) -> Result<(), FieldError> {
    let domain = email.as_str().rsplit_once('@').map(|(_, d)| d).unwrap_or_default();
    if FREE_MAIL.contains(&domain) {
        return Err(FieldError::new("email", "Use an address at your company’s own domain, not a free mail service."));
    }
    let Some(site) = website.and_then(website_domain) else {
        return Err(FieldError::new("email", "Add your company’s website to the profile first."));
    };
    if !same_organisation(domain, &site) {
        return Err(FieldError::new("email", format!("Use an address at {site}, your company’s website.")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(email: &str, website: Option<&str>) -> Result<(), FieldError> {
        check_verification_address(&Email::parse(email).expect("an address"), website)
    }

    #[test]
    fn websites_reduce_to_their_domain() {
        assert_eq!(website_domain("https://www.Acme.example/careers?x=1").as_deref(), Some("acme.example"));
        assert_eq!(website_domain("http://jobs.acme.example:8080").as_deref(), Some("jobs.acme.example"));
        assert_eq!(website_domain("acme.example"), None, "an address needs its scheme");
        assert_eq!(website_domain("https://localhost"), None);
    }

    #[test]
    fn only_an_address_at_the_company_domain_counts() {
        let site = Some("https://www.acme.example");
        assert!(check("jane@acme.example", site).is_ok());
        assert!(check("jane@eng.acme.example", site).is_ok(), "a subdomain of the website");
        assert!(check("jane@acme.example", Some("https://careers.acme.example")).is_ok());
        assert!(check("jane@gmail.com", Some("https://gmail.com")).is_err(), "free mail never counts");
        assert!(check("jane@acme-jobs.example", site).is_err(), "another domain");
        assert!(check("jane@notacme.example", site).is_err(), "a suffix is not a subdomain");
        assert!(check("jane@acme.example", None).is_err(), "no website to compare with");
    }
}
