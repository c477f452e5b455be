//! Landing pages: `/remote-{role}-jobs` for each category (`/remote-backend-developer-jobs`)
//! and `/remote-{stack}-jobs` for each stack (`/remote-rust-jobs`), each a
//! preset `/jobs` search with an introduction of its own.

use serde::{Deserialize, Serialize};

use super::filter::JobFilter;
use super::slug::slugify;
use super::vocab::{Category, Stack};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Landing {
    Category(Category),
    Stack(Stack),
}

impl Landing {
    /// Every landing page there can be.
    pub fn all() -> impl Iterator<Item = Landing> {
        Category::ALL.iter().map(|c| Landing::Category(*c)).chain(Stack::ALL.iter().map(|s| Landing::Stack(*s)))
    }

    /// `remote-backend-developer-jobs`, `remote-rust-jobs`.
    pub fn segment(self) -> String {
        match self {
            Landing::Category(c) => format!("remote-{}-jobs", slugify(c.role())),
            Landing::Stack(s) => format!("remote-{}-jobs", s.slug()),
        }
    }

    pub fn path(self) -> String {
        format!("/{}", self.segment())
    }

    /// The landing page a path segment names, if any.
    pub fn from_segment(segment: &str) -> Option<Landing> {
        let middle = segment.strip_prefix("remote-")?.strip_suffix("-jobs")?;
        Self::all().find(|l| match l {
            Landing::Category(c) => slugify(c.role()) == middle,
            Landing::Stack(s) => s.slug() == middle,
        })
    }

    /// "Remote backend developer jobs", "Remote Rust jobs".
    pub fn heading(self) -> String {
        match self {
            Landing::Category(c) => format!("Remote {} jobs", c.role()),
            Landing::Stack(s) => format!("Remote {} jobs", s.label()),
        }
    }

    /// The `/jobs` search the page shows.
    pub fn filter(self) -> JobFilter {
        let mut filter = JobFilter::parse("").0;
        match self {
            Landing::Category(c) => filter.category = Some(c),
            Landing::Stack(s) => filter.stacks = vec![s],
        }
        filter
    }

    /// The page's introduction: what the work is and what to expect here.
    pub fn intro(self) -> String {
        match self {
            Landing::Category(c) => category_intro(c).to_owned(),
            Landing::Stack(s) => format!(
                "Every remote {label} job on FarCoder, newest first. Each posting states its salary range and \
                 where you may live while doing the work, so you can skip the ones that do not fit before you \
                 read a word of the description. Narrow the list by level, region or salary, or open the full \
                 search to combine {label} with other stacks.",
                label = s.label()
            ),
        }
    }
}

fn category_intro(category: Category) -> &'static str {
    match category {
        Category::Backend => {
            "Backend developers build the services, APIs and data models that everything else stands on. \
             Remote backend teams tend to write things down: design documents, runbooks and careful pull \
             requests, which suits people who think before they type. Every posting here shows its salary \
             and the places you may work from."
        }
        Category::Frontend => {
            "Frontend developers turn designs and data into interfaces people can use with a keyboard, a \
             screen reader or a slow phone. Remote frontend roles reward clear written feedback and a good \
             eye for detail in review. Every posting here shows its salary and the places you may work from."
        }
        Category::FullStack => {
            "Full-stack developers carry a feature from the database to the button. Small remote teams \
             value them most, since one person can ship a whole change without waiting on a hand-off. Every \
             posting here shows its salary and the places you may work from."
        }
        Category::Mobile => {
            "Mobile developers ship apps that live on devices they do not control, through stores with rules \
             of their own. Remote mobile teams lean on automated builds and careful release notes. Every \
             posting here shows its salary and the places you may work from."
        }
        Category::DevOps => {
            "DevOps and site reliability engineers keep systems deployable, observable and up. Remote \
             infrastructure work is often on-call work, so read how each team shares the pager. Every \
             posting here shows its salary and the places you may work from."
        }
        Category::DataEngineering => {
            "Data engineers build the pipelines and warehouses that analysts and models depend on, and they \
             are the first to hear when a number looks wrong. Every posting here shows its salary and the \
             places you may work from."
        }
        Category::MachineLearning => {
            "Machine learning engineers take models from a notebook to something that serves real traffic \
             and keeps working when the data drifts. Every posting here shows its salary and the places you \
             may work from."
        }
        Category::Security => {
            "Security engineers find weaknesses before someone else does and make the safe way the easy way \
             for everyone else. Many remote security roles mix reviews, tooling and incident response. Every \
             posting here shows its salary and the places you may work from."
        }
        Category::Qa => {
            "QA engineers design the tests, tools and habits that let a team ship without fear. Remote QA \
             work leans on automation and precise bug reports. Every posting here shows its salary and the \
             places you may work from."
        }
        Category::EngineeringManagement => {
            "Engineering managers help teams decide what to build and then clear the way. Leading a remote \
             team means writing more and meeting less, on purpose. Every posting here shows its salary and \
             the places you may work from."
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_round_trip_and_unknown_ones_are_none() {
        assert_eq!(Landing::Category(Category::Backend).path(), "/remote-backend-developer-jobs");
        assert_eq!(Landing::Category(Category::DevOps).path(), "/remote-devops-engineer-jobs");
        assert_eq!(Landing::Stack(Stack::Rust).path(), "/remote-rust-jobs");
        for landing in Landing::all() {
            assert_eq!(Landing::from_segment(&landing.segment()), Some(landing));
        }
        for bad in ["remote-cobol-jobs", "remote-jobs", "remote--jobs", "rust", "remote-rust-jobs-x"] {
            assert_eq!(Landing::from_segment(bad), None, "{bad}");
        }
    }
}
