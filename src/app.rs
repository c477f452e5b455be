//! The HTML shell and the route table.

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::components::{Footer, Header, IslandScripts};
use crate::pages::{
    AlertConfirmPage, AlertUnsubscribePage, AlertsManagePage, ApplicationDetailPage, ApplicationPage, ApplicationsPage,
    AuditPage, CompaniesPage, CompanyPage, CompanyProfilePage, ConfirmPage, DashboardPage, EditPostingPage, EmbedPage,
    ErasedPage, GuideEditorPage, GuidePage, GuidesAdminPage, GuidesPage, HomePage, ImportBoardPage, ImportsPage,
    InboxPage, JobPage, JobsPage, JoinPage, LandingPage, LoginPage, MyDataPage, NewPostingPage, NotFound,
    PostingPreviewPage, PrivacyPage, ResetPage, ReviewPage, ReviewPreviewPage, SalariesPage, SavedPage, SeekerLinkPage,
    SeekerProfilePage, SeekerSignInPage, SignupPage, StillHiringPage, TooManyRequestsPage, TrackerPage, VerifyPage,
    WithdrawnPage,
};

/// The document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // Only islands run in the browser: the data the pages load stays on the
    // server instead of being written into the page for a hydration that
    // never comes.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HashedStylesheet options=options.clone() id="leptos"/>
                <MetaTags/>
            </head>
            <body>
                <App/>
                <IslandScripts/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <Header/>
            <main id="main">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/jobs") view=JobsPage ssr=SsrMode::Async/>
                    <Route path=path!("/jobs/:slug") view=JobPage ssr=SsrMode::Async/>
                    <Route path=path!("/companies/:slug") view=CompanyPage ssr=SsrMode::Async/>
                    <Route path=path!("/guides") view=GuidesPage ssr=SsrMode::Async/>
                    <Route path=path!("/guides/:slug") view=GuidePage ssr=SsrMode::Async/>
                    <Route path=path!("/salaries") view=SalariesPage ssr=SsrMode::Async/>
                    <Route path=path!("/salaries/:category") view=SalariesPage ssr=SsrMode::Async/>
                    <Route path=path!("/signup") view=SignupPage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/reset") view=ResetPage/>
                    <Route path=path!("/confirm") view=ConfirmPage ssr=SsrMode::Async/>
                    <Route path=path!("/verify") view=VerifyPage ssr=SsrMode::Async/>
                    <Route path=path!("/alerts/confirm") view=AlertConfirmPage ssr=SsrMode::Async/>
                    <Route path=path!("/alerts/manage") view=AlertsManagePage ssr=SsrMode::Async/>
                    <Route path=path!("/alerts/unsubscribe") view=AlertUnsubscribePage/>
                    <Route path=path!("/applications/withdrawn") view=WithdrawnPage/>
                    <Route path=path!("/privacy") view=PrivacyPage/>
                    <Route path=path!("/embed") view=EmbedPage ssr=SsrMode::Async/>
                    <Route path=path!("/still-hiring") view=StillHiringPage/>
                    <Route path=path!("/saved") view=SavedPage ssr=SsrMode::Async/>
                    <Route path=path!("/applications/:token") view=ApplicationPage ssr=SsrMode::Async/>
                    <Route path=path!("/me") view=TrackerPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/signin") view=SeekerSignInPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/link") view=SeekerLinkPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/profile") view=SeekerProfilePage ssr=SsrMode::Async/>
                    <Route path=path!("/me/data") view=MyDataPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/erased") view=ErasedPage/>
                    <Route path=path!("/too-many-requests") view=TooManyRequestsPage/>
                    <Route path=path!("/join") view=JoinPage ssr=SsrMode::Async/>
                    <Route path=path!("/dashboard") view=DashboardPage ssr=SsrMode::Async/>
                    <Route path=path!("/dashboard/company") view=CompanyProfilePage ssr=SsrMode::Async/>
                    <Route path=path!("/dashboard/import") view=ImportsPage ssr=SsrMode::Async/>
                    <Route path=path!("/dashboard/import/:id") view=ImportBoardPage ssr=SsrMode::Async/>
                    <Route path=path!("/dashboard/jobs/new") view=NewPostingPage ssr=SsrMode::Async/>
                    <Route path=path!("/dashboard/jobs/:id/edit") view=EditPostingPage ssr=SsrMode::Async/>
                    <Route path=path!("/dashboard/jobs/:id/preview") view=PostingPreviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/dashboard/jobs/:id/applications") view=ApplicationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/dashboard/applications") view=InboxPage ssr=SsrMode::Async/>
                    <Route path=path!("/dashboard/applications/:id") view=ApplicationDetailPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin") view=ReviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/review") view=ReviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/review/:id") view=ReviewPreviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/audit") view=AuditPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/companies") view=CompaniesPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/guides") view=GuidesAdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/guides/:slug") view=GuideEditorPage ssr=SsrMode::Async/>
                    // Last: it takes any single segment, and answers 404 for all
                    // but the landing pages.
                    <Route path=path!("/:landing") view=LandingPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <Footer/>
        </Router>
    }
}
