//! E-mail through a real SMTP server (aiosmtpd with STARTTLS and AUTH,
//! started by `scripts/with-smtp`): leases that two servers never both
//! send under, a crashed server's lease taken over, temporary failures retried,
//! permanent ones bouncing, DKIM signatures a verifier accepts, and a
//! moderation decision and its e-mail committed together.

use std::time::Duration;

use farcoder::server::now;
use farcoder::server::repo::outbox;

use crate::harness::{TestApp, TestDatabase};
use crate::mailbox::Mailbox;
use crate::processes::Server;

async fn queue(app: &TestApp, recipient: &str, subject: &str) {
    outbox::enqueue(
        &app.db,
        &outbox::Outgoing { recipient, subject, body: "Hello from the tests.\n", ..Default::default() },
        now(),
    )
    .await
    .expect("enqueue");
}

/// `(attempts, sent, failed, body)` of the one outbox row to `recipient`.
async fn row(db: &farcoder::server::db::Db, recipient: &str) -> (i64, bool, bool, String) {
    let (attempts, sent, failed, body): (i64, Option<i64>, Option<i64>, String) = sqlx::query_as(&format!(
        "SELECT attempts, sent_at, failed_at, body FROM outbox WHERE recipient = '{recipient}'"
    ))
    .fetch_one(&db.pool)
    .await
    .expect("row");
    (attempts, sent.is_some(), failed.is_some(), body)
}

