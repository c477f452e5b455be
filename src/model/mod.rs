//! Types shared by the server and the browser: the domain's vocabulary (enums with
//! their slugs and labels), the parsed job search, and the data pages render.
//! Everything here compiles to wasm and pulls in no server-only crate.

mod account;
mod alert;
mod application;
mod ats;
mod breadcrumbs;
mod check;
mod company;
mod countries;
mod dashboard;
mod embed;
mod filter;
mod guide;
mod hiring;
mod hours;
mod job;
mod landing;
mod location;
mod moderation;
mod posting;
mod redirect;
mod salaries;
mod salary;
mod saved;
mod seeker;
mod slug;
mod states;
mod time;
mod verification;
mod vocab;

pub use account::{CompanyName, Email, FieldError, Password, Viewer};
pub use alert::{
    AlertConfirmation, AlertFrequency, AlertSummary, AlertsPage, DIGEST_SIZE, MAX_ALERTS_PER_ADDRESS,
    describe as describe_search,
};
pub use application::{
    ApplicationDetail, ApplicationDraft, ApplicationForm, ApplicationList, ApplicationStatus, ApplicationSummary,
    ApplyFeedback, COUNTRY_CHARS, COVER_NOTE_CHARS, CandidateView, LINK_CHARS, MAX_CV_BYTES, NAME_CHARS, NOTES_CHARS,
    RESPONSE_DAYS, RETENTION_DAYS, ResponseRate, StatusUpdate, UNANSWERED_DAYS, looks_like_pdf,
};
pub use ats::{AtsKind, AtsOpening, AtsSource, BOARD_CHARS, ImportPage, OpeningState, board_name};
pub use breadcrumbs::breadcrumb_list;
pub use check::Check;
pub use company::{
    ABOUT_CHARS, CompanyProfile, Invitation, LogoProblem, PendingInvite, Profile, ProfileDraft, TeamMember, logo_path,
};
pub use countries::{COUNTRY_NAMES, country_named};
pub use dashboard::{CHART_DAYS, Dashboard, DashboardJob, EditState, JobStats, PostingPreview};
pub use embed::{
    CARD_HEIGHT, CARD_WIDTH, EmbedBuilder, EmbedJob, WIDGET_JOBS, WIDGET_MAX_JOBS, escape_html, take_limit,
    widget_query, widget_title,
};
pub use filter::{
    CONFIRMED_DAYS, Facets, JobFilter, MAX_QUERY_CHARS, MAX_SALARY, OVERLAP_HOURS, PAGE_SIZE, Sort, Suggestion,
};
pub use guide::{FaqEntry, GuideDraft, GuideEdit, GuidePage, GuideSummary, TocEntry};
pub use hiring::{HireMode, Hiring, MAX_DECISION_DAYS, Process, STEPS_CHARS};
pub use hours::{CoreHours, OFFSETS, OVERLAP_OPTIONS, Offset, USUAL_DAY, WorkDay};
pub use job::{
    CompanyPage, HomePage, JobCard, JobDetail, JobLookup, JobPage, LandingPage, SearchResults, TimezoneWindow,
};
pub use landing::Landing;
pub use location::{Location, Region, country_name};
pub use moderation::{
    AuditEntry, Change, Decision, Flag, FlagKind, Report, ReportReason, ReviewItem, ReviewQueue, RevisionDecision,
    RevisionItem,
};
pub use posting::{DESCRIPTION_CHARS, Posting, PostingDraft, TITLE_CHARS, TypedDraft};
pub use redirect::{local_path, path_segment};
pub use salaries::{MIN_POSTINGS, Quartiles, SALARY_RULE, SalaryFigure, SalaryPage, usd_thousands};
pub use salary::{Currency, SalaryPeriod, SalaryRange};
pub use saved::{ClosedSaved, MAX_SAVED, SAVED_COOKIE, SavedJobs, SavedLink, SavedPage};
pub use seeker::{
    CODE_DIGITS, DEFAULT_PROMISE_DAYS, GRACE_DAYS, HEADLINE_CHARS, MAX_AUTHORISED, MAX_RESUME_BYTES, PasskeySummary,
    ProfileFeedback, ProfileForm, ProfilePage, SeekerApply, SeekerProfile, TrackedApplication, TrackerPage,
    code_digits, from_json_resume, silence, to_json_resume,
};
pub use slug::{job_id_from_reference, job_id_from_slug, job_slug, slugify};
pub use states::{AccountKind, JobEvent, PostingStatus, RevisionStatus, Role, VerificationStatus};
pub use time::{DAY, HOUR, MINUTE, Span, Time};
pub use verification::{
    FREE_MAIL, RenameRequest, Verification, VerificationQueue, VerificationRequest, VerifiedCompany,
    check_verification_address, website_domain,
};
pub use vocab::{Category, EmploymentType, Level, Stack, Stored};
