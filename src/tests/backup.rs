//! Backups that restore: a copy taken while people apply holds every write
//! acknowledged before it began, CVs included, and comes back into an empty
//! database, from a folder and from an S3-compatible bucket.

use farcoder::server::backup;
use farcoder::server::db::Db;
use farcoder::server::now;
use farcoder::server::storage::{S3Settings, Storage};

use crate::applications::{PDF, apply, employer_with_job, fields};
use crate::harness::TestApp;

/// A PDF of its own for applicant `i`.
fn cv(i: usize) -> Vec<u8> {
    [PDF, format!("% applicant {i}\n").as_bytes()].concat()
}

async fn backed_up_and_restored(target: &str, s3: Option<&S3Settings>) {
    let app = TestApp::with_config(|c| c.auto_approve = true).await;
    let (_, _, slug) = employer_with_job(&app, "ada@acme.example", "Acme").await;
    for i in 0..3 {
        apply(&app, &slug, &fields(&format!("before{i}@example.com")), Some(("cv.pdf", cv(i)))).await;
    }
    // People go on applying while the copy is taken.
    let during = {
        let (url, slug) = (app.url.clone(), slug.clone());
        tokio::spawn(async move {
            let client =
                reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
            for i in 0..15 {
                let mut form = reqwest::multipart::Form::new();
                for (name, value) in fields(&format!("during{i}@example.com")) {
                    form = form.text(name, value);
                }
                let part = reqwest::multipart::Part::bytes(cv(100 + i)).file_name("cv.pdf").mime_str("application/pdf");
                form = form.part("cv", part.expect("mime"));
                let sent = client
                    .post(format!("{url}/jobs/{slug}/applications"))
                    .header("origin", &url)
                    .multipart(form)
                    .send();
                assert!(sent.await.expect("POST").status().is_redirection());
            }
        })
    };
    let place = backup::place(target, s3).expect("the target");
    let made = backup::backup(&app.db, app.database_url(), &app.storage(), &place, now()).await.expect("backup");
    during.await.expect("the writes went on");
    assert!(made.files >= 3, "{made:?}");

    // Into an empty database (not even migrated) and an empty folder.
    let folder = tempfile::tempdir().expect("dir");
    let empty = crate::postgres::Scratch::empty().await;
    let fresh_url = match &empty {
        Some(scratch) => scratch.url.clone(),
        None => format!("sqlite://{}", folder.path().join("restored.db").display()),
    };
    let uploads = Storage::local(folder.path().join("uploads")).expect("uploads");
    let restored = backup::restore(&place, &fresh_url, &uploads).await.expect("restore");
    assert_eq!(restored, made);
    let db = Db::connect(&fresh_url, &Default::default()).await.expect("the restored database");
    db.migrate().await.expect("migrations on top");
    for i in 0..3 {
        let (key,): (String,) =
            sqlx::query_as(&format!("SELECT cv_key FROM applications WHERE email = 'before{i}@example.com'"))
                .fetch_one(&db.pool)
                .await
                .unwrap_or_else(|e| panic!("applicant {i}, acknowledged before the backup: {e}"));
        assert_eq!(uploads.get(&key).await.expect("its CV"), cv(i), "applicant {i}'s own CV");
    }
    // Whatever the copy holds of the writes made during it is whole: each
    // application it has, it has with its CV.
    let keys: Vec<(String,)> =
        sqlx::query_as("SELECT cv_key FROM applications").fetch_all(&db.pool).await.expect("all");
    for (key,) in keys {
        assert!(uploads.get(&key).await.is_ok(), "{key} restored with its row");
    }
    // Restoring over a database that has data is refused.
    assert!(backup::restore(&place, app.database_url(), &uploads).await.is_err(), "only into an empty database");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_to_a_folder_restores_every_write_from_before_it() {
    let target = tempfile::tempdir().expect("dir");
    backed_up_and_restored(&target.path().join("nightly").display().to_string(), None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_to_a_bucket_restores_every_write_from_before_it() {
    let s3 = crate::applications::test_bucket();
    let bucket = s3.bucket.clone();
    let prefix = format!("backups/{}", std::process::id());
    backed_up_and_restored(&format!("s3://{bucket}/{prefix}-{}", now().unix()), Some(&s3)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_commands_back_up_and_restore_as_the_readme_says() {
    let dir = tempfile::tempdir().expect("dir");
    let farcoder = |args: &[&str], database: &str, uploads: &str| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_farcoder"))
            .args(args)
            .env("DATABASE_URL", format!("sqlite://{}", dir.path().join(database).display()))
            .env("FARCODER_UPLOAD_DIR", dir.path().join(uploads))
            .env("LEPTOS_SITE_ROOT", dir.path())
            .env("NO_COLOR", "1")
            .output()
            .expect("run farcoder");
        let said = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        assert!(output.status.success(), "farcoder {args:?}:\n{said}");
        said
    };
    farcoder(&["seed", "--jobs", "25", "--seed", "5"], "live.db", "uploads");
    let target = dir.path().join("backups/first").display().to_string();
    let said = farcoder(&["backup", &target], "live.db", "uploads");
    assert!(said.contains(&format!("Backed up to {target}")), "{said}");
    let said = farcoder(&["restore", &target], "restored.db", "restored-uploads");
    assert!(said.contains("Restored the database as of"), "{said}");
    // An upgrade's migrations as a release step find it current.
    let said = farcoder(&["migrate"], "restored.db", "restored-uploads");
    assert!(said.contains("migrations applied"), "{said}");
    let db = Db::connect(&format!("sqlite://{}", dir.path().join("restored.db").display()), &Default::default())
        .await
        .expect("restored");
    assert_eq!(farcoder::server::repo::jobs::count_all(&db).await.expect("count"), 25);
    // Restoring over a database that is there is refused, with the reason.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_farcoder"))
        .args(["restore", &target])
        .env("DATABASE_URL", format!("sqlite://{}", dir.path().join("live.db").display()))
        .env("LEPTOS_SITE_ROOT", dir.path())
        .output()
        .expect("run");
    let said = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(!output.status.success() && said.contains("exists: restore into a new file"), "{said}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scheduled_backups_make_one_copy_a_window_and_keep_the_newest() {
    let app = TestApp::with_config(|c| c.auto_approve = true).await;
    let (_, _, slug) = employer_with_job(&app, "ada@acme.example", "Acme").await;
    apply(&app, &slug, &fields("grace@example.com"), Some(("cv.pdf", cv(1)))).await;
    let folder = tempfile::tempdir().expect("dir");
    let schedule = backup::Schedule {
        to: folder.path().join("nightly").display().to_string(),
        every: farcoder::model::DAY,
        keep: 2,
    };
    let storage = app.storage();
    let run = |at| backup::scheduled(&app.db, app.database_url(), &storage, None, &schedule, at);
    let first = now();
    assert!(run(first).await.expect("a copy").is_some(), "the first round of a window makes the copy");
    assert!(run(first).await.expect("no copy").is_none(), "another server (or round) in the window does not");
    for day in 1..=3 {
        assert!(run(first + day * farcoder::model::DAY).await.expect("a copy").is_some());
    }
    let mut kept: Vec<String> = std::fs::read_dir(folder.path().join("nightly"))
        .expect("copies")
        .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    kept.sort();
    assert_eq!(kept.len(), 2, "the newest two: {kept:?}");
    let newest = (first + 3 * farcoder::model::DAY).window_start(farcoder::model::DAY);
    assert_eq!(kept[1], newest.rfc3339().to_ascii_lowercase().replace(':', "-"));
    // Each kept copy restores.
    let restored = tempfile::tempdir().expect("dir");
    let uploads = Storage::local(restored.path().join("uploads")).expect("uploads");
    let place =
        backup::place(&folder.path().join("nightly").join(&kept[0]).display().to_string(), None).expect("place");
    let url = match crate::postgres::Scratch::empty().await {
        Some(scratch) => {
            let url = scratch.url.clone();
            let made = backup::restore(&place, &url, &uploads).await.expect("restore");
            assert_eq!(made.files, 1);
            drop(scratch);
            url
        }
        None => {
            let url = format!("sqlite://{}", restored.path().join("r.db").display());
            assert_eq!(backup::restore(&place, &url, &uploads).await.expect("restore").files, 1);
            url
        }
    };
    assert!(!url.is_empty());
}
