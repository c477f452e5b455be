//! The server's shape, checked from its sources (`src/server`): its modules
//! name each other in one direction only (no import cycle, at any level:
//! between rooms, between the files of a room, between a folder's `mod.rs`
//! and its files), each room uses only the rooms below it, and nothing
//! outside `http/` and start-up (`app.rs`) names `axum`, `AppState` or the
//! user interface; and the services keep times as `model::Time` and `Span`,
//! not bare integers. A change that breaks one fails here with what it found.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module path (`postings::jobs`) → the code of its file, without comments
/// and without its inline test module.
fn server_modules() -> BTreeMap<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/server");
    let mut modules = BTreeMap::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("server folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(&root).expect("inside").with_extension("");
            let mut segments: Vec<String> =
                relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            if segments.last().is_some_and(|s| s == "mod") {
                segments.pop();
            }
            let code = std::fs::read_to_string(&path).expect("source");
            modules.insert(segments.join("::"), without_tests(&without_comments(&code)));
        }
    }
    modules
}

fn without_comments(code: &str) -> String {
    code.lines().map(|line| line.split_once("//").map_or(line, |(code, _)| code)).collect::<Vec<_>>().join("\n")
}

/// The code before the file's inline test module (`mod tests { … }`).
fn without_tests(code: &str) -> String {
    let starts = ["#[cfg(test)]\nmod ", "#[cfg(test)]\npub(crate) mod ", "\nmod tests {", "\nmod index_tests {"];
    let cut = starts.iter().filter_map(|s| code.find(s)).min().unwrap_or(code.len());
    code[..cut].to_owned()
}

fn is_ident(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'
}

/// The end of the `{…}` group that starts `text` (just past its `{`).
fn group_end(text: &str) -> usize {
    let mut depth = 1;
    for (at, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return at;
                }
            }
            _ => {}
        }
    }
    text.len()
}

/// The top-level items of a `{…}` group's body, each in full.
fn group_items(body: &str) -> Vec<&str> {
    let (mut items, mut depth, mut start) = (Vec::new(), 0, 0);
    for (at, c) in body.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(body[start..at].trim());
                start = at + 1;
            }
            _ => {}
        }
    }
    items.push(body[start..].trim());
    items.into_iter().filter(|i| !i.is_empty() && *i != "self").collect()
}

/// The paths `text` (what follows `crate::server::`) names: one path, or
/// each item of a group (nested groups too), each in full.
fn paths_at(text: &str, prefix: &str, paths: &mut Vec<String>) {
    if let Some(group) = text.strip_prefix('{') {
        for item in group_items(&group[..group_end(group)]) {
            paths_at(item, prefix, paths);
        }
        return;
    }
    let mut path = prefix.to_owned();
    let mut tail = text;
    loop {
        let ident: String = tail.chars().take_while(|c| is_ident(*c)).collect();
        if ident.is_empty() {
            break;
        }
        if !path.is_empty() {
            path.push_str("::");
        }
        path.push_str(&ident);
        tail = &tail[ident.len()..];
        match tail.strip_prefix("::") {
            Some(after) if after.starts_with('{') => return paths_at(after, &path, paths),
            Some(after) => tail = after,
            None => break,
        }
    }
    if !path.is_empty() {
        paths.push(path);
    }
}

/// Every path `code` names after `crate::server::`.
fn named_paths(code: &str) -> Vec<String> {
    const PREFIX: &str = "crate::server::";
    let mut paths = Vec::new();
    for (at, _) in code.match_indices(PREFIX) {
        paths_at(&code[at + PREFIX.len()..], "", &mut paths);
    }
    paths
}

/// Module → the other server modules it names.
fn dependencies(modules: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph = BTreeMap::new();
    for (module, code) in modules {
        let mut uses = BTreeSet::new();
        for path in named_paths(code) {
            let segments: Vec<&str> = path.split("::").collect();
            let target = (1..=segments.len()).rev().map(|n| segments[..n].join("::")).find(|m| modules.contains_key(m));
            if let Some(target) = target.filter(|t| t != module) {
                uses.insert(target);
            }
        }
        // A folder's `mod.rs` names its own files without the prefix.
        for line in code.lines() {
            let declared = line.trim().strip_prefix("pub ").unwrap_or(line.trim());
            let Some(child) = declared.strip_prefix("mod ").and_then(|l| l.strip_suffix(';')) else {
                continue;
            };
            let full = if module.is_empty() { child.to_owned() } else { format!("{module}::{child}") };
            let bare = format!("{child}::");
            let named =
                code.match_indices(&bare).any(|(at, _)| !code[..at].ends_with(|c: char| is_ident(c) || c == ':'));
            if named {
                uses.insert(full);
            }
        }
        graph.insert(module.clone(), uses);
    }
    graph
}

