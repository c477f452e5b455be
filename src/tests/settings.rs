//! The settings as an operator meets them: the real binary's `farcoder
//! config` with the README's examples, and with wrong ones, each refused
//! with one line naming the setting.

use std::process::Command;

/// `farcoder config` with only `env` (and a scratch database) set: whether
/// it succeeded, and what it printed.
fn config(env: &[(&str, &str)]) -> (bool, String) {
    let dir = tempfile::tempdir().expect("dir");
    let mut command = Command::new(env!("CARGO_BIN_EXE_farcoder"));
    command.arg("config").env_clear().env("PATH", std::env::var("PATH").unwrap_or_default()).env("NO_COLOR", "1");
    command.env("DATABASE_URL", format!("sqlite://{}/farcoder.db", dir.path().display()));
    command.env("LEPTOS_SITE_ROOT", dir.path());
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().expect("run farcoder config");
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.success(), text)
}

#[test]
fn the_readme_examples_are_taken_and_shown_without_secrets() {
    let examples: &[&[(&str, &str)]] = &[
        &[],
        &[("FARCODER_SMTP_URL", "smtp://127.0.0.1:25?tls=none")],
        &[("FARCODER_SMTP_URL", "smtp://mailer:correct-horse-battery@smtp.example.com:587")],
        &[("FARCODER_SMTP_URL", "smtps://mailer:correct-horse-battery@smtp.example.com:465")],
        &[("FARCODER_PAGE_CACHE", "0"), ("FARCODER_AUTO_APPROVE", "true"), ("FARCODER_DEMO_DATA", "off")],
        &[("FARCODER_STORAGE", "s3"), ("FARCODER_S3_BUCKET", "cvs"), ("FARCODER_S3_ENDPOINT", "http://minio:9000")],
        &[("FARCODER_REQUEST_TIMEOUT_SECS", "30"), ("FARCODER_DB_MAX_CONNECTIONS", "20")],
        &[("FARCODER_METRICS_TOKEN", "0123456789abcdef0123456789abcdef")],
        &[("FARCODER_BACKUP_TO", "/srv/backups"), ("FARCODER_BACKUP_EVERY_HOURS", "6"), ("FARCODER_BACKUP_KEEP", "28")],
        &[("FARCODER_LOG_FORMAT", "json")],
    ];
    for env in examples {
        let (ok, printed) = config(env);
        assert!(ok, "{env:?}:\n{printed}");
        assert!(printed.contains("Config {"), "{printed}");
        for secret in ["correct-horse-battery", "0123456789abcdef0123456789abcdef"] {
            assert!(!printed.contains(secret), "{secret} printed:\n{printed}");
        }
    }
    let (_, printed) = config(&[("FARCODER_PAGE_CACHE", "off")]);
    assert!(printed.contains("page_cache: false"), "off is off:\n{printed}");
    let (_, printed) = config(&[("FARCODER_REQUEST_TIMEOUT_SECS", "30")]);
    assert!(printed.contains("request_timeout: 30s"), "{printed}");
}

#[test]
fn a_wrong_setting_stops_the_start_naming_it() {
    let wrong: &[(&[(&str, &str)], &str)] = &[
        (&[("FARCODER_PAGE_CACHE", "maybe")], "FARCODER_PAGE_CACHE=`maybe`: use 1 or 0"),
        (
            &[("FARCODER_REQUEST_TIMEOUT_SECS", "30s")],
            "FARCODER_REQUEST_TIMEOUT_SECS=`30s`: give a whole number of seconds",
        ),
        (&[("FARCODER_DB_MAX_CONNECTIONS", "ten")], "FARCODER_DB_MAX_CONNECTIONS=`ten`"),
        (&[("FARCODER_DB_MAX_CONNECTIONS", "4294967297")], "from 1 to 1000"),
        (&[("FARCODER_LIST_LAG_SECS", "600")], "FARCODER_LIST_LAG_SECS=`600`"),
        (&[("FARCODER_PAGE_CAHCE", "0")], "FARCODER_PAGE_CAHCE is not a setting FarCoder reads"),
        (&[("FARCODER_SMTP_URL", "smtp://relay.example.com?tls=maybe")], "FARCODER_SMTP_URL: tls=maybe"),
        (&[("FARCODER_DKIM_SELECTOR", "mail")], "DKIM signing needs both"),
        (&[("FARCODER_S3_BUCKET", "cvs")], "FARCODER_S3_BUCKET is set but FARCODER_STORAGE is not s3"),
        (&[("FARCODER_STORAGE", "s4")], "FARCODER_STORAGE=`s4`"),
        (&[("FARCODER_METRICS_TOKEN", "short")], "FARCODER_METRICS_TOKEN is too short"),
        (&[("FARCODER_BACKUP_KEEP", "7")], "need FARCODER_BACKUP_TO"),
        (&[("FARCODER_BACKUP_TO", "/srv/b"), ("FARCODER_BACKUP_EVERY_HOURS", "0")], "FARCODER_BACKUP_EVERY_HOURS=`0`"),
        (&[("FARCODER_LOG_FORMAT", "xml")], "FARCODER_LOG_FORMAT=`xml`: use text or json"),
        (&[("FARCODER_INDEXNOW_KEY", "../key")], "FARCODER_INDEXNOW_KEY takes 8 to 128 letters"),
        (&[("FARCODER_GOOGLE_INDEXING_KEY_FILE", "/nonexistent/sa.json")], "/nonexistent/sa.json cannot be read"),
        (&[("FARCODER_GOOGLE_INDEXING_KEY_FILE", "Cargo.toml")], "not a service account's JSON key file"),
        (&[("FARCODER_GOOGLE_INDEXING_QUOTA", "0")], "FARCODER_GOOGLE_INDEXING_QUOTA=`0`"),
    ];
    for (env, says) in wrong {
        let (ok, printed) = config(env);
        assert!(!ok, "{env:?} was taken:\n{printed}");
        assert!(printed.contains(says), "{env:?} should say {says:?}:\n{printed}");
        assert!(!printed.contains("Config {"), "nothing in effect was printed");
        assert_eq!(printed.trim().lines().count(), 1, "one line:\n{printed}");
    }
}

/// The names in `text` that look like a setting's variable.
fn variables(text: &str) -> std::collections::BTreeSet<String> {
    let mut found = std::collections::BTreeSet::new();
    for (at, _) in text.match_indices("FARCODER_") {
        let name: String =
            text[at..].chars().take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_').collect();
        found.insert(name);
    }
    found
}

#[test]
fn the_help_and_the_readme_name_the_same_settings() {
    let output = Command::new(env!("CARGO_BIN_EXE_farcoder")).arg("--help").output().expect("run farcoder --help");
    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("[default: 60]") && help.contains("1 to 3600"), "defaults and ranges shown:\n{help}");
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    // Prefixes the README names as families (`FARCODER_S3_*`, the test scripts').
    let families = ["FARCODER_", "FARCODER_S3_", "FARCODER_TEST_", "FARCODER_E2E_"];
    let documented: std::collections::BTreeSet<String> =
        variables(&readme).into_iter().filter(|name| !families.contains(&name.as_str())).collect();
    assert_eq!(documented, variables(&help), "the README's settings and `farcoder --help`'s differ");
}
