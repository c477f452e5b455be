//! Seekers' accounts: signing in with an e-mailed code or link, the profile
//! that fills the apply form, one-click apply, the tracker's honest end
//! state, saved jobs that follow the account, and the data to take away or
//! erase, leaving nothing behind.

use crate::applications::{PDF, employer_with_job, fields, job_taking_applications, token_of};
use crate::harness::{JobSpec, TestApp, link_in, one_form};
use farcoder::model::{DAY, Time};

/// A browser: the cookies it holds, by name.
#[derive(Clone, Default)]
pub struct Browser {
    cookies: Vec<(String, String)>,
}

impl Browser {
    fn header(&self) -> String {
        self.cookies.iter().map(|(n, v)| format!("{n}={v}")).collect::<Vec<_>>().join("; ")
    }

    /// Keeps (or, emptied, drops) the cookies `response` sets.
    fn keep(&mut self, response: &reqwest::Response) {
        for set in response.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()) {
            let pair = set.split(';').next().unwrap_or_default();
            let Some((name, value)) = pair.split_once('=') else { continue };
            self.cookies.retain(|(n, _)| n != name);
            if !value.is_empty() && !set.contains("Max-Age=0") {
                self.cookies.push((name.to_owned(), value.to_owned()));
            }
        }
    }

    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    pub fn with(mut self, name: &str, value: &str) -> Browser {
        self.cookies.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Calls a server function as the hydrated page does.
    pub async fn call(&mut self, app: &TestApp, function: &str, form: &[(&str, &str)]) -> reqwest::Response {
        let response = app
            .client
            .post(format!("{}/api/fn/{function}", app.url))
            .header("origin", &app.origin)
            .header("accept", "application/json")
            .header("cookie", self.header())
            .form(form)
            .send()
            .await
            .expect("POST");
        self.keep(&response);
        response
    }

    /// Submits a form as a browser without JavaScript does, from `page`.
    pub async fn submit(
        &mut self,
        app: &TestApp,
        function: &str,
        page: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        let response = app
            .client
            .post(format!("{}/api/fn/{function}", app.url))
            .header("origin", &app.origin)
            .header("referer", format!("{}{page}", app.url))
            .header("accept", "text/html,application/xhtml+xml")
            .header("cookie", self.header())
            .form(form)
            .send()
            .await
            .expect("POST form");
        self.keep(&response);
        response
    }

    pub async fn get(&mut self, app: &TestApp, path: &str) -> reqwest::Response {
        let response =
            app.client.get(format!("{}{path}", app.url)).header("cookie", self.header()).send().await.expect("GET");
        self.keep(&response);
        response
    }

    pub async fn page(&mut self, app: &TestApp, path: &str) -> String {
        let response = self.get(app, path).await;
        assert_eq!(response.status(), 200, "GET {path}");
        response.text().await.expect("body")
    }

    /// Posts a multipart form to a plain route, as a browser does.
    pub async fn post_multipart(
        &mut self,
        app: &TestApp,
        path: &str,
        form: reqwest::multipart::Form,
    ) -> reqwest::Response {
        let response = app
            .client
            .post(format!("{}{path}", app.url))
            .header("origin", &app.origin)
            .header("cookie", self.header())
            .multipart(form)
            .send()
            .await
            .expect("POST multipart");
        self.keep(&response);
        response
    }
}

