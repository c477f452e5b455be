//! Reusable pieces of the public pages.

mod chart;
mod field;
mod filters;
mod in_place;
mod island_scripts;
mod job_card;
mod job_search;
mod layout;
mod meta;
#[cfg(feature = "hydrate")]
mod page_swap;
mod pagination;
mod salary;
mod save;
mod states;
mod structured;

pub use chart::DailyBars;
pub use field::{Field, LiveCheck, live};
pub use filters::SearchForm;
pub use in_place::InPlace;
pub use island_scripts::IslandScripts;
#[cfg(feature = "ssr")]
pub use island_scripts::Loader;
pub use job_card::{JobCardView, JobList, VerifiedBadge};
pub use job_search::{ALERT_ID, JobSearch, RESULTS_ID};
pub use layout::{Footer, Header};
pub use meta::{PageMeta, redirect, set_status, site_url};
pub use pagination::Pagination;
pub use salary::{SalaryBox, SalaryChart, describe as describe_salary};
pub use save::SaveForm;
pub use states::{ErrorView, Loading, loaded};
pub use structured::{ListJsonLd, breadcrumb_list};
