//! One module per route.

mod account;
mod admin;
mod applicants;
mod apply;
mod company;
mod company_profile;
mod dashboard;
mod guide_editor;
mod guides;
mod home;
mod job;
mod jobs;
mod landing;
mod not_found;
mod posting_form;
mod posting_preview;
mod privacy;
mod salaries;

pub use account::{ConfirmPage, JoinPage, LoginPage, ResetPage, SignupPage, TooManyRequestsPage};
pub use admin::{AuditPage, CompaniesPage, ReviewPage};
pub use applicants::{ApplicationDetailPage, ApplicationsPage};
pub use apply::{ApplicationPage, WithdrawnPage};
pub use company::CompanyPage;
pub use company_profile::{CompanyProfilePage, VerifyPage};
pub use dashboard::DashboardPage;
pub use guide_editor::{GuideEditorPage, GuidesAdminPage};
pub use guides::{GuideList, GuidePage, GuidesPage};
pub use home::HomePage;
pub use job::{JobArticle, JobPage};
pub use jobs::JobsPage;
pub use landing::LandingPage;
pub use not_found::NotFound;
pub use posting_form::{EditPostingPage, NewPostingPage};
pub use posting_preview::PostingPreviewPage;
pub use privacy::PrivacyPage;
pub use salaries::SalariesPage;