/// The six digits in the mail just queued for `email`, which says `text`
/// (waiting for that very message: an older code may have arrived first).
async fn code_in_mail(app: &TestApp, email: &str, text: &str) -> String {
    let (id,): (i64,) = sqlx::query_as(&format!("SELECT MAX(id) FROM outbox WHERE recipient = '{email}'"))
        .fetch_one(&app.db.pool)
        .await
        .expect("the code's e-mail is queued");
    let mut mail = None;
    for _ in 0..100 {
        mail = app
            .mailbox
            .all()
            .into_iter()
            .find(|m| m.outbox_id == id && m.delivered_to == email && m.text.contains(text))
            .map(|m| m.text);
        if mail.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let mail = mail.expect("the code's e-mail arrives");
    let at = mail.find("is: ").expect("the code") + 4;
    mail[at..at + 7].replace(' ', "")
}

/// Signs `email` in with the e-mailed code, in `browser`.
pub async fn sign_in(app: &TestApp, browser: &mut Browser, email: &str) {
    let asked = browser.call(app, "seeker_code", &[("email", email), ("next", "/me")]).await;
    assert_eq!(asked.status(), 200);
    let code = code_in_mail(app, email, "Your code to sign in").await;
    let signed_in = browser.call(app, "seeker_sign_in", &[("code", &code), ("next", "/me")]).await;
    assert!(signed_in.status().is_success() || signed_in.status().is_redirection(), "{}", signed_in.status());
    assert!(browser.cookie("farcoder_me").is_some(), "a seeker's session");
}

async fn seeker_id(app: &TestApp, email: &str) -> i64 {
    let row: (i64,) = sqlx::query_as(&format!("SELECT id FROM seekers WHERE email = '{email}'"))
        .fetch_one(&app.db.pool)
        .await
        .expect("seeker");
    row.0
}

fn profile_form(name: &str, cv: Option<Vec<u8>>) -> reqwest::multipart::Form {
    let mut form = reqwest::multipart::Form::new()
        .text("name", name.to_owned())
        .text("country", "pt")
        .text("time_zone", "+00:00")
        .text("headline", "Compiler engineer")
        .text("github", "https://github.com/grace")
        .text("linkedin", "")
        .text("portfolio", "")
        .text("desired_salary", "120000")
        .text("salary_currency", "EUR")
        .text("authorised_in", "pt")
        .text("authorised_in", "es");
    if let Some(bytes) = cv {
        let part =
            reqwest::multipart::Part::bytes(bytes).file_name("cv.pdf").mime_str("application/pdf").expect("mime");
        form = form.part("cv", part);
    }
    form
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_code_signs_in_only_the_browser_that_asked_and_ends_after_five_wrong_tries() {
    let app = TestApp::new().await;
    let mut mine = Browser::default();
    let asked = mine.call(&app, "seeker_code", &[("email", "grace@example.com"), ("next", "/me")]).await;
    assert_eq!(asked.status(), 200);
    assert!(mine.cookie("farcoder_signin").is_some(), "the sign-in is bound to this browser");
    assert_eq!(app.count("seekers", "1 = 1").await, 0, "asking makes no account");
    let code = code_in_mail(&app, "grace@example.com", "Your code to sign in").await;
    assert_eq!(code.len(), 6);

    // The page that asks for the code is this browser's own: a copy kept
    // for anonymous visitors never stands in for it.
    assert!(app.page("/me/signin", 200).await.contains("E-mail me a code"));
    assert!(mine.page(&app, "/me/signin").await.contains("We sent a six-digit code to"));

    // The right code in another browser signs no one in.
    let mut other = Browser::default();
    let stolen = other.call(&app, "seeker_sign_in", &[("code", &code), ("next", "/me")]).await;
    assert_eq!(stolen.status(), 400);
    assert!(other.cookie("farcoder_me").is_none());

    // A stranger asking a code for the same address ends nobody else's.
    let mut stranger = Browser::default();
    stranger.call(&app, "seeker_code", &[("email", "grace@example.com"), ("next", "/me")]).await;

    let wrong = if code == "000000" { "111111" } else { "000000" };
    let refused = mine.call(&app, "seeker_sign_in", &[("code", wrong), ("next", "/me")]).await;
    assert_eq!(refused.status(), 400);
    assert!(refused.text().await.expect("body").contains("That code is not right"));
    let signed_in = mine.call(&app, "seeker_sign_in", &[("code", &code), ("next", "/me")]).await;
    assert!(signed_in.status().is_success() || signed_in.status().is_redirection());
    assert!(mine.cookie("farcoder_me").is_some());
    assert_eq!(app.count("seekers", "email = 'grace@example.com'").await, 1);
    let tracker = mine.get(&app, "/me").await;
    assert_eq!(tracker.headers()["cache-control"], "private, no-cache", "one person's page");
    let tracker = tracker.text().await.expect("body");
    assert!(tracker.contains("Your applications") && tracker.contains("grace@example.com"), "{tracker}");
    assert!(tracker.contains("No applications yet"));
    // Used once, a code is done; the page that asked for it, opened again
    // (a double click, the back button), goes on to where it was going.
    let again = mine.call(&app, "seeker_sign_in", &[("code", &code), ("next", "/me")]).await;
    assert_eq!(again.status(), 400);
    let back = mine.get(&app, "/me/signin?next=/saved").await;
    assert_eq!((back.status().as_u16(), back.headers()["location"].to_str().expect("location")), (303, "/saved"));

    // Five wrong tries end a code, even before the right one comes, and
    // even when they race each other.
    let mut careless = Browser::default();
    careless.call(&app, "seeker_code", &[("email", "ada@example.com"), ("next", "/me")]).await;
    let code = code_in_mail(&app, "ada@example.com", "Your code to sign in").await;
    let wrong: &'static str = if code == "000000" { "111111" } else { "000000" };
    let racing: Vec<_> = (0..12)
        .map(|_| {
            let (mut browser, app_url, origin, client) =
                (careless.clone(), app.url.clone(), app.origin.clone(), app.client.clone());
            tokio::spawn(async move {
                client
                    .post(format!("{app_url}/api/fn/seeker_sign_in"))
                    .header("origin", origin)
                    .header("accept", "application/json")
                    .header("cookie", browser.header())
                    .form(&[("code", wrong), ("next", "/me")])
                    .send()
                    .await
                    .map(|r| browser.keep(&r))
            })
        })
        .collect();
    for attempt in racing {
        attempt.await.expect("joined").expect("sent");
    }
    let (tries,): (i64,) = sqlx::query_as("SELECT MAX(attempts) FROM seeker_codes WHERE email = 'ada@example.com'")
        .fetch_one(&app.db.pool)
        .await
        .expect("tries");
    assert_eq!(tries, 5, "no more checks than tries, however they race");
    let late = careless.call(&app, "seeker_sign_in", &[("code", &code), ("next", "/me")]).await;
    assert_eq!(late.status(), 400);
    assert!(late.text().await.expect("body").contains("expired or was already used"));

    // Signed out, the tracker sends you to sign in.
    let out = mine.call(&app, "seeker_sign_out", &[]).await;
    assert!(out.status().is_success() || out.status().is_redirection());
    let gone = mine.get(&app, "/me").await;
    assert_eq!(gone.status(), 302);
    assert_eq!(gone.headers()["location"], "/me/signin?next=/me");

    // "Use another address" goes back to the address while a code waits.
    assert!(stranger.page(&app, "/me/signin").await.contains("We sent a six-digit code to"));
    assert!(stranger.page(&app, "/me/signin?again=1").await.contains("E-mail me a code"));

    // Ended codes and sessions go with the freshness task's pruning.
    sign_in(&app, &mut Browser::default(), "idle@example.com").await;
    let later = Time::now() + 40 * DAY;
    let pruned = farcoder::server::freshness::Prune { at: later }.prune(&app.db).await.expect("prune");
    assert!(pruned.seeker_codes >= 3 && pruned.seeker_sessions >= 1, "{pruned:?}");
    assert_eq!(app.count("seeker_codes", "1 = 1").await, 0);
    assert_eq!(app.count("seeker_sessions", "1 = 1").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_emailed_link_signs_in_only_when_its_button_is_pressed() {
    let app = TestApp::new().await;
    let mut asker = Browser::default();
    asker.call(&app, "seeker_code", &[("email", "linus@example.com"), ("next", "/me")]).await;
    let mail = app.mail_containing("linus@example.com", "/me/link?token=").await.expect("mail");
    let link = link_in(&mail, &format!("{}/me/link?token=", app.url)).replacen(&app.url, "", 1);

    // A mail scanner opens the link: nothing happens.
    let mut scanner = Browser::default();
    let page = scanner.page(&app, &link).await;
    assert!(page.contains("Press the button to sign in to FarCoder as linus@example.com"), "{page}");
    assert!(scanner.cookie("farcoder_me").is_none());
    assert_eq!(app.count("seekers", "1 = 1").await, 0);

    // The person presses the button, in any browser.
    let (action, form) = one_form(&page);
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    // Pressed in a browser that did not ask, it signs in but merges nothing
    // of that browser's into the account (a link someone else sent you
    // takes nothing of yours).
    let company = app.company("Acme").await;
    let job = app.post_job(&company, JobSpec::titled("Kernel Engineer")).await;
    let mut phone = Browser::default().with("farcoder_saved", &job.to_string());
    let pressed = phone.submit(&app, action.trim_start_matches("/api/fn/"), "/me/signin", &pairs).await;
    assert!(pressed.status().is_redirection(), "{}", pressed.status());
    assert_eq!(pressed.headers()["location"], "/me");
    assert!(phone.cookie("farcoder_me").is_some());
    assert_eq!(app.count("seeker_saved", "1 = 1").await, 0);
    // Once.
    let mut again = Browser::default();
    let twice = again.submit(&app, action.trim_start_matches("/api/fn/"), "/me/signin", &pairs).await;
    assert_eq!(twice.headers()["location"], "/me/signin?failed=1");
    assert!(again.cookie("farcoder_me").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_click_apply_sends_a_copy_of_the_profile_and_its_cv() {
    let app = TestApp::new().await;
    let slug = job_taking_applications(&app, "Compiler Engineer").await;
    let mut grace = Browser::default();
    sign_in(&app, &mut grace, "grace@example.com").await;

    // A wrong profile comes back with everything typed and every message.
    let bad = reqwest::multipart::Form::new()
        .text("name", "Grace Hopper")
        .text("github", "https://gitlab.com/grace")
        .text("desired_salary", "lots");
    let refused = grace.post_multipart(&app, "/me/profile", bad).await;
    assert_eq!(refused.headers()["location"], "/me/profile?refused=1");
    let page = grace.page(&app, "/me/profile?refused=1").await;
    assert!(page.contains("value=\"Grace Hopper\"") && page.contains("value=\"lots\""), "typed is kept");
    assert!(page.contains("starting with https://github.com/") && page.contains("Give a yearly amount"));

    // A 6 MB CV is refused with the reason, and the form kept.
    let mut six_mb = PDF.to_vec();
    six_mb.extend(std::iter::repeat_n(b' ', 6 * 1024 * 1024));
    let refused = grace.post_multipart(&app, "/me/profile", profile_form("Grace Hopper", Some(six_mb))).await;
    assert_eq!(refused.headers()["location"], "/me/profile?refused=1");
    let page = grace.page(&app, "/me/profile?refused=1").await;
    assert!(page.contains("larger than 5 MB") && page.contains("value=\"Grace Hopper\""), "{page}");
    assert_eq!(app.storage().keys().await.expect("keys").len(), 0, "nothing stored");

    let saved = grace.post_multipart(&app, "/me/profile", profile_form("Grace Hopper", Some(PDF.to_vec()))).await;
    assert_eq!(saved.headers()["location"], "/me/profile?saved=1");
    let page = grace.page(&app, "/me/profile?saved=1").await;
    assert!(page.contains("Your profile was saved") && page.contains("A CV is on file"), "{page}");

    // The job page fills the form from the profile, for her only.
    let job = grace.page(&app, &format!("/jobs/{slug}")).await;
    assert!(job.contains("Filled in from") && job.contains("value=\"Grace Hopper\""), "prefilled");
    assert!(job.contains("Leave this empty to send the CV on your profile"));
    let anonymous = app.page(&format!("/jobs/{slug}"), 200).await;
    assert!(!anonymous.contains("Grace Hopper") && anonymous.contains("to fill this form from your profile"));

    // Sent without a file: the CV on file goes, copied.
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in fields("grace@example.com") {
        form = form.text(name, value);
    }
    let sent = grace.post_multipart(&app, &format!("/jobs/{slug}/applications"), form).await;
    let location = sent.headers()["location"].to_str().expect("location").to_owned();
    assert!(location.starts_with("/applications/"), "{location}");
    let token = token_of(&location);
    assert!(!token.is_empty());
    let seeker = seeker_id(&app, "grace@example.com").await;
    assert_eq!(app.count("applications", &format!("seeker_id = {seeker}")).await, 1);
    let (cv_key,): (String,) =
        sqlx::query_as("SELECT cv_key FROM applications").fetch_one(&app.db.pool).await.expect("cv key");
    let (profile_key,): (String,) =
        sqlx::query_as("SELECT cv_key FROM seekers").fetch_one(&app.db.pool).await.expect("profile cv");
    assert_ne!(cv_key, profile_key, "the application keeps its own copy");
    assert_eq!(app.storage().get(&cv_key).await.expect("copy"), PDF);
    assert!(app.mail_containing("grace@example.com", "It is on your tracker too").await.is_some());

    // A later profile change rewrites no application.
    grace.post_multipart(&app, "/me/profile", profile_form("Grace B. Hopper", None)).await;
    assert_eq!(app.count("applications", "name = 'Grace Hopper'").await, 1);
    let job = grace.page(&app, &format!("/jobs/{slug}")).await;
    assert!(job.contains("You applied for this job"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tracker_names_a_companys_silence_past_its_promise_and_links_back_from_every_email() {
    let app = TestApp::with_config(|c| c.auto_approve = true).await;
    let (employer, job, slug) = employer_with_job(&app, "ada@acme.example", "Acme").await;
    sqlx::query(&format!("UPDATE jobs SET decision_days = 10 WHERE id = {job}"))
        .execute(&app.db.pool)
        .await
        .expect("promise");
    let mut grace = Browser::default();
    sign_in(&app, &mut grace, "grace@example.com").await;
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in fields("grace@example.com") {
        form = form.text(name, value);
    }
    let part =
        reqwest::multipart::Part::bytes(PDF.to_vec()).file_name("cv.pdf").mime_str("application/pdf").expect("mime");
    grace.post_multipart(&app, &format!("/jobs/{slug}/applications"), form.part("cv", part)).await;

    // "I applied" on a job that takes applications elsewhere.
    let company = app.company("Globex").await;
    let elsewhere = app.post_job(&company, JobSpec::titled("Platform Engineer")).await;
    let elsewhere_slug = app.search("").await.jobs.into_iter().find(|j| j.id == elsewhere).expect("listed").slug;
    let marked = grace.call(&app, "seeker_mark_applied", &[("slug", &elsewhere_slug)]).await;
    assert!(marked.status().is_success() || marked.status().is_redirection(), "{}", marked.status());

    let seeker = seeker_id(&app, "grace@example.com").await;
    let now = Time::now();
    let page = farcoder::server::seekers::tracker::page(&app.db, seeker, now).await.expect("tracker");
    assert_eq!(page.applications.len(), 2);
    let ours = page.applications.iter().find(|a| a.id.is_some()).expect("through FarCoder");
    assert_eq!(ours.promise.as_deref(), Some("Usually decides within 10 days."));
    assert_eq!(ours.silence, None, "too early to call it silence");
    assert!(page.applications.iter().any(|a| a.id.is_none() && a.job_title == "Platform Engineer"));

    // On a clock 15 days on, with no answer: silence, said plainly, and
    // counted in the company's public response rate.
    let later = now + 15 * DAY;
    let page = farcoder::server::seekers::tracker::page(&app.db, seeker, later).await.expect("tracker");
    let ours = page.applications.iter().find(|a| a.id.is_some()).expect("ours");
    let silence = ours.silence.as_deref().expect("silence");
    assert!(silence.starts_with("No answer from the company in 15 days."), "{silence}");
    assert!(silence.contains("response rate"));
    let (counted, answered) = farcoder::server::repo::applications::response_counts(
        &app.db,
        farcoder::server::repo::companies::find_by_slug(&app.db, "acme").await.expect("find").expect("acme").id,
        later - farcoder::model::RESPONSE_DAYS * DAY,
        farcoder::model::RESPONSE_DAYS * DAY,
    )
    .await
    .expect("counts");
    assert_eq!((counted, answered), (1, 0), "the silence counts against the rate");

    // An answer ends the silence, and its e-mail links back.
    let id = ours.id.expect("id");
    let moved = app
        .call(
            "set_application_status",
            &[("id", &id.to_string()), ("status", "reviewed"), ("message", "")],
            Some(&employer),
        )
        .await;
    assert_eq!(moved.status(), 200);
    let page = farcoder::server::seekers::tracker::page(&app.db, seeker, later).await.expect("tracker");
    let ours = page.applications.iter().find(|a| a.id.is_some()).expect("ours");
    assert_eq!(ours.silence, None);
    assert_eq!(ours.updates.len(), 1);
    let mail = app.mail_containing("grace@example.com", "Reviewed").await.expect("status mail");
    assert!(mail.contains(&format!("{}/me", app.url)), "{mail}");
    let link = link_in(&mail, &format!("{}/applications/", app.url)).replacen(&app.url, "", 1);
    let status = app.page(&link, 200).await;
    assert!(status.contains("Reviewed") && status.contains("Acme Compiler Engineer"), "{status}");
    let forged = format!("/applications/{id}-{}", "0".repeat(32));
    assert_eq!(app.get(&forged).await.status(), 404, "a made-up signature leads nowhere");

    // Withdrawn from the tracker: gone, and the company told.
    let withdrawn = grace.call(&app, "seeker_withdraw", &[("id", &id.to_string())]).await;
    assert!(withdrawn.status().is_success() || withdrawn.status().is_redirection());
    assert_eq!(app.count("applications", "1 = 1").await, 0);
    assert!(app.mail_containing("ada@acme.example", "withdrew their application").await.is_some());
    // Another's application is not one to withdraw.
    let mut mallory = Browser::default();
    sign_in(&app, &mut mallory, "mallory@example.com").await;
    assert_eq!(mallory.call(&app, "seeker_withdraw", &[("id", "1")]).await.status(), 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saved_jobs_in_the_browser_merge_into_the_account_at_sign_in() {
    let app = TestApp::new().await;
    let company = app.company("Acme").await;
    let a = app.post_job(&company, JobSpec::titled("Rust Engineer")).await;
    let b = app.post_job(&company, JobSpec::titled("Go Engineer")).await;
    let c = app.post_job(&company, JobSpec::titled("Python Engineer")).await;

    let mut laptop = Browser::default().with("farcoder_saved", &format!("{a}.{b}"));
    sign_in(&app, &mut laptop, "grace@example.com").await;
    let seeker = seeker_id(&app, "grace@example.com").await;
    let saved = farcoder::server::seekers::saved(&app.db, seeker).await.expect("saved");
    assert_eq!(saved.0, vec![a, b], "the browser's list, in its order");

    // Another device with its own list: the account's list comes with it.
    let mut phone = Browser::default().with("farcoder_saved", &c.to_string());
    sign_in(&app, &mut phone, "grace@example.com").await;
    let list = farcoder::model::SavedJobs::parse(phone.cookie("farcoder_saved").expect("cookie"));
    assert_eq!(list.0.len(), 3, "{:?}", list.0);
    assert!(list.contains(a) && list.contains(b) && list.contains(c));

    // Removing on one device removes it from the account; /saved shows the account's list.
    let removed = app
        .client
        .post(format!("{}/saved", app.url))
        .header("origin", &app.origin)
        .header("cookie", phone.header())
        .form(&[("remove", a.to_string())])
        .send()
        .await
        .expect("POST /saved");
    assert!(removed.status().is_redirection());
    let saved = farcoder::server::seekers::saved(&app.db, seeker).await.expect("saved");
    assert!(!saved.contains(a) && saved.contains(b) && saved.contains(c));
    let page = laptop.page(&app, "/saved").await;
    assert!(page.contains("Python Engineer") && !page.contains("Rust Engineer"), "the account's list on every device");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn download_and_erase_leave_nothing_behind() {
    let app = TestApp::with_config(|c| c.auto_approve = true).await;
    let (_, _, slug) = employer_with_job(&app, "ada@acme.example", "Acme").await;
    let mut grace = Browser::default();
    sign_in(&app, &mut grace, "grace@example.com").await;
    grace.post_multipart(&app, "/me/profile", profile_form("Grace Hopper", Some(PDF.to_vec()))).await;
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in fields("grace@example.com") {
        form = form.text(name, value);
    }
    grace.post_multipart(&app, &format!("/jobs/{slug}/applications"), form).await;
    // One more, sent from her address while signed out: hers too.
    let other = job_taking_applications(&app, "Linker Engineer").await;
    crate::applications::apply(&app, &other, &fields("grace@example.com"), Some(("cv.pdf", PDF.to_vec()))).await;
    // Signed in, the alert form comes with the account's address; for
    // anyone else, empty.
    let jobs = grace.page(&app, "/jobs?q=rust").await;
    assert!(jobs.contains("value=\"grace@example.com\"") && jobs.contains("Alerts to your account"), "prefilled");
    assert!(!app.page("/jobs?q=rust", 200).await.contains("grace@example.com"));
    crate::alerts::subscribe(&app, "grace@example.com", "rust", "daily").await;
    // The alerts to the account's address are on the account, with the
    // private link that manages them.
    let tracker = grace.page(&app, "/me").await;
    assert!(tracker.contains("waiting for you to confirm it from the e-mail"), "{tracker}");
    let at = tracker.find("/alerts/manage?").expect("the manage link");
    let manage = tracker[at..at + tracker[at..].find('"').expect("end")].replace("&amp;", "&");
    assert!(app.page(&manage, 200).await.contains("grace@example.com"));
    let job = app.search("").await.jobs[0].id;
    app.client
        .post(format!("{}/saved", app.url))
        .header("origin", &app.origin)
        .header("cookie", grace.header())
        .form(&[("job", job.to_string())])
        .send()
        .await
        .expect("save");

    // Everything, in one file; the CVs beside it.
    let export = grace.get(&app, "/me/data.json").await;
    assert_eq!(export.status(), 200);
    assert!(export.headers()["content-disposition"].to_str().expect("header").starts_with("attachment"));
    let export: serde_json::Value = export.json().await.expect("json");
    assert_eq!(export["email"], "grace@example.com");
    assert_eq!(export["profile"]["authorised_in"], serde_json::json!(["pt", "es"]));
    assert_eq!(export["applications"][0]["cover_note"], "I have shipped compilers and I would like to ship yours.");
    assert_eq!(export["saved_jobs"], serde_json::json!([job]));
    assert_eq!(export["alerts"].as_array().map(Vec::len), Some(1));
    let cv_path = export["applications"][0]["cv"].as_str().expect("cv path").to_owned();
    assert_eq!(grace.get(&app, &cv_path).await.bytes().await.expect("cv").as_ref(), PDF);
    assert_eq!(grace.get(&app, "/me/cv").await.bytes().await.expect("cv").as_ref(), PDF);
    assert_eq!(app.get("/me/data.json").await.status(), 303, "only for its owner");

    assert_eq!(export["applications"].as_array().map(Vec::len), Some(2), "both applications are hers");
    let cvs_before = app.storage().keys().await.expect("keys").len();
    assert_eq!(cvs_before, 3, "the profile's CV, the application's copy, the other application's");
    let asked = grace.call(&app, "seeker_erase_code", &[]).await;
    assert!(asked.status().is_success() || asked.status().is_redirection(), "{}", asked.status());
    let code = code_in_mail(&app, "grace@example.com", "to delete your FarCoder account").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    assert_eq!(grace.call(&app, "seeker_erase", &[("code", wrong)]).await.status(), 400);
    assert_eq!(app.count("seekers", "1 = 1").await, 1, "nothing goes on a wrong code");
    let erased = grace.call(&app, "seeker_erase", &[("code", &code)]).await;
    assert!(erased.status().is_success() || erased.status().is_redirection(), "{}", erased.status());
    assert!(grace.cookie("farcoder_me").is_none(), "signed out");

    for (table, condition) in [
        ("seekers", "1 = 1"),
        ("seeker_sessions", "1 = 1"),
        ("seeker_codes", "1 = 1"),
        ("seeker_saved", "1 = 1"),
        ("seeker_tracked", "1 = 1"),
        ("seeker_passkeys", "1 = 1"),
        ("passkey_ceremonies", "seeker_id IS NOT NULL"),
        ("applications", "1 = 1"),
        ("application_updates", "1 = 1"),
        ("alert_subscribers", "email = 'grace@example.com'"),
        ("outbox", "recipient = 'grace@example.com'"),
        ("outbox", "body LIKE '%grace@example.com%'"),
    ] {
        assert_eq!(app.count(table, condition).await, 0, "{table} where {condition}");
    }
    assert_eq!(app.storage().keys().await.expect("keys").len(), 0, "both CVs are gone from the bucket");
    let told = app.mail_containing("ada@acme.example", "deleted their application").await.expect("the team is told");
    assert!(told.contains("Grace Hopper"));
    assert_eq!(grace.get(&app, "/me").await.status(), 302);
}

/// Posts JSON to a passkey route as the page's script does.
async fn post_json(app: &TestApp, browser: &Browser, path: &str, body: serde_json::Value) -> reqwest::Response {
    app.client
        .post(format!("{}{path}", app.url))
        .header("origin", &app.origin)
        .header("cookie", browser.header())
        .json(&body)
        .send()
        .await
        .expect("POST JSON")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn passkey_ceremonies_are_the_accounts_own_used_once_and_refuse_what_they_do_not_know() {
    let app = TestApp::new().await;
    let stranger = Browser::default();
    let refused = post_json(&app, &stranger, "/me/passkeys/new", serde_json::json!(null)).await;
    assert_eq!(refused.status(), 401, "adding a passkey needs an account");

    let mut grace = Browser::default();
    sign_in(&app, &mut grace, "grace@example.com").await;
    let begun: serde_json::Value =
        post_json(&app, &grace, "/me/passkeys/new", serde_json::json!(null)).await.json().await.expect("options");
    let options = &begun["options"]["publicKey"];
    assert_eq!(options["rp"]["id"], "localhost", "a site on this machine is localhost to browsers");
    assert_eq!(options["user"]["name"], "grace@example.com");
    assert_eq!(
        options["authenticatorSelection"]["residentKey"], "required",
        "discoverable, to sign in with nothing first"
    );
    assert_eq!(options["authenticatorSelection"]["userVerification"], "required");
    let handle = options["user"]["id"].as_str().expect("user handle").to_owned();
    let again: serde_json::Value =
        post_json(&app, &grace, "/me/passkeys/new", serde_json::json!(null)).await.json().await.expect("options");
    assert_eq!(again["options"]["publicKey"]["user"]["id"], handle.as_str(), "one user handle per account");

    // A made-up answer is refused; the ceremony is then spent.
    let ceremony = begun["ceremony"].as_str().expect("ceremony").to_owned();
    let forged = serde_json::json!({
        "ceremony": ceremony,
        "credential": {
            "id": "AAAA", "rawId": "AAAA", "type": "public-key", "extensions": {},
            "response": { "attestationObject": "AAAA", "clientDataJSON": "AAAA" }
        }
    });
    let answer = post_json(&app, &grace, "/me/passkeys", forged.clone()).await;
    assert_eq!(answer.status(), 400);
    let message: serde_json::Value = answer.json().await.expect("message");
    assert_eq!(message["message"], "This passkey could not be added. Try again.");
    let spent = post_json(&app, &grace, "/me/passkeys", forged.clone()).await;
    assert_eq!(spent.json::<serde_json::Value>().await.expect("message")["message"], "This took too long. Try again.");
    // Another account cannot finish this one's ceremony.
    let third: serde_json::Value =
        post_json(&app, &grace, "/me/passkeys/new", serde_json::json!(null)).await.json().await.expect("options");
    let mut mallory = Browser::default();
    sign_in(&app, &mut mallory, "mallory@example.com").await;
    let mut hijack = forged;
    hijack["ceremony"] = third["ceremony"].clone();
    let hijacked = post_json(&app, &mallory, "/me/passkeys", hijack).await;
    assert_eq!(
        hijacked.json::<serde_json::Value>().await.expect("message")["message"],
        "This took too long. Try again."
    );

    // Signing in asks nobody's address, and a passkey FarCoder never saw signs no one in.
    let mut visitor = Browser::default();
    let begun: serde_json::Value = post_json(&app, &visitor, "/me/passkeys/sign-in/new", serde_json::json!(null))
        .await
        .json()
        .await
        .expect("options");
    assert_eq!(begun["options"]["publicKey"]["allowCredentials"].as_array().map(Vec::len).unwrap_or(0), 0);
    let unknown = serde_json::json!({
        "ceremony": begun["ceremony"],
        "credential": {
            "id": "AAAA", "rawId": "AAAA", "type": "public-key", "extensions": {},
            "response": {
                "authenticatorData": "AAAA", "clientDataJSON": "AAAA", "signature": "AAAA",
                "userHandle": handle
            }
        }
    });
    let refused = post_json(&app, &visitor, "/me/passkeys/sign-in", unknown).await;
    assert_eq!(refused.status(), 400);
    visitor.keep(&refused);
    assert!(visitor.cookie("farcoder_me").is_none());
    assert_eq!(
        refused.json::<serde_json::Value>().await.expect("message")["message"],
        "FarCoder does not know this passkey. Sign in with a code, then add it again."
    );
    assert_eq!(app.count("seeker_passkeys", "1 = 1").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_json_resume_fills_the_profile_and_the_profile_exports_as_one() {
    let app = TestApp::new().await;
    let mut ada = Browser::default();
    sign_in(&app, &mut ada, "ada@example.com").await;
    let resume = serde_json::json!({
        "basics": {
            "name": "Ada Lovelace",
            "label": "Analytical engine programmer",
            "url": "https://ada.example",
            "location": { "city": "London", "countryCode": "GB" },
            "profiles": [{ "network": "GitHub", "username": "ada" }, { "network": "Mastodon", "url": "https://x.example/@ada" }]
        },
        "work": [{ "name": "Analytical Engine", "position": "Programmer" }]
    });
    let file = |bytes: Vec<u8>| {
        let part = reqwest::multipart::Part::bytes(bytes).file_name("resume.json").mime_str("application/json");
        reqwest::multipart::Form::new().part("resume", part.expect("mime"))
    };
    let imported = ada.post_multipart(&app, "/me/profile/resume", file(resume.to_string().into_bytes())).await;
    assert_eq!(imported.headers()["location"], "/me/profile?imported=1");
    let page = ada.page(&app, "/me/profile?imported=1").await;
    assert!(page.contains("Your profile was filled from the file"), "{page}");
    assert!(page.contains("value=\"Ada Lovelace\"") && page.contains("value=\"https://github.com/ada\""));
    let seeker = seeker_id(&app, "ada@example.com").await;
    let stored = farcoder::server::seekers::profile::page(&app.db, seeker).await.expect("profile");
    assert_eq!(
        (stored.profile.country.as_str(), stored.profile.headline.as_str()),
        ("gb", "Analytical engine programmer")
    );

    let exported: serde_json::Value = ada.get(&app, "/me/resume.json").await.json().await.expect("resume");
    assert_eq!(exported["basics"]["name"], "Ada Lovelace");
    assert_eq!(exported["basics"]["email"], "ada@example.com");
    assert_eq!(exported["basics"]["location"]["countryCode"], "GB");
    assert_eq!(exported["basics"]["profiles"][0]["url"], "https://github.com/ada");

    // Not a resume: refused, the profile unchanged, the reason on the page.
    let refused = ada.post_multipart(&app, "/me/profile/resume", file(b"%PDF-1.4 a CV, not a resume".to_vec())).await;
    assert_eq!(refused.headers()["location"], "/me/profile?refused=1");
    let page = ada.page(&app, "/me/profile?refused=1").await;
    assert!(page.contains("This file is not a JSON Resume"), "{page}");
    let again = farcoder::server::seekers::profile::page(&app.db, seeker).await.expect("profile");
    assert_eq!(again.profile, stored.profile);
}
