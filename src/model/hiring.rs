//! How a company would hire someone where they live (as an employee in some
//! countries, as a contractor, through an employer of record; with a visa
//! or not), and the process it promises an applicant.

use serde::{Deserialize, Serialize};

use super::location::Location;
use super::vocab::vocabulary;

vocabulary! {
    /// One way a company takes people on.
    HireMode {
        Employee => "employee", "Employee";
        Contractor => "contractor", "Contractor";
        Eor => "eor", "Employer of record";
    }
}

/// The longest hiring process a posting may describe.
pub const STEPS_CHARS: usize = 300;
/// The slowest decision a posting may promise.
pub const MAX_DECISION_DAYS: u8 = 90;

/// How the company employs people.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hiring {
    /// In `HireMode::ALL`'s order; empty for postings from before it was asked.
    pub modes: Vec<HireMode>,
    /// The countries it employs people in directly (with `Employee`).
    pub employee_in: Vec<Location>,
    /// Whether it sponsors a visa where one is needed.
    pub visa: bool,
}

impl Hiring {
    pub fn has(&self, mode: HireMode) -> bool {
        self.modes.contains(&mode)
    }

    /// Why this way of hiring contradicts a posting open to people living in
    /// `places`, if it does: a country it employs people in that none of
    /// them may apply from, or (hiring only employees, with no visa) a place
    /// whose people it could not hire.
    pub fn contradiction(&self, places: &[Location]) -> Option<String> {
        let names = |list: &[Location]| list.iter().map(|l| l.label()).collect::<Vec<_>>().join(", ");
        if self.has(HireMode::Employee) && !self.visa {
            let outside: Vec<Location> =
                self.employee_in.iter().copied().filter(|c| !places.iter().any(|p| c.lies_in(*p))).collect();
            if !outside.is_empty() {
                return Some(format!(
                    "Nobody in {} may apply: applicants must live in {}. Add it to where applicants may live, or untick it here.",
                    names(&outside),
                    names(places)
                ));
            }
        }
        if self.modes == [HireMode::Employee] && !self.visa {
            let unhired: Vec<Location> = places
                .iter()
                .copied()
                .filter(|p| !p.countries_in().iter().all(|c| self.employee_in.contains(c)))
                .collect();
            if !unhired.is_empty() {
                return Some(format!(
                    "People in {} could not be hired: you hire only as employees in {}, with no visa. Add those \
                     countries here, hire contractors or through an employer of record, sponsor visas, or narrow \
                     where applicants may live.",
                    names(&unhired),
                    names(&self.employee_in)
                ));
            }
        }
        None
    }

    /// Short labels for a card: "Employee in Germany, Netherlands",
    /// "Contractor", "Visa sponsored".
    pub fn tags(&self) -> Vec<String> {
        let mut tags: Vec<String> = self
            .modes
            .iter()
            .map(|mode| match mode {
                HireMode::Employee if !self.employee_in.is_empty() => {
                    let names: Vec<&str> = self.employee_in.iter().map(|c| c.label()).collect();
                    format!("Employee in {}", names.join(", "))
                }
                mode => mode.label().to_owned(),
            })
            .collect();
        if self.visa {
            tags.push("Visa sponsored".to_owned());
        }
        tags
    }

    /// A sentence for the job page: "As an employee in Germany or
    /// Netherlands, or as a contractor. Sponsors a visa where one is needed."
    pub fn sentence(&self) -> String {
        if self.modes.is_empty() {
            return "Not stated.".to_owned();
        }
        let ways: Vec<String> = self
            .modes
            .iter()
            .map(|mode| match mode {
                HireMode::Employee if !self.employee_in.is_empty() => {
                    let names: Vec<&str> = self.employee_in.iter().map(|c| c.label()).collect();
                    format!("as an employee in {}", or_list(&names))
                }
                HireMode::Employee => "as an employee".to_owned(),
                HireMode::Contractor => "as a contractor".to_owned(),
                HireMode::Eor => "through an employer of record".to_owned(),
            })
            .collect();
        let ways = ways.join(", or ");
        let visa = if self.visa { "Sponsors a visa where one is needed." } else { "No visa sponsorship." };
        format!("{}{}. {visa}", ways[..1].to_uppercase(), &ways[1..])
    }
}

/// "a", "a or b", "a, b or c".
fn or_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// The hiring process as the posting promises it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Process {
    /// "Intro call, paid take-home of 3 h, two interviews"; empty when not said.
    pub steps: String,
    /// The usual days from applying to a decision.
    pub decision_days: Option<u8>,
}

impl Process {
    pub fn is_stated(&self) -> bool {
        !self.steps.is_empty() || self.decision_days.is_some()
    }

    /// "Usually decides within 10 days."
    pub fn promise(&self) -> Option<String> {
        self.decision_days.map(|d| match d {
            1 => "Usually decides within a day.".to_owned(),
            d => format!("Usually decides within {d} days."),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hiring_reads_as_tags_and_as_a_sentence() {
        let hiring = Hiring {
            modes: vec![HireMode::Employee, HireMode::Contractor],
            employee_in: vec![Location::Country("de"), Location::Country("nl")],
            visa: true,
        };
        assert_eq!(hiring.tags(), ["Employee in Germany, Netherlands", "Contractor", "Visa sponsored"]);
        assert_eq!(
            hiring.sentence(),
            "As an employee in Germany or Netherlands, or as a contractor. Sponsors a visa where one is needed."
        );
        let eor = Hiring { modes: vec![HireMode::Eor], ..Hiring::default() };
        assert_eq!(eor.sentence(), "Through an employer of record. No visa sponsorship.");
        assert_eq!(Hiring::default().sentence(), "Not stated.");
    }

    #[test]
    fn a_process_promises_days() {
        assert_eq!(
            Process { steps: String::new(), decision_days: Some(10) }.promise().unwrap(),
            "Usually decides within 10 days."
        );
        assert!(!Process::default().is_stated());
    }
}
