//! The company profile, its logo and its team: what an employer edits at
//! `/dashboard/company`, what the public sees, and who may do what.

use std::io::Cursor;

use farcoder::error::AppError;
use farcoder::model::{CompanyProfile, DAY};
use image::{DynamicImage, GenericImageView, ImageFormat};

use crate::harness::{TestApp, link_in, session_cookie};

const PASSWORD: &str = "correct horse battery";

async fn employer(app: &TestApp, email: &str, company: &str) -> String {
    app.sign_up(email, PASSWORD, company).await
}

async fn profile(app: &TestApp, session: &str) -> CompanyProfile {
    let response = app.call("company_profile", &[], Some(session)).await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("profile")
}

async fn save_profile(app: &TestApp, session: &str, name: &str, website: &str, about: &str) -> reqwest::Response {
    let form = [("profile[name]", name), ("profile[website]", website), ("profile[about]", about)];
    app.call("update_company_profile", &form, Some(session)).await
}

fn picture(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, _| image::Rgb([(x % 256) as u8, 40, 200]));
    let mut bytes = Vec::new();
    DynamicImage::ImageRgb8(image).write_to(&mut Cursor::new(&mut bytes), format).expect("encode");
    bytes
}

fn location(response: &reqwest::Response) -> &str {
    response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_profile_is_checked_saved_and_shown_sanitised() {
    let app = TestApp::new().await;
    let session = employer(&app, "ada@example.com", "Acme").await;
    let response = save_profile(&app, &session, "x", "acme dot com", "").await;
    assert_eq!(response.status(), 400);
    let error: AppError = response.json().await.expect("error");
    assert!(error.for_field("name").is_some() && error.for_field("website").is_some(), "{error:?}");

    let about = "We build **robots** for farms.\n\n<script>alert('x')</script><img src=x onerror=alert(1)>";
    assert_eq!(save_profile(&app, &session, "Acme Robotics", "https://acme.example", about).await.status(), 200);
    let saved = profile(&app, &session).await;
    assert_eq!((saved.draft.name.as_str(), saved.draft.website.as_str()), ("Acme Robotics", "https://acme.example"));
    assert_eq!(saved.slug, "acme", "the public address stays when the name changes");

    // Public only once it is real: verified, or with a published posting.
    app.page("/companies/acme", 404).await;
    sqlx::query("UPDATE companies SET verified_at = 1 WHERE slug = 'acme'")
        .execute(&app.db.pool)
        .await
        .expect("verify");
    let html = app.page("/companies/acme", 200).await;
    assert!(html.contains("Acme Robotics") && html.contains("<strong>robots</strong>"));
    assert!(html.contains(r#"href="https://acme.example""#));
    assert!(!html.contains("<script>alert") && !html.contains("onerror"), "the Markdown is sanitised");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_logo_is_reencoded_and_served_as_a_png() {
    let app = TestApp::new().await;
    let session = employer(&app, "ada@example.com", "Acme").await;
    let response = app
        .upload("/dashboard/company/logo", "logo", picture(600, 300, ImageFormat::Jpeg), Some(&session), &app.url)
        .await;
    assert_eq!((response.status().as_u16(), location(&response)), (303, "/dashboard/company?saved=logo"));

    let logo_path = profile(&app, &session).await.logo_path.expect("a logo");
    app.verify("Acme").await;
    assert!(app.page("/companies/acme", 200).await.contains(&format!("src=\"{}\"", logo_path.replace('&', "&amp;"))));
    let response = app.get(&logo_path).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/png");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    let png = response.bytes().await.expect("bytes");
    let stored = image::load_from_memory_with_format(&png, ImageFormat::Png).expect("a PNG");
    assert_eq!(stored.dimensions(), (256, 256), "re-encoded at the fixed size");

    for (upload, problem) in [
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec(), "format"),
        (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>".to_vec(), "format"),
        (vec![0u8; 2 * 1024 * 1024], "too-large"),
        (picture(64, 64, ImageFormat::Png)[..40].to_vec(), "unreadable"),
    ] {
        let response = app.upload("/dashboard/company/logo", "logo", upload, Some(&session), &app.url).await;
        assert_eq!(location(&response), format!("/dashboard/company?logo_error={problem}"));
    }
    assert_eq!(app.get(&logo_path).await.bytes().await.expect("bytes"), png, "a refused upload keeps the old logo");

    assert_eq!(app.call("remove_company_logo", &[], Some(&session)).await.status(), 200);
    assert_eq!(app.get("/companies/acme/logo").await.status(), 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logo_uploads_need_a_session_and_the_same_origin() {
    let app = TestApp::new().await;
    let session = employer(&app, "ada@example.com", "Acme").await;
    let png = picture(32, 32, ImageFormat::Png);
    let response = app.upload("/dashboard/company/logo", "logo", png.clone(), None, &app.url).await;
    assert_eq!((response.status().as_u16(), location(&response)), (303, "/login?next=/dashboard/company"));
    let response = app.upload("/dashboard/company/logo", "logo", png, Some(&session), "https://evil.example").await;
    assert_eq!(response.status(), 403);
    assert_eq!(profile(&app, &session).await.logo_path, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_owner_invites_a_teammate_who_joins_once() {
    let app = TestApp::new().await;
    let owner = employer(&app, "ada@example.com", "Acme").await;
    let form = crate::postings::fields(&crate::postings::draft("Pipeline Engineer"));
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(app.call("create_posting", &pairs, Some(&owner)).await.status(), 200);

    assert_eq!(app.call("invite_teammate", &[("email", "Grace@Example.com")], Some(&owner)).await.status(), 200);
    let invited = profile(&app, &owner).await;
    assert_eq!(invited.invites.len(), 1);
    assert_eq!(invited.invites[0].email, "grace@example.com");
    let mail = app.mail_to("grace@example.com").await.expect("the invitation");
    assert!(mail.contains("Join Acme on FarCoder"));
    let link = link_in(&mail, &format!("{}/join?token=", app.url));
    let token = link.split("token=").nth(1).expect("token").to_owned();
    let join_page = app.page(&link.replace(&app.url, ""), 200).await;
    assert!(join_page.contains("<strong>grace@example.com</strong>") && join_page.contains(r#"name="password""#));

    let response = app.call("accept_invite", &[("token", &token), ("password", "short")], None).await;
    assert_eq!(response.status(), 400, "the password rules apply");
    let response = app.call("accept_invite", &[("token", &token), ("password", PASSWORD)], None).await;
    assert_eq!(response.status(), 200);
    let grace = session_cookie(&response).expect("signed in");
    let dashboard = app.get_as("/dashboard", &grace).await.text().await.expect("body");
    assert!(dashboard.contains("Pipeline Engineer"), "the teammate sees the company's postings");

    let team = profile(&app, &grace).await;
    assert!(!team.is_owner);
    let members: Vec<(&str, &str)> = team.team.iter().map(|m| (m.email.as_str(), m.role.slug())).collect();
    assert_eq!(members, [("ada@example.com", "owner"), ("grace@example.com", "member")]);
    assert!(team.invites.is_empty(), "the invitation is used");

    let again = app.call("accept_invite", &[("token", &token), ("password", PASSWORD)], None).await;
    assert_eq!(again.status(), 400, "the link works once");
    let response = app.call("invite_teammate", &[("email", "linus@example.com")], Some(&grace)).await;
    assert_eq!(response.status(), 403, "members do not invite");
    let response = app.call("invite_teammate", &[("email", "grace@example.com")], Some(&owner)).await;
    assert_eq!(response.status(), 400, "an address with an account cannot be invited");
    let login = app.call("login", &[("email", "grace@example.com"), ("password", PASSWORD), ("next", "/")], None).await;
    assert_eq!(login.status(), 200, "the teammate signs in with their own password");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_profile_comes_back_with_everything_typed() {
    let app = TestApp::new().await;
    let owner = employer(&app, "ada@example.com", "Acme").await;
    let about = "We build tools for the teams who keep trains on time. ".repeat(60);
    let form =
        [("profile[name]", "Acme Rail"), ("profile[website]", "not a website"), ("profile[about]", about.as_str())];
    let page = app.refused_form_page("update_company_profile", "/dashboard/company", &form, Some(&owner)).await;
    assert!(page.contains(r#"value="Acme Rail""#) && page.contains(r#"value="not a website""#), "the fields");
    assert!(page.contains(about.trim_end()), "the whole about text, {} characters", about.len());
    let saved = app.get_as("/dashboard/company", &owner).await.text().await.expect("page");
    assert!(saved.contains(r#"value="Acme""#), "nothing was saved, and a fresh visit shows the profile");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitation_sent_again_replaces_the_earlier_link() {
    let app = TestApp::new().await;
    let owner = employer(&app, "ada@example.com", "Acme").await;
    let join = format!("{}/join?token=", app.url);
    let token_in = |mail: &str| link_in(mail, &join).split("token=").nth(1).expect("token").to_owned();
    app.call("invite_teammate", &[("email", "grace@example.com")], Some(&owner)).await;
    let first = token_in(&app.mail_to("grace@example.com").await.expect("the invitation"));
    let page = app.get_as("/dashboard/company", &owner).await.text().await.expect("page");
    assert!(page.contains("Send again: grace@example.com"), "a pending invitation can be sent again");
    assert!(page.contains("Withdraw invitation: grace@example.com"), "or withdrawn");

    assert_eq!(app.call("invite_teammate", &[("email", "grace@example.com")], Some(&owner)).await.status(), 200);
    let mut second = first.clone();
    for _ in 0..50 {
        second = token_in(&app.mail_to("grace@example.com").await.expect("the invitation"));
        if second != first {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_ne!(second, first, "a new link was sent");
    assert_eq!(profile(&app, &owner).await.invites.len(), 1, "one pending invitation, not two");
    let old = app.call("accept_invite", &[("token", &first), ("password", PASSWORD)], None).await;
    assert_eq!(old.status(), 400, "the earlier link stopped working");
    let new = app.call("accept_invite", &[("token", &second), ("password", PASSWORD)], None).await;
    assert_eq!(new.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_invitation_is_refused() {
    let app = TestApp::new().await;
    let owner = employer(&app, "ada@example.com", "Acme").await;
    app.call("invite_teammate", &[("email", "grace@example.com")], Some(&owner)).await;
    let mail = app.mail_to("grace@example.com").await.expect("the invitation");
    let token = link_in(&mail, &format!("{}/join?token=", app.url)).split("token=").nth(1).expect("token").to_owned();
    let past = farcoder::server::now() - DAY;
    sqlx::query(&format!("UPDATE invites SET expires_at = {}", past.unix()))
        .execute(&app.db.pool)
        .await
        .expect("update");
    assert_eq!(app.get(&format!("/join?token={token}")).await.status(), 400);
    let response = app.call("accept_invite", &[("token", &token), ("password", PASSWORD)], None).await;
    assert_eq!(response.status(), 400);
    assert!(profile(&app, &owner).await.invites.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_employer_reaches_only_their_own_company_and_team() {
    let app = TestApp::new().await;
    let alice = employer(&app, "alice@example.com", "Alpha").await;
    let bob = employer(&app, "bob@example.com", "Bravo").await;
    app.call("invite_teammate", &[("email", "carol@example.com")], Some(&alice)).await;

    let seen_by_bob = profile(&app, &bob).await;
    assert_eq!(seen_by_bob.draft.name, "Bravo");
    assert_eq!(seen_by_bob.team.len(), 1);
    assert!(seen_by_bob.invites.is_empty(), "Bravo does not see Alpha's invitations");

    save_profile(&app, &bob, "Bravo Renamed", "", "").await;
    let png = picture(32, 32, ImageFormat::Png);
    app.upload("/dashboard/company/logo", "logo", png, Some(&bob), &app.url).await;
    let alpha = profile(&app, &alice).await;
    assert_eq!((alpha.draft.name.as_str(), alpha.logo_path), ("Alpha", None), "Alpha is untouched");
    assert_eq!(alpha.invites.len(), 1);

    let calls: [(&str, &[(&str, &str)]); 4] = [
        ("company_profile", &[]),
        ("update_company_profile", &[("profile[name]", "Hijacked")]),
        ("remove_company_logo", &[]),
        ("invite_teammate", &[("email", "x@example.com")]),
    ];
    for (function, form) in calls {
        assert_eq!(app.call(function, form, None).await.status(), 401, "{function} signed out");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sign_up_alone_puts_no_company_page_on_the_board() {
    let app = TestApp::new().await;
    let form = [("email", "hr@victim.example"), ("password", PASSWORD), ("company_name", "Victim Corp")];
    assert_eq!(app.call("signup", &form, None).await.status(), 200);
    app.page("/companies/victim-corp", 404).await;
    app.page("/companies/victim-corp/embed", 404).await;
    let confirmed = employer(&app, "ada@globex.example", "Globex").await;
    app.page("/companies/globex", 404).await;
    let mut draft = crate::postings::draft("Globex Rust Engineer");
    draft.apply_url = "https://globex.example/apply".into();
    let form = crate::postings::fields(&draft);
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let id: i64 = app.call("create_posting", &pairs, Some(&confirmed)).await.json().await.expect("id");
    app.page("/companies/globex", 404).await;
    sqlx::query(&format!("UPDATE jobs SET status = 'published', published_at = 1 WHERE id = {id}"))
        .execute(&app.db.pool)
        .await
        .expect("publish");
    app.page("/companies/globex", 200).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sign_up_never_confirmed_goes_after_two_days_with_its_company() {
    use farcoder::server::freshness;
    let app = TestApp::new().await;
    let form = [("email", "hr@victim.example"), ("password", PASSWORD), ("company_name", "Victim Corp")];
    assert_eq!(app.call("signup", &form, None).await.status(), 200);
    employer(&app, "ada@globex.example", "Globex").await;
    let run = freshness::run_once(&app.db, &app.storage(), &app.url, farcoder::server::now()).await;
    assert_eq!(run.expect("run").signups_purged, 0, "its link is still good");

    let later = farcoder::server::now() + freshness::UNCONFIRMED_LIFETIME + DAY;
    let run = freshness::run_once(&app.db, &app.storage(), &app.url, later).await.expect("run");
    assert_eq!(run.signups_purged, 1);
    assert_eq!(app.count("users", "email = 'hr@victim.example'").await, 0);
    assert_eq!(app.count("companies", "slug = 'victim-corp'").await, 0, "the name and slug are free again");
    assert_eq!(app.count("users", "email = 'ada@globex.example'").await, 1, "a confirmed account stays");
    assert_eq!(app.count("companies", "slug = 'globex'").await, 1);
    let again = [("email", "ceo@victim.example"), ("password", PASSWORD), ("company_name", "Victim Corp")];
    assert_eq!(app.call("signup", &again, None).await.status(), 200);
    assert_eq!(app.count("companies", "slug = 'victim-corp'").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_public_companys_new_name_waits_for_a_moderator() {
    use farcoder::model::VerificationQueue;
    let app = TestApp::new().await;
    let moderator = crate::moderation::moderator(&app).await;
    let session = employer(&app, "ada@globex.example", "Globex").await;
    // Not public yet: a new name is simply saved.
    assert_eq!(save_profile(&app, &session, "Globex Labs", "https://globex.example", "").await.status(), 200);
    assert_eq!(profile(&app, &session).await.public_name, "Globex Labs");
    // Once a posting waits for review, a moderator is reading the name.
    let id: i64 =
        sqlx::query_scalar("SELECT id FROM companies WHERE slug = 'globex'").fetch_one(&app.db.pool).await.expect("id");
    let company = crate::harness::Company { id };
    let review = crate::harness::JobSpec { status: "review", ..crate::harness::JobSpec::titled("Globex Go Engineer") };
    app.post_job(&company, review).await;
    assert_eq!(save_profile(&app, &session, "Globex Labs Two", "https://globex.example", "").await.status(), 200);
    assert_eq!(profile(&app, &session).await.public_name, "Globex Labs", "held while a posting is in review");
    assert_eq!(save_profile(&app, &session, "Globex Labs", "https://globex.example", "").await.status(), 200);
    assert!(profile(&app, &session).await.pending_name.is_none(), "the old name again withdraws it");
    // Public: verified, with a posting on the board.
    app.verify("Globex").await;
    app.post_job(&company, crate::harness::JobSpec::titled("Globex Rust Engineer")).await;
    let queue = || {
        let (app, moderator) = (&app, moderator.clone());
        async move {
            let response = app.call("verification_queue", &[], Some(&moderator)).await;
            response.json::<VerificationQueue>().await.expect("queue")
        }
    };

    assert_eq!(save_profile(&app, &session, "Totally Legit Bank", "https://globex.example", "").await.status(), 200);
    let page = app.page("/companies/globex", 200).await;
    assert!(page.contains("Globex Labs") && !page.contains("Totally Legit Bank"), "the old name stays public");
    let shown = profile(&app, &session).await;
    assert_eq!(shown.pending_name.as_deref(), Some("Totally Legit Bank"));
    assert_eq!(shown.draft.name, "Totally Legit Bank", "the form shows the name asked for");
    let waiting = queue().await.renames;
    assert_eq!((waiting.len(), waiting[0].new_name.as_str()), (1, "Totally Legit Bank"));
    // Saving the profile as the form shows it keeps the name waiting, in its place.
    let about = "We make globes.";
    assert_eq!(save_profile(&app, &session, "Totally Legit Bank", "https://globex.example", about).await.status(), 200);
    assert_eq!(profile(&app, &session).await.draft.about, about);
    assert_eq!(queue().await.renames, waiting);

    assert_eq!(waiting[0].company_id, id);
    let id = id.to_string();
    let decide = |name: &'static str, decision: &'static str, reason: &'static str| {
        let (app, moderator, id) = (&app, moderator.clone(), id.clone());
        async move {
            let form = [("id", id.as_str()), ("name", name), ("decision", decision), ("reason", reason)];
            app.call("decide_rename", &form, Some(&moderator)).await.status().as_u16()
        }
    };
    assert_eq!(decide("Totally Legit Bank", "decline", "").await, 400, "a decline needs a reason");
    assert_eq!(decide("Totally Legit Bank", "decline", "That is not your company’s name.").await, 200);
    assert!(app.page("/companies/globex", 200).await.contains("Globex Labs"));
    assert!(profile(&app, &session).await.pending_name.is_none());
    let mail = app.mail_containing("ada@globex.example", "declined your company's new name").await.expect("mail");
    assert!(mail.contains("That is not your company’s name."), "{mail}");

    assert_eq!(save_profile(&app, &session, "Globex Systems", "https://globex.example", "").await.status(), 200);
    assert_eq!(decide("Something Else", "approve", "").await, 400, "only the name the moderator saw");
    assert_eq!(decide("Globex Systems", "approve", "").await, 200);
    let page = app.page("/companies/globex", 200).await;
    assert!(page.contains("Globex Systems"), "approved: the new name is public");
    assert!(queue().await.renames.is_empty());
    let badge = profile(&app, &session).await.verification;
    assert!(!matches!(badge, farcoder::model::Verification::Verified { .. }), "the badge vouched for the old name");
    let log = app.get_as("/admin/audit", &moderator).await.text().await.expect("audit log");
    assert!(log.contains("approve rename") && log.contains("decline rename"), "{log}");

    // Saving the old name again withdraws a waiting one.
    app.verify("Globex").await;
    assert_eq!(save_profile(&app, &session, "Globex Again", "https://globex.example", "").await.status(), 200);
    assert_eq!(save_profile(&app, &session, "Globex Systems", "https://globex.example", "").await.status(), 200);
    assert!(queue().await.renames.is_empty());
}
