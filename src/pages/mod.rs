//! One module per route.

mod company;
mod home;
mod job;
mod jobs;
mod not_found;

pub use company::CompanyPage;
pub use home::HomePage;
pub use job::JobPage;
pub use jobs::JobsPage;
pub use not_found::NotFound;
