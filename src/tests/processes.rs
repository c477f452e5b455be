//! Real `farcoder` processes and a PostgreSQL cluster of a test's own, for the
//! tests of how FarCoder runs: several servers, start-up, database restarts.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A `farcoder serve` process; killed when dropped.
pub struct Server {
    child: Child,
    pub url: String,
    log: Arc<Mutex<String>>,
    _site: tempfile::TempDir,
}

impl Server {
    /// Starts the binary on a free port with `env`, without waiting.
    pub fn spawn(env: &[(&str, &str)]) -> Server {
        let site = tempfile::tempdir().expect("site root");
        let mut command = Command::new(env!("CARGO_BIN_EXE_farcoder"));
        command
            .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
            .env("LEPTOS_SITE_ROOT", site.path())
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (key, value) in env {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("start farcoder");
        let log = Arc::new(Mutex::new(String::new()));
        for stream in [
            child.stdout.take().map(|s| Box::new(s) as Box<dyn std::io::Read + Send>),
            child.stderr.take().map(|s| Box::new(s) as _),
        ]
        .into_iter()
        .flatten()
        {
            let log = log.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if let Ok(mut log) = log.lock() {
                        log.push_str(&line);
                        log.push('\n');
                    }
                }
            });
        }
        Server { child, url: String::new(), log, _site: site }
    }

    /// Starts the binary and waits until it listens.
    pub async fn start(env: &[(&str, &str)]) -> Server {
        let mut server = Server::spawn(env);
        server.wait_until_listening(Duration::from_secs(90)).await;
        server
    }

    pub async fn wait_until_listening(&mut self, limit: Duration) {
        let line = self.wait_for_log("FarCoder listening on http://", limit).await;
        // The address runs to the end of the line, or of its JSON string.
        let after = line.rsplit("http://").next().unwrap_or_default();
        let addr: String = after.chars().take_while(|c| c.is_ascii_alphanumeric() || ".:[]".contains(*c)).collect();
        self.url = format!("http://{addr}");
    }

    /// Waits for a log line containing `needle` and returns it.
    pub async fn wait_for_log(&mut self, needle: &str, limit: Duration) -> String {
        let start = Instant::now();
        loop {
            if let Some(line) = self.log().lines().find(|l| l.contains(needle)) {
                return line.to_owned();
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("farcoder exited ({status}) before logging {needle:?}:\n{}", self.log());
            }
            assert!(start.elapsed() < limit, "no {needle:?} after {limit:?}:\n{}", self.log());
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits for the process to exit and returns whether it succeeded.
    pub async fn wait_for_exit(&mut self, limit: Duration) -> bool {
        let start = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.success();
            }
            assert!(start.elapsed() < limit, "still running after {limit:?}:\n{}", self.log());
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Sends SIGTERM, as `docker stop`, systemd and Kubernetes do.
    pub fn terminate(&self) {
        let sent = Command::new("kill").arg("-TERM").arg(self.child.id().to_string()).status().expect("kill");
        assert!(sent.success(), "SIGTERM not delivered");
    }

    pub fn log(&self) -> String {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    pub async fn get(&self, path: &str) -> (u16, String) {
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
        let response = client.get(format!("{}{path}", self.url)).send().await.expect("GET");
        let status = response.status().as_u16();
        (status, response.text().await.unwrap_or_default())
    }

    /// How many rounds background task `task` has finished, as `/readyz` says.
    async fn rounds(&self, task: &str) -> u64 {
        let (_, ready) = self.get("/readyz").await;
        let line = ready.lines().find_map(|l| l.strip_prefix(&format!("task {task}: "))).unwrap_or_default();
        line.split_once('(').and_then(|(_, rest)| rest.split(' ').next()).and_then(|n| n.parse().ok()).unwrap_or(0)
    }

    /// Waits until background task `task` has finished `n` more rounds:
    /// whatever it would do with what is there now, it has done.
    pub async fn rounds_pass(&self, task: &str, n: u64) {
        let target = self.rounds(task).await + n;
        let started = std::time::Instant::now();
        while self.rounds(task).await < target {
            assert!(started.elapsed() < Duration::from_secs(30), "{task} did not finish {n} rounds:\n{}", self.log());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A PostgreSQL cluster of a test's own, in a temporary folder, that the test
/// may stop and start. Removed when dropped.
pub struct Cluster {
    bin: PathBuf,
    dir: tempfile::TempDir,
    pub port: u16,
}

impl Cluster {
    /// `None` when no PostgreSQL binaries are installed.
    pub fn create() -> Option<Cluster> {
        let bin = std::env::var_os("FARCODER_TEST_PG_BIN").map(PathBuf::from).or_else(|| {
            let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
                .ok()?
                .flatten()
                .map(|e| e.path().join("bin"))
                .filter(|p| p.join("initdb").exists())
                .collect();
            found.sort();
            found.pop()
        })?;
        let dir = tempfile::Builder::new().prefix("farcoder-pg-test").tempdir().expect("cluster folder");
        if is_root() {
            run(Command::new("chown").arg("postgres").arg(dir.path()));
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port").port();
        let cluster = Cluster { bin, dir, port };
        run(cluster
            .as_postgres("initdb")
            .args(["-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "-D"])
            .arg(cluster.data()));
        cluster.start();
        Some(cluster)
    }

    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    pub fn start(&self) {
        let options =
            format!("-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off", self.port, self.dir.path().display());
        run(self
            .as_postgres("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .arg("-l")
            .arg(self.dir.path().join("server.log"))
            .args(["-w", "-o", &options, "start"]));
    }

    pub fn stop(&self) {
        run(self.as_postgres("pg_ctl").arg("-D").arg(self.data()).args(["-m", "fast", "-w", "stop"]));
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// A PostgreSQL tool, run as the postgres account when we are root
    /// (PostgreSQL refuses to run as root).
    fn as_postgres(&self, tool: &str) -> Command {
        let program = self.bin.join(tool);
        if is_root() {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(program);
            command
        } else {
            Command::new(program)
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self
            .as_postgres("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .args(["-m", "immediate", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

fn is_root() -> bool {
    std::env::var("USER").is_ok_and(|u| u == "root")
        || Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

fn run(command: &mut Command) {
    let output = command.output().expect("run a PostgreSQL tool");
    assert!(
        output.status.success(),
        "{command:?} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