async fn until<F: std::future::Future<Output = bool>>(what: &str, limit: Duration, mut check: impl FnMut() -> F) {
    let started = std::time::Instant::now();
    while !check().await {
        assert!(started.elapsed() < limit, "{what} did not happen in {limit:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_on_one_database_send_each_message_once() {
    let first = TestApp::new().await;
    let second = first.beside(|_| {}).await;
    for n in 0..40 {
        queue(&first, &format!("reader-{n}@example.com"), &format!("Message {n}")).await;
    }
    until("all 40 delivered", Duration::from_secs(20), || async { first.mail_count() >= 40 }).await;
    // Both senders have had two more rounds, in which either would have sent
    // a second copy of a message it had claimed twice.
    first.rounds_pass("jobs", 2).await;
    second.rounds_pass("jobs", 2).await;
    let mut ids: Vec<i64> = first.mailbox.all().iter().map(|m| m.outbox_id).collect();
    assert_eq!(ids.len(), 40, "each message arrived once");
    ids.dedup();
    assert_eq!(ids.len(), 40);
    let (senders,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")
        .fetch_one(&second.db.pool)
        .await
        .expect("n");
    assert_eq!(senders, 0, "every row is marked sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_a_killed_server_had_claimed_is_delivered_once_by_another() {
    let database = TestDatabase::new().await;
    let mailbox = &database.mailbox;
    let mut env: Vec<(&str, String)> = vec![
        ("DATABASE_URL", database.url.clone()),
        ("FARCODER_DEMO_DATA", "0".into()),
        ("FARCODER_MAIL_CLAIM_SECS", "2".into()),
    ];
    env.extend(mailbox.env());
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let first = Server::start(&env).await;
    let db = farcoder::server::db::Db::connect(&database.url, &Default::default()).await.expect("db");
    // The test server holds the first RCPT for this address forever: the
    // sender has claimed the message and is inside the SMTP conversation.
    let recipient = format!("stall-once-{}@example.com", std::process::id());
    outbox::enqueue(
        &db,
        &outbox::Outgoing {
            recipient: &recipient,
            subject: "Confirm your e-mail address",
            body: "A link.\n",
            ..Default::default()
        },
        now(),
    )
    .await
    .expect("enqueue");
    until("the first server's claim", Duration::from_secs(10), || async {
        let (leased,): (Option<String>,) =
            sqlx::query_as("SELECT leased_by FROM background_jobs WHERE kind = 'send-mail'")
                .fetch_one(&db.pool)
                .await
                .expect("lease");
        leased.is_some()
    })
    .await;
    assert!(mailbox.all().is_empty(), "the first server never got to send");
    drop(first); // SIGKILL, between claim and send.

    let second = Server::start(&env).await;
    until("delivery by the second server", Duration::from_secs(15), || async { !mailbox.all().is_empty() }).await;
    // Two more rounds, in which a second delivery would have happened.
    second.rounds_pass("jobs", 2).await;
    let received = mailbox.all();
    assert_eq!(received.len(), 1, "delivered once");
    assert_eq!(received[0].delivered_to, recipient);
    let (_, sent, failed, body) = row(&db, &recipient).await;
    assert!(sent && !failed && body.is_empty(), "marked sent, its body forgotten");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_temporary_refusal_is_retried_and_a_permanent_one_marks_the_address_bouncing() {
    let app = TestApp::new().await;
    let busy = format!("busy-once-{}@example.com", std::process::id());
    let gone = format!("bounce-{}@example.com", std::process::id());
    queue(&app, &busy, "Your application for Acme Compiler Engineer").await;
    queue(&app, &gone, "Your application for Acme Compiler Engineer").await;

    // 451 the first time; the retry a second later is accepted.
    assert!(app.mailbox.find(&busy, "Acme Compiler Engineer").await.is_some(), "delivered on the retry");
    let (attempts, sent, failed, _) = row(&app.db, &busy).await;
    assert_eq!((attempts, sent, failed), (2, true, false));
    assert!(!outbox::is_bouncing(&app.db, &busy).await.expect("bouncing"));

    // 550: given up at once, the body forgotten, the address remembered.
    until("the bounce", Duration::from_secs(5), || async { row(&app.db, &gone).await.2 }).await;
    let (attempts, sent, failed, body) = row(&app.db, &gone).await;
    assert_eq!((attempts, sent, failed, body.as_str()), (1, false, true, ""));
    assert!(outbox::is_bouncing(&app.db, &gone).await.expect("bouncing"));
    assert!(app.mailbox.all().iter().all(|m| m.delivered_to != gone));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_smtp_password_is_retried_not_taken_for_a_bounce() {
    let app = TestApp::with_config(|config| {
        let url = config.mail.smtp_url.clone().expect("smtp");
        let (scheme, rest) = url.split_once("://").expect("url");
        let host = rest.rsplit_once('@').expect("user part").1;
        config.mail.smtp_url = Some(format!("{scheme}://farcoder:wrong-password@{host}"));
    })
    .await;
    queue(&app, "ada@example.com", "Confirm your e-mail address").await;
    until("a failed try", Duration::from_secs(10), || async { row(&app.db, "ada@example.com").await.0 >= 1 }).await;
    let (_, sent, failed, body) = row(&app.db, "ada@example.com").await;
    assert!(!sent && !failed && !body.is_empty(), "still waiting, body kept for the retry");
    assert!(!outbox::is_bouncing(&app.db, "ada@example.com").await.expect("bouncing"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_signed_with_dkim_verifies_at_the_receiver() {
    let key = std::env::var("FARCODER_TEST_DKIM_KEY").expect("FARCODER_TEST_DKIM_KEY: run under scripts/with-smtp");
    let app = TestApp::with_config(|config| {
        config.mail.dkim =
            Some(farcoder::server::mail::DkimSettings { key_file: key.into(), selector: "test".into(), domain: None });
    })
    .await;
    queue(&app, "ada@example.com", "Größere Gehälter, neue Jobs").await;
    let mail = app.mail_to("ada@example.com").await.expect("delivered");
    assert!(mail.contains("DKIM-Signature:"), "{mail}");
    assert!(mail.contains("X-Test-DKIM: pass"), "the receiver verified the signature: {mail}");
    assert!(mail.contains("Subject: Größere Gehälter, neue Jobs"), "the encoded subject decodes: {mail}");

    // A digest's one-click unsubscribe is signed too: no relay can add or
    // change where it posts.
    let unsubscribe = format!("{}/alerts/unsubscribe?alert=1&key=ab", app.url);
    let digest = outbox::Outgoing {
        recipient: "bo@example.com",
        subject: "3 new remote jobs",
        body: "Jobs.\n",
        unsubscribe_url: Some(&unsubscribe),
        ..Default::default()
    };
    outbox::enqueue(&app.db, &digest, now()).await.expect("enqueue");
    let mail = app.mail_to("bo@example.com").await.expect("delivered");
    let signature = mail.split("DKIM-Signature:").nth(1).expect("signed");
    let signed: String = signature[..signature.find("bh=").expect("tags")].split_whitespace().collect();
    assert!(signed.contains(":list-unsubscribe:list-unsubscribe-post"), "{signed}");
    assert!(mail.contains("X-Test-DKIM: pass"), "{mail}");
}

#[test]
fn mail_helpers_are_honest() {
    // The receiving side must exist: without scripts/with-smtp the suite
    // fails here rather than passing with nothing checked.
    let mailbox = Mailbox::new();
    assert!(mailbox.from.ends_with("@farcoder.test"));
    assert!(std::path::Path::new(&std::env::var("FARCODER_TEST_MAILDIR").expect("maildir")).is_dir());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_started_with_each_smtp_form_the_readme_gives_delivers() {
    let database = TestDatabase::new().await;
    let mailbox = &database.mailbox;
    let env_of = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name}: run under scripts/with-smtp"));
    let ca = env_of("FARCODER_TEST_SMTP_CA");
    // STARTTLS with AUTH, a relay on this machine without TLS, and SMTPS.
    let forms = [
        ("starttls", env_of("FARCODER_TEST_SMTP_URL"), Some(ca.clone())),
        ("relay", env_of("FARCODER_TEST_RELAY_URL"), None),
        ("smtps", env_of("FARCODER_TEST_SMTPS_URL"), Some(ca.clone())),
    ];
    let db = farcoder::server::db::Db::connect(&database.url, &Default::default()).await.expect("db");
    for (form, url, ca) in forms {
        let mut env: Vec<(&str, String)> = vec![
            ("DATABASE_URL", database.url.clone()),
            ("FARCODER_DEMO_DATA", "0".into()),
            ("FARCODER_SMTP_URL", url.clone()),
            ("FARCODER_MAIL_FROM", format!("FarCoder <{}>", mailbox.from)),
            ("FARCODER_MAIL_RETRY_SECS", "1".into()),
        ];
        env.extend(ca.map(|ca| ("FARCODER_SMTP_CA_FILE", ca)));
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let server = Server::start(&env).await;
        let recipient = format!("{form}@example.com");
        outbox::enqueue(
            &db,
            &outbox::Outgoing {
                recipient: &recipient,
                subject: "Through the relay",
                body: "Hello.\n",
                ..Default::default()
            },
            now(),
        )
        .await
        .expect("enqueue");
        assert!(mailbox.find(&recipient, "Hello.").await.is_some(), "{form} ({url}) delivered:\n{}", server.log());
        let password =
            url.split_once("://").and_then(|(_, rest)| rest.split_once('@')).and_then(|(c, _)| c.split_once(':'));
        if let Some((_, password)) = password {
            assert!(!server.log().contains(password), "no SMTP password in the log");
        }
        drop(server);
    }
}
