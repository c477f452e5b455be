//! URL slugs. A job's slug ends in its id (`senior-rust-engineer-acme-42`), so a
//! stale slug still finds the job and can be redirected to the current one.

/// Lowercase ASCII words joined by hyphens; everything else is dropped.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for ch in text.chars() {
        let ch = match ch {
            '#' => Some("sharp"),
            '+' => Some("plus"),
            _ => None,
        }
        .map(str::to_owned)
        .unwrap_or_else(|| ch.to_ascii_lowercase().to_string());
        for c in ch.chars() {
            if c.is_ascii_alphanumeric() {
                slug.push(c);
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// The canonical slug of a job.
pub fn job_slug(title: &str, company_slug: &str, id: i64) -> String {
    let words = slugify(title);
    let words: String = words.chars().take(80).collect();
    let words = words.trim_end_matches('-');
    format!("{words}-{company_slug}-{id}")
}

/// The id a job slug ends in, or `None` when it does not end in a number.
pub fn job_id_from_slug(slug: &str) -> Option<i64> {
    let digits = slug.rsplit('-').next()?;
    if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|id| *id > 0)
}

/// The job a moderator names: its number, its slug, or its page's address.
pub fn job_id_from_reference(reference: &str) -> Option<i64> {
    let path = reference.trim().split(['?', '#']).next()?.trim_end_matches('/');
    job_id_from_slug(path.rsplit('/').next()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_plain_ascii_words() {
        assert_eq!(slugify("Senior Rust Engineer (Remote!)"), "senior-rust-engineer-remote");
        assert_eq!(slugify("C# / .NET Developer"), "csharp-net-developer");
        assert_eq!(slugify("Zürich Ünïcode"), "z-rich-n-code");
    }

    #[test]
    fn job_slug_ends_in_the_id() {
        let slug = job_slug("Senior Rust Engineer", "acme", 42);
        assert_eq!(slug, "senior-rust-engineer-acme-42");
        assert_eq!(job_id_from_slug(&slug), Some(42));
        assert_eq!(job_id_from_slug("42"), Some(42));
    }

    #[test]
    fn slugs_without_an_id_are_rejected() {
        assert_eq!(job_id_from_slug("senior-rust"), None);
        assert_eq!(job_id_from_slug("x-0"), None);
        assert_eq!(job_id_from_slug("x-99999999999999999999999"), None);
        assert_eq!(job_id_from_slug(""), None);
    }

    #[test]
    fn moderators_name_jobs_by_number_slug_or_address() {
        assert_eq!(job_id_from_reference(" 42 "), Some(42));
        assert_eq!(job_id_from_reference("senior-rust-engineer-acme-42"), Some(42));
        assert_eq!(
            job_id_from_reference("https://farcoder.dev/jobs/senior-rust-engineer-acme-42/?ref=x#top"),
            Some(42)
        );
        assert_eq!(job_id_from_reference("https://farcoder.dev/jobs"), None);
    }
}
