//! The one script a page carries, at the end of `<body>`: a page with no
//! island loads no wasm at all; a page with islands loads it once the browser
//! is idle (never before the content paints, and never preloaded), then
//! hydrates each island on its own, so one that fails leaves the others
//! working. `<body data-hydrated>` says when it is done. It shows the Copy
//! buttons beside snippets (`data-copy` names the text to copy). It also marks every
//! Save button whose job the visitor saved (the list is in a cookie the
//! server never needs to read for a page) and saves in place, on every page
//! that shows a job; where an island sends a Save form itself, it leaves it.
//!
//! The script is the same on every page of a build, so the page's
//! Content-Security-Policy names its SHA-256 digest: no page carries a
//! nonce, and nothing a page shows can make a script of its own run.

use leptos::prelude::*;

/// The loader's text and the policy source that lets it, and only it, run.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug)]
pub struct Loader {
    pub script: std::sync::Arc<str>,
    /// `'sha256-…'`, for `script-src`.
    pub source: std::sync::Arc<str>,
}

#[cfg(feature = "ssr")]
impl Loader {
    pub fn new(options: &LeptosOptions) -> Loader {
        use base64::Engine as _;
        use sha2::Digest as _;
        let (js, wasm) = bundle(options);
        // Leptos's own data scripts are not sent (islands read none of it);
        // what the hydration code looks for is declared empty here.
        let script = format!(
            r#"const savedIds = () => new Set(((document.cookie.match(/(?:^|; )farcoder_saved=([^;]*)/) || [])[1] || "").split(/[.,]/));
const markSaved = () => {{
  const saved = savedIds();
  for (const form of document.querySelectorAll("form.save-form")) {{
    const job = form.querySelector("input[name=job]");
    if (!job) continue;
    const label = form.querySelector(".save-label");
    if (label) label.textContent = saved.has(job.value) ? "Saved ✓" : "Save";
    form.querySelector("button")?.setAttribute("aria-pressed", String(saved.has(job.value)));
  }}
}};
markSaved();
const localHours = () => {{
  const offset = -new Date().getTimezoneOffset();
  const clock = (m) => {{ m = ((m % 1440) + 1440) % 1440; return String(Math.floor(m / 60)).padStart(2, "0") + ":" + String(m % 60).padStart(2, "0"); }};
  for (const hours of document.querySelectorAll("[data-utc-hours]:not([data-local])")) {{
    const [start, end] = hours.dataset.utcHours.split("-").map(Number);
    hours.setAttribute("data-local", "");
    if (offset === 0 || Number.isNaN(start) || Number.isNaN(end)) continue;
    const local = document.createElement("span");
    local.className = "local-time";
    local.textContent = ` (${{clock(start * 60 + offset)}}–${{clock(end * 60 + offset)}} your time)`;
    hours.append(local);
  }}
}};
localHours();
new MutationObserver(localHours).observe(document.body, {{ childList: true, subtree: true }});
document.addEventListener("submit", async (event) => {{
  const form = event.target;
  const job = form.matches("form.save-form") && form.querySelector("input[name=job]");
  if (event.defaultPrevented || !job) return;
  event.preventDefault();
  const body = new URLSearchParams({{ [savedIds().has(job.value) ? "remove" : "job"]: job.value }});
  try {{
    const answer = await fetch(form.action, {{ method: "POST", body }});
    if (!answer.ok) throw new Error(String(answer.status));
    markSaved();
  }} catch {{
    form.submit();
  }}
}});
for (const button of document.querySelectorAll("button[data-copy]")) {{
  const source = document.getElementById(button.dataset.copy);
  const said = document.getElementById(button.dataset.copy + "-copied");
  if (!source || !said) continue;
  button.hidden = false;
  button.addEventListener("click", async () => {{
    try {{
      await navigator.clipboard.writeText(source.value);
      said.textContent = "Copied.";
    }} catch {{
      source.focus();
      source.select();
      said.textContent = "Selected: press Ctrl+C (⌘C on a Mac) to copy.";
    }}
  }});
}}
const islands = document.querySelectorAll("leptos-island");
const done = () => document.body.setAttribute("data-hydrated", "");
if (!islands.length) done();
else (window.requestIdleCallback || setTimeout)(async () => {{
  Object.assign(window, {{ __RESOLVED_RESOURCES: [], __SERIALIZED_ERRORS: [], __PENDING_RESOURCES: [], __RESOURCE_RESOLVERS: [], __INCOMPLETE_CHUNKS: [] }});
  const app = await import({js:?});
  await app.default({{ module_or_path: {wasm:?} }});
  app.hydrate();
  for (const island of islands) {{
    try {{
      island.parentElement?.closest("leptos-children")?.$$on_hydrate?.();
      const hydrate = app[island.dataset.component];
      if (hydrate) await hydrate(island);
      else console.warn("no code for island", island.dataset.component);
    }} catch (error) {{
      console.error("an island failed to hydrate", island.dataset.component, error);
    }}
  }}
  done();
}});"#
        );
        let digest = sha2::Sha256::digest(script.as_bytes());
        let source = format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest));
        Loader { script: script.into(), source: source.into() }
    }
}

/// Where the page's script and wasm live, e.g. `/pkg/farcoder.abc.js`.
#[cfg(feature = "ssr")]
fn bundle(options: &LeptosOptions) -> (String, String) {
    let name = options.output_name.to_string();
    let (mut js, mut wasm) = (name.clone(), name);
    if options.hash_files {
        // cargo-leptos writes the hashes beside the server binary.
        let hashes = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())))
            .and_then(|path| std::fs::read_to_string(path).ok())
            .unwrap_or_default();
        for (file, hash) in hashes.lines().filter_map(|line| line.split_once(':')) {
            match file.trim() {
                "js" => js = format!("{js}.{}", hash.trim()),
                "wasm" => wasm = format!("{wasm}.{}", hash.trim()),
                _ => {}
            }
        }
    } else {
        wasm.push_str("_bg");
    }
    let pkg = &options.site_pkg_dir;
    (format!("/{pkg}/{js}.js"), format!("/{pkg}/{wasm}.wasm"))
}

/// The loader, placed last in `<body>`: written as it is, byte for byte,
/// so that it matches the digest the policy names.
#[component]
pub fn IslandScripts() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        let script = use_context::<crate::server::http::state::AppState>().map(|state| state.loader.script.to_string());
        view! { <script type="module" inner_html=script></script> }
    }
}
