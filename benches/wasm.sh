#!/usr/bin/env bash
# What the browser downloads to make each page interactive:
#
#   benches/wasm.sh
#
# Builds the release site as CI does (`--split`: lazy islands in chunks of
# their own), starts it on a fresh SQLite database with the demo data, and
# opens each page in Debian's Chromium with JavaScript on, as a first-time
# visitor (no cache). Sums the `/pkg/` JavaScript and wasm each page fetched,
# as sent over the wire (brotli), once the page says it is hydrated. Then
# lists every build file with its raw and brotli size.
set -euo pipefail
cd "$(dirname "$0")/.."
port=3204
source benches/demo-site.sh

echo "| page | islands | JS + wasm fetched (brotli) | files |"
echo "|---|---:|---:|---|"
NODE_PATH=end2end/node_modules node -e '
  const { chromium } = require("@playwright/test");
  const [base, ...pages] = process.argv.slice(1);
  (async () => {
    const browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    for (const path of pages) {
      const page = await browser.newPage();
      const fetched = [];
      page.on("requestfinished", async (request) => {
        const url = new URL(request.url());
        if (!url.pathname.startsWith("/pkg/") || !/\.(js|wasm)$/.test(url.pathname)) return;
        const sizes = await request.sizes();
        fetched.push([url.pathname.replace("/pkg/", ""), sizes.responseBodySize]);
      });
      await page.goto(base + path);
      await page.waitForSelector("body[data-hydrated]", { state: "attached", timeout: 30000 });
      await page.waitForLoadState("networkidle");
      const islands = await page.locator("leptos-island").count();
      const total = fetched.reduce((sum, [, bytes]) => sum + bytes, 0);
      const files = fetched.map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(1)} KB`).join(", ") || "none";
      console.log(`| \`${path}\` | ${islands} | ${(total / 1024).toFixed(1)} KB | ${files} |`);
      await page.close();
    }
    await browser.close();
  })().catch((error) => { console.error(error); process.exit(1); });
' "$base" / /jobs "$job" ${direct_job:+"$direct_job"} "$guide" /remote-backend-developer-jobs "$company" /saved /signup /login

echo
echo "| build file | raw | brotli |"
echo "|---|---:|---:|"
for file in target/site/pkg/*.js target/site/pkg/*.wasm; do
  raw=$(stat -c %s "$file")
  br=$(stat -c %s "$file.br" 2>/dev/null || echo 0)
  printf '| `%s` | %.1f KB | %.1f KB |\n' "$(basename "$file")" "$(echo "$raw / 1024" | bc -l)" "$(echo "$br / 1024" | bc -l)"
done

# The employer's pages need an account, so they are summed from the files
# the split manifest names for their lazy islands, on top of the public
# bundle (quality.spec.ts checks that the editor fetches its chunk and that
# public pages do not).
bundle=0
for file in target/site/pkg/farcoder.*.js target/site/pkg/__wasm_split.*.js target/site/pkg/farcoder.*.wasm; do
  bundle=$((bundle + $(stat -c %s "$file.br")))
done
for island in in_place previewed_form; do
  total=$bundle
  for chunk in $(node -e '
    const m = require(require("path").resolve(process.argv[1]));
    const key = Object.keys(m).find((k) => k.startsWith(process.argv[2] + "_loader_"));
    console.log(m[key].join(" "));
  ' target/site/pkg/__wasm_split_manifest.*.json "$island"); do
    total=$((total + $(stat -c %s "target/site/pkg/$chunk.wasm.br")))
  done
  printf '\nWith the lazy island `%s`: %.1f KB brotli of JS + wasm.' "$island" "$(echo "$total / 1024" | bc -l)"
done
echo
