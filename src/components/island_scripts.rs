//! The one script a page carries, at the end of `<body>`: a page with no
//! island loads no wasm at all; a page with islands loads it once the browser
//! is idle (never before the content paints, and never preloaded), then
//! hydrates each island on its own, so one that fails leaves the others
//! working. `<body data-hydrated>` says when it is done.

use leptos::prelude::*;

/// Where the page's script and wasm live, e.g. `/pkg/farcoder.abc.js`.
#[cfg(feature = "ssr")]
fn bundle(options: &LeptosOptions) -> &'static (String, String) {
    static BUNDLE: std::sync::OnceLock<(String, String)> = std::sync::OnceLock::new();
    BUNDLE.get_or_init(|| {
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
    })
}

/// The loader, placed last in `<body>`.
#[component]
pub fn IslandScripts(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        let (js, wasm) = bundle(&options);
        let script = format!(
            r#"const islands = document.querySelectorAll("leptos-island");
const done = () => document.body.setAttribute("data-hydrated", "");
if (!islands.length) done();
else (window.requestIdleCallback || setTimeout)(async () => {{
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
        view! { <script type="module" nonce=use_nonce()>{script}</script> }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = options;
}