/// A cycle in `graph`, as the modules along it, if there is one.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        marks: &mut BTreeMap<String, Mark>,
        trail: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        marks.insert(node.to_owned(), Mark::Open);
        trail.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            match marks.get(next).copied().unwrap_or(Mark::New) {
                Mark::Open => {
                    let from = trail.iter().position(|n| n == next).unwrap_or(0);
                    let mut cycle = trail[from..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                Mark::New => {
                    if let Some(cycle) = visit(next, graph, marks, trail) {
                        return Some(cycle);
                    }
                }
                Mark::Done => {}
            }
        }
        trail.pop();
        marks.insert(node.to_owned(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    for node in graph.keys() {
        if marks.get(node).copied().unwrap_or(Mark::New) == Mark::New
            && let Some(cycle) = visit(node, graph, &mut marks, &mut Vec::new())
        {
            return Some(cycle);
        }
    }
    None
}

#[test]
fn the_cycle_finder_finds_a_cycle_and_passes_a_tree() {
    let graph = |edges: &[(&str, &str)]| {
        let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (a, b) in edges {
            g.entry((*a).to_owned()).or_default().insert((*b).to_owned());
            g.entry((*b).to_owned()).or_default();
        }
        g
    };
    assert_eq!(find_cycle(&graph(&[("http", "postings"), ("postings", "accounts"), ("http", "accounts")])), None);
    let cycle = find_cycle(&graph(&[("a", "b"), ("b", "c"), ("c", "a")])).expect("a cycle");
    assert_eq!((cycle.first(), cycle.len()), (cycle.last(), 4), "{cycle:?}");
    let code = "use crate::server::repo::{jobs, outbox::{self, Outgoing}, users};\n\
                use crate::server::{db::Db, search};\nlet x = crate::server::now();";
    // Types are not modules: a path stops at its last lowercase segment.
    assert_eq!(named_paths(code), ["repo::jobs", "repo::outbox", "repo::users", "db", "search", "now"]);
}

#[test]
fn the_server_modules_name_each_other_in_one_direction() {
    let modules = server_modules();
    let graph = dependencies(&modules);
    // The reading is real: it sees the edges everyone knows are there.
    assert!(graph["http::routes"].contains("accounts::company"), "{:?}", graph["http::routes"]);
    assert!(graph["postings"].contains("postings::revisions"), "{:?}", graph["postings"]);
    assert!(graph.len() > 60, "{} modules", graph.len());
    if let Some(cycle) = find_cycle(&graph) {
        panic!("an import cycle: {}", cycle.join(" → "));
    }
}

/// The rooms from the bottom up: each may use the rooms before it, never
/// one after (`src/server/mod.rs` describes them).
const ROOMS: &[&[&str]] = &[
    &[
        "db",
        "repo",
        "read_model",
        "queue",
        "storage",
        "tasks",
        "cpu",
        "public_address",
        "redact",
        "seed",
        "settings",
        "now",
    ],
    &["auth", "context"],
    &["mail", "backup"],
    &["accounts"],
    &["content"],
    &["postings"],
    &["applications"],
    &["seekers"],
    &["moderation"],
    &["freshness", "demo", "imports"],
    &["syndication"],
    &["config"],
    &["http"],
    &["app", "cli"],
];

fn tier(module: &str) -> Option<usize> {
    let room = module.split("::").next().unwrap_or_default();
    ROOMS.iter().position(|tier| tier.contains(&room))
}

#[test]
fn each_room_uses_only_the_rooms_below_it() {
    let modules = server_modules();
    let mut upward = Vec::new();
    for (module, uses) in dependencies(&modules) {
        if module.is_empty() {
            continue;
        }
        let own = tier(&module).unwrap_or_else(|| panic!("{module} is in no room of ROOMS"));
        for used in uses {
            if tier(&used).is_some_and(|t| t > own) {
                upward.push(format!("{module} → {used}"));
            }
        }
    }
    assert!(upward.is_empty(), "a room uses one above it: {upward:?}");
}

#[test]
fn only_http_and_start_up_speak_http() {
    let offenders: Vec<String> = server_modules()
        .into_iter()
        .filter(|(module, _)| !(module == "http" || module.starts_with("http::") || module == "app"))
        .filter(|(_, code)| code.contains("axum") || code.contains("AppState"))
        .map(|(module, _)| module)
        .collect();
    assert!(offenders.is_empty(), "axum or AppState named outside http/ and app.rs: {offenders:?}");
    // Nor do the services reach into the pages, their components or the
    // server functions.
    let ui: Vec<String> = server_modules()
        .into_iter()
        .filter(|(module, _)| !(module == "http" || module.starts_with("http::") || module == "app"))
        .filter(|(_, code)| {
            ["crate::components", "crate::pages", "crate::api", "crate::app"].iter().any(|u| code.contains(u))
        })
        .map(|(module, _)| module)
        .collect();
    assert!(ui.is_empty(), "the user interface named by a service: {ui:?}");
    assert!(server_modules()["http::routes"].contains("AppState"), "and the check sees what it looks for");
}

/// Each `name: i64` (or `name: Option<i64>`) written in `code`, by name.
fn integer_names(code: &str) -> Vec<String> {
    let mut names = Vec::new();
    for (at, _) in code.match_indices(": i64").chain(code.match_indices(": Option<i64>")) {
        let name: String = code[..at].chars().rev().take_while(|c| is_ident(*c)).collect();
        names.push(name.chars().rev().collect());
    }
    names
}

/// Whether `name` says it holds a moment or a length of time.
fn names_a_time(name: &str) -> bool {
    ["now", "since", "until", "before", "cutoff", "lifetime", "within"].contains(&name)
        || name.ends_with("_at")
        || name.ends_with("_secs")
}

#[test]
fn times_are_typed_in_the_services() {
    let mut untyped = Vec::new();
    for (module, code) in server_modules() {
        for name in integer_names(&code).into_iter().filter(|n| names_a_time(n)) {
            untyped.push(format!("{module}: {name}"));
        }
        for literal in ["86_400", "3_600"] {
            if code.contains(literal) {
                untyped.push(format!("{module}: the literal {literal}"));
            }
        }
    }
    assert!(untyped.is_empty(), "times as bare integers, not model::Time or Span: {untyped:?}");
    let seen = integer_names("fn f(now: i64, expires_at: Option<i64>, id: i64)");
    assert_eq!(seen, ["now", "id", "expires_at"], "and the check sees what it looks for");
}

#[test]
fn request_contexts_cookies_secrets_and_error_statuses_each_have_one_place() {
    let modules = server_modules();
    let elsewhere = |home: &str, marks: &[&str]| -> Vec<String> {
        modules
            .iter()
            .filter(|(module, _)| module.as_str() != home)
            .filter(|(_, code)| marks.iter().any(|mark| code.contains(mark)))
            .map(|(module, _)| module.clone())
            .collect()
    };
    // Cookies are read through the jar in one module, never split by hand.
    let cookies = elsewhere("http::cookies", &["header::COOKIE", "CookieJar", "split(';')"]);
    assert!(cookies.is_empty(), "cookies read outside http::cookies: {cookies:?}");
    // Services are told of the request in one shape.
    let contexts = elsewhere("context", &["pub client_ip: &"]);
    assert!(contexts.is_empty(), "a request context beside server::context: {contexts:?}");
    // An error becomes a status in one place.
    let statuses = elsewhere("http::error_status", &["StatusCode::from_u16", "impl IntoResponse for AppError"]);
    assert!(statuses.is_empty(), "errors mapped to statuses outside http::error_status: {statuses:?}");
    // Pages are read whole to be finished in one layer (the page cache reads
    // what it keeps, and the server-function errors their JSON).
    let readers: Vec<String> = modules
        .iter()
        .filter(|(module, _)| {
            !["http::cache", "http::page_cache::serve", "http::error_status"].contains(&module.as_str())
        })
        .filter(|(_, code)| {
            let reads_whole = |at: usize| !code[..at].ends_with(|c: char| c == '_' || c.is_ascii_alphanumeric());
            code.match_indices("to_bytes(").any(|(at, _)| reads_whole(at)) || code.contains("page_bytes(")
        })
        .map(|(module, _)| module.clone())
        .collect();
    assert!(readers.is_empty(), "response bodies read whole outside the finishing layer: {readers:?}");
    // Secrets are compared in constant time in one function.
    let compared = elsewhere("auth::secret", &["ct_eq", "(a ^ b)"]);
    assert!(compared.is_empty(), "secrets compared outside auth::secret: {compared:?}");
}

#[test]
fn the_database_is_reached_one_way_work_is_queued_one_way_and_a_posting_changes_status_in_one_module() {
    let modules = server_modules();
    let naming = |marks: &[&str], allowed: &[&str]| -> Vec<String> {
        modules
            .iter()
            .filter(|(module, _)| !allowed.contains(&module.as_str()))
            .filter(|(_, code)| marks.iter().any(|mark| code.contains(mark)))
            .map(|(module, _)| module.clone())
            .collect()
    };
    // Repository functions take `impl Conn`: no raw connection, no backend
    // passed beside it, no second copy of a function for transactions.
    let raw = naming(&["AnyConnection", "backend: Backend", "pool.acquire("], &["db"]);
    assert!(raw.is_empty(), "the database reached around `Conn`: {raw:?}");
    let twins: Vec<String> = modules
        .iter()
        .filter(|(_, code)| {
            code.match_indices("async fn ")
                .any(|(at, _)| code[at..].split('(').next().is_some_and(|f| f.ends_with("_on")))
        })
        .map(|(module, _)| module.clone())
        .collect();
    assert!(twins.is_empty(), "`_on` copies of repository functions: {twins:?}");
    // Deferred work has one queue: no other table is leased, claimed or
    // scheduled for another try.
    let queues = naming(
        &["leased_until", "claimed_until", "next_attempt_at", "FOR UPDATE SKIP LOCKED"],
        &["repo::background_jobs"],
    );
    assert!(queues.is_empty(), "a queue beside background_jobs: {queues:?}");
    // A posting's status is written only beside the life cycle's moves.
    let moves = naming(&["UPDATE jobs SET status"], &["repo::jobs"]);
    assert!(moves.is_empty(), "a posting's status written outside repo::jobs: {moves:?}");
}
