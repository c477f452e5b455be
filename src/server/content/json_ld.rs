//! schema.org `JobPosting` for Google for Jobs: a remote job is
//! `TELECOMMUTE` with the places applicants may live in.

use serde_json::{Value, json};

use crate::model::{EmploymentType, HireMode, JobDetail, Location, Region, Time};

/// The JSON-LD of a job, safe to place inside `<script type="application/ld+json">`.
pub fn job_posting(job: &JobDetail, expires_at: Time, public_url: &str) -> String {
    let card = &job.card;
    let url = format!("{public_url}{}", card.path());
    let requirements: Vec<Value> = card.locations.iter().flat_map(|l| applicant_location(*l)).collect();
    let mut posting = json!({
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": card.title,
        "description": job.description_html,
        "identifier": { "@type": "PropertyValue", "name": card.company_name, "value": card.id.to_string() },
        "datePosted": card.published_at.date(),
        "validThrough": format!("{}T23:59:59Z", expires_at.date()),
        "employmentType": card.job_type.schema_org(),
        "hiringOrganization": {
            "@type": "Organization",
            "name": card.company_name,
            "sameAs": format!("{public_url}/companies/{}", card.company_slug),
        },
        "jobLocationType": "TELECOMMUTE",
        "applicantLocationRequirements": requirements,
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": card.salary.currency.slug(),
            "value": {
                "@type": "QuantitativeValue",
                "minValue": card.salary.min,
                "maxValue": card.salary.max,
                "unitText": card.salary.period.schema_org(),
            },
        },
        "directApply": job.apply_url.is_none(),
        "url": url,
    });
    let hours: Vec<String> = [
        card.timezone.map(|tz| format!("Overlap with {}", tz.display())),
        card.core_hours.map(|core| format!("Core hours: {}", core.sentence())),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !hours.is_empty() {
        posting["workHours"] = json!(hours.join("; "));
    }
    // A company that also takes contractors says so in the employment type.
    if card.hiring.has(HireMode::Contractor) && card.job_type != EmploymentType::Contract {
        posting["employmentType"] = json!([card.job_type.schema_org(), EmploymentType::Contract.schema_org()]);
    }
    // How one may be employed, and whether a visa is sponsored: what
    // schema.org asks for under the eligibility to work.
    if !card.hiring.modes.is_empty() {
        posting["eligibilityToWorkRequirement"] = json!(card.hiring.sentence());
    }
    // `</script>` inside a string would end the element early.
    posting.to_string().replace('<', "\\u003c")
}

/// Google accepts countries (and named areas) here; a region or "worldwide" is
/// written as the countries we know in it, which is what Google can match.
fn applicant_location(location: Location) -> Vec<Value> {
    let country = |code: String| json!({ "@type": "Country", "name": code });
    match location {
        Location::Country(_) => location.country_code().map(country).into_iter().collect(),
        Location::Region(region) => {
            let accepted = |c: &Location| region == Region::Worldwide || c.accepted_by().contains(&region.slug());
            Location::countries().filter(accepted).filter_map(|c| c.country_code()).map(country).collect()
        }
    }
}
