//! Employer accounts: sign-up, sign-in, sessions, confirmation, password reset,
//! rate limits and the same-origin rule, over HTTP as browsers speak it.

use crate::harness::{TestApp, link_in, session_cookie};
use farcoder::model::HOUR;

const PASSWORD: &str = "correct horse battery";

async fn sign_up(app: &TestApp, email: &str, company: &str) -> String {
    app.sign_up(email, PASSWORD, company).await
}

async fn error_of(response: reqwest::Response) -> (u16, farcoder::error::AppError) {
    let status = response.status().as_u16();
    (status, response.json().await.expect("an AppError"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signup_creates_the_company_and_signs_in_once_the_address_is_confirmed() {
    let app = TestApp::new().await;
    let response = app
        .call(
            "signup",
            &[("email", " Ada@Example.com "), ("password", PASSWORD), ("company_name", "Analytical Engines")],
            None,
        )
        .await;
    assert_eq!(response.status(), 200);
    assert!(session_cookie(&response).is_none(), "no session before the address is confirmed");
    let early = app.call("login", &[("email", "ada@example.com"), ("password", PASSWORD), ("next", "")], None).await;
    let (status, error) = error_of(early).await;
    assert_eq!(status, 400);
    assert!(error.for_field("email").is_some_and(|m| m.contains("Confirm your e-mail address first")), "{error:?}");

    let mail = app.mail_containing("ada@example.com", "/confirm?token=").await.expect("confirmation e-mail");
    assert!(mail.contains("Subject: Confirm your e-mail address"));
    let link = link_in(&mail, &format!("{}/confirm?token=", app.url));
    let path = link.trim_start_matches(&app.url);
    // A mail scanner opens the link first: that confirms nothing.
    assert!(app.page(path, 200).await.contains("Confirm my address"));
    let early = app.call("login", &[("email", "ada@example.com"), ("password", PASSWORD), ("next", "")], None).await;
    assert_eq!(error_of(early).await.0, 400, "opening the link confirms nothing");
    let (status, page) = app.press_link(path).await;
    assert!(status == 200 && page.contains("Your address is confirmed"), "{page}");
    let (status, page) = app.press_link(path).await;
    assert!(status == 400 && page.contains("expired or was already used"), "a link works once: {page}");

    let response = app.call("login", &[("email", "ada@example.com"), ("password", PASSWORD), ("next", "")], None).await;
    assert_eq!(response.status(), 200);
    let cookie = response.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain http in tests: {cookie}");
    let session = session_cookie(&response).expect("session");
    let dashboard = app.get_as("/dashboard", &session).await;
    assert_eq!(dashboard.status(), 200);
    let html = dashboard.text().await.expect("body");
    assert!(html.contains("Analytical Engines") && html.contains("ada@example.com"));
    assert!(!html.contains("Please confirm your e-mail address"));
    // A confirmed account alone puts no company page on the board.
    app.page("/companies/analytical-engines", 404).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signup_refuses_bad_fields_and_taken_addresses() {
    let app = TestApp::new().await;
    let cases = [
        (("not-an-email", PASSWORD, "Acme"), "email"),
        (("a@example.com", "short", "Acme"), "password"),
        (("a@example.com", PASSWORD, "x"), "company_name"),
        (("a@example.com", PASSWORD, &"A".repeat(81) as &str), "company_name"),
    ];
    for ((email, password, company), field) in cases {
        let response =
            app.call("signup", &[("email", email), ("password", password), ("company_name", company)], None).await;
        let (status, error) = error_of(response).await;
        assert_eq!(status, 400);
        assert!(error.for_field(field).is_some(), "{field}: {error:?}");
    }
    sign_up(&app, "b@example.com", "Acme").await;
    // A taken address gets the same answer as a new one; its owner, an e-mail.
    let response = app
        .call("signup", &[("email", "B@example.com"), ("password", PASSWORD), ("company_name", "Other")], None)
        .await;
    assert_eq!(response.status(), 200);
    assert!(session_cookie(&response).is_none());
    assert!(app.mail_containing("b@example.com", "has one already").await.is_some());
    app.page("/companies/other", 404).await;
    // Two companies with one name get distinct addresses.
    sign_up(&app, "c@example.com", "Acme").await;
    assert_eq!(app.count("companies", "slug = 'acme-2'").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_answers_alike_for_unknown_address_and_wrong_password() {
    let app = TestApp::new().await;
    let signup_session = sign_up(&app, "ada@example.com", "Acme").await;
    let wrong_password = error_of(
        app.call("login", &[("email", "ada@example.com"), ("password", "wrong password!"), ("next", "")], None).await,
    )
    .await;
    let unknown = error_of(
        app.call("login", &[("email", "nobody@example.com"), ("password", PASSWORD), ("next", "")], None).await,
    )
    .await;
    assert_eq!(wrong_password, unknown);
    assert_eq!(wrong_password.0, 400);

    let response =
        app.call("login", &[("email", "ADA@example.com"), ("password", PASSWORD), ("next", "/dashboard")], None).await;
    assert_eq!(response.status(), 200);
    let login_session = session_cookie(&response).expect("login sets a session");
    assert_ne!(login_session, signup_session, "signing in starts a new session id");
    assert_eq!(app.get_as("/dashboard", &login_session).await.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logout_destroys_the_session() {
    let app = TestApp::new().await;
    let session = sign_up(&app, "ada@example.com", "Acme").await;
    let response = app.call("logout", &[], Some(&session)).await;
    assert_eq!(response.status(), 200);
    let cleared = response.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    let dashboard = app.get_as("/dashboard", &session).await;
    assert_eq!(dashboard.status(), 302, "the old cookie no longer signs in");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_out_visitors_are_sent_to_login_and_back() {
    let app = TestApp::new().await;
    let response = app.get("/dashboard").await;
    assert_eq!(response.status(), 302);
    assert_eq!(response.headers().get("location").and_then(|v| v.to_str().ok()), Some("/login?next=/dashboard"));
    let (status, error) = error_of(app.call("dashboard", &[], None).await).await;
    assert_eq!((status, error), (401, farcoder::error::AppError::Unauthorized));

    sign_up(&app, "ada@example.com", "Acme").await;
    let back = app
        .submit_form(
            "login",
            "/login?next=/dashboard",
            &[("email", "ada@example.com"), ("password", PASSWORD), ("next", "/dashboard")],
        )
        .await;
    assert_eq!(back.headers().get("location").and_then(|v| v.to_str().ok()), Some("/dashboard"));
    let elsewhere = app
        .submit_form(
            "login",
            "/login",
            &[("email", "ada@example.com"), ("password", PASSWORD), ("next", "//evil.example")],
        )
        .await;
    assert_eq!(
        elsewhere.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/dashboard"),
        "no open redirect"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_forms_work_without_javascript() {
    let app = TestApp::new().await;
    let response = app
        .submit_form(
            "signup",
            "/signup",
            &[("email", "ada@example.com"), ("password", PASSWORD), ("company_name", "Acme")],
        )
        .await;
    assert_eq!(response.status(), 302);
    assert_eq!(response.headers().get("location").and_then(|v| v.to_str().ok()), Some("/signup?sent=1"));
    assert!(session_cookie(&response).is_none());
    assert!(app.page("/signup?sent=1", 200).await.contains("we sent a link to confirm your address"));

    // A refused form goes back to the form, which shows why.
    let response = app
        .submit_form("login", "/login", &[("email", "ada@example.com"), ("password", "nope nope nope"), ("next", "")])
        .await;
    assert_eq!(response.status(), 302);
    let back = response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(back.starts_with("/login?"), "a path on this site: {back}");
    let html = app.page(&back, 200).await;
    assert!(html.contains("do not match an account"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_reset_works_once_and_ends_other_sessions() {
    let app = TestApp::new().await;
    let old_session = sign_up(&app, "ada@example.com", "Acme").await;
    assert_eq!(app.call("request_reset", &[("email", "nobody@example.com")], None).await.status(), 200);
    assert_eq!(app.call("request_reset", &[("email", "ada@example.com")], None).await.status(), 200);
    let mail = app.mail_containing("ada@example.com", "Reset your FarCoder password").await.expect("the reset mail");
    assert_eq!(app.mail_count(), 2, "the welcome mail and one reset mail; nothing for the unknown address");
    let link = link_in(&mail, &format!("{}/reset?token=", app.url));
    let token = link.rsplit("token=").next().expect("token").to_owned();
    assert!(app.page(link.trim_start_matches(&app.url), 200).await.contains("Choose a new password"));

    let response = app.call("reset_password", &[("token", &token), ("password", "a brand new passphrase")], None).await;
    assert_eq!(response.status(), 200);
    let new_session = session_cookie(&response).expect("reset signs in");
    assert_eq!(app.get_as("/dashboard", &new_session).await.status(), 200);
    assert_eq!(app.get_as("/dashboard", &old_session).await.status(), 302, "other sessions end");

    let (status, error) =
        error_of(app.call("reset_password", &[("token", &token), ("password", "yet another passphrase")], None).await)
            .await;
    assert_eq!(status, 400);
    assert!(error.for_field("token").is_some(), "a link works once");
    let old = app.call("login", &[("email", "ada@example.com"), ("password", PASSWORD), ("next", "")], None).await;
    assert_eq!(old.status(), 400);
    let new = app
        .call("login", &[("email", "ada@example.com"), ("password", "a brand new passphrase"), ("next", "")], None)
        .await;
    assert_eq!(new.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_reset_link_is_refused() {
    let app = TestApp::new().await;
    sign_up(&app, "ada@example.com", "Acme").await;
    let user =
        farcoder::server::repo::users::find_by_email(&app.db, "ada@example.com").await.expect("db").expect("user");
    let token = farcoder::server::auth::token::generate();
    let digest = farcoder::server::auth::token::digest(&token);
    let now = farcoder::server::now();
    farcoder::server::repo::email_tokens::insert(&app.db, &digest, "reset", user.id, now - 2 * HOUR, now - HOUR)
        .await
        .expect("insert");
    let (status, error) =
        error_of(app.call("reset_password", &[("token", &token), ("password", "a brand new passphrase")], None).await)
            .await;
    assert_eq!(status, 400);
    assert!(error.for_field("token").is_some_and(|m| m.contains("expired")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_logins_are_rate_limited_per_account() {
    let app = TestApp::new().await;
    sign_up(&app, "ada@example.com", "Acme").await;
    // Signing in after sign-up was the first of ten tries.
    for _ in 0..9 {
        let response = app
            .call("login", &[("email", "ada@example.com"), ("password", "guess guess guess"), ("next", "")], None)
            .await;
        assert_eq!(response.status(), 400);
    }
    let (status, error) =
        error_of(app.call("login", &[("email", "ada@example.com"), ("password", PASSWORD), ("next", "")], None).await)
            .await;
    assert_eq!(status, 429, "even the right password waits: {error:?}");
    assert!(matches!(error, farcoder::error::AppError::TooManyRequests { .. }));

    // Without JavaScript the form lands on the 429 page.
    let response =
        app.submit_form("login", "/login", &[("email", "ada@example.com"), ("password", PASSWORD), ("next", "")]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers().get("location").and_then(|v| v.to_str().ok()), Some("/too-many-requests"));
    assert!(app.page("/too-many-requests", 429).await.contains("Too many attempts"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signups_are_rate_limited_per_address() {
    let app = TestApp::new().await;
    for i in 0..10 {
        let email = format!("user{i}@example.com");
        let company = format!("Company {i}");
        app.call("signup", &[("email", &email), ("password", PASSWORD), ("company_name", &company)], None).await;
    }
    let response = app
        .call("signup", &[("email", "late@example.com"), ("password", PASSWORD), ("company_name", "Late")], None)
        .await;
    assert_eq!(response.status(), 429);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_from_another_site_are_refused() {
    let app = TestApp::new().await;
    let session = sign_up(&app, "ada@example.com", "Acme").await;
    let client = reqwest::Client::new();
    let forged = client
        .post(format!("{}/api/fn/logout", app.url))
        .header("origin", "https://evil.example")
        .header("cookie", format!("farcoder_session={session}"))
        .send()
        .await
        .expect("POST");
    assert_eq!(forged.status(), 403);
    let fetched = client
        .post(format!("{}/api/fn/signup", app.url))
        .header("sec-fetch-site", "cross-site")
        .form(&[("email", "x@example.com"), ("password", PASSWORD), ("company_name", "X")])
        .send()
        .await
        .expect("POST");
    assert_eq!(fetched.status(), 403);
    assert_eq!(app.get_as("/dashboard", &session).await.status(), 200, "the forged logout did nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_link_exists_only_with_its_email() {
    let app = TestApp::new().await;
    sign_up(&app, "ada@example.com", "Acme").await;
    app.break_inserts_into("outbox").await;
    assert_eq!(app.call("request_reset", &[("email", "ada@example.com")], None).await.status(), 500);
    let (links,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM email_tokens WHERE purpose = 'reset'")
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    assert_eq!(links, 0, "no link was made that no e-mail carries");
    app.mend("outbox").await;
    assert_eq!(app.call("request_reset", &[("email", "ada@example.com")], None).await.status(), 200);
    assert!(app.mail_containing("ada@example.com", "Reset your FarCoder password").await.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_plain_form_keeps_what_was_typed_but_never_a_password() {
    let app = TestApp::new().await;
    sign_up(&app, "ada@example.com", "Acme").await;
    let form = [("email", "ada@example.com"), ("password", "not the password"), ("next", "")];
    let page = app.refused_form_page("login", "/login", &form, None).await;
    assert!(page.contains("do not match an account"), "{page}");
    assert!(page.contains(r#"value="ada@example.com""#), "the address stays after a wrong password");
    assert!(!page.contains("not the password"));

    let form = [("email", "bo@example.com"), ("password", "short"), ("company_name", "Bo’s Robots")];
    let page = app.refused_form_page("signup", "/signup", &form, None).await;
    assert!(page.contains(r#"value="bo@example.com""#) && page.contains("Bo’s Robots"), "{page}");
    assert!(!page.contains(r#"value="short""#), "no password comes back");
    assert_eq!(app.count("form_returns", "payload LIKE '%short%' OR payload LIKE '%not the password%'").await, 0);
    // A fresh visit shows an empty form.
    assert!(!app.page("/login", 200).await.contains("ada@example.com"));
}
