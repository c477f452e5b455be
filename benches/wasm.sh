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
source scripts/env.sh
port=3204
scripts/install-tools --for-tests >/dev/null
cargo leptos build --release --precompress --split >/dev/null 2>&1 || cargo leptos build --release --precompress --split

work=$(mktemp -d)
trap 'kill "$app_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site DATABASE_URL="sqlite://$work/wasm.db" \
  FARCODER_FRESHNESS_SECS=0 FARCODER_OUTBOX_DIR="$work/outbox" RUST_LOG=warn \
  "$CARGO_TARGET_DIR/release/farcoder" >"$work/app.log" 2>&1 &
app_pid=$!
base="http://127.0.0.1:$port"
until curl -fs -o /dev/null "$base/readyz"; do sleep 0.1; done
job=$(curl -fs "$base/jobs" | grep -o 'href="/jobs/[a-z0-9-]*"' | head -n 1 | cut -d'"' -f2)
guide=$(curl -fs "$base/guides" | grep -o 'href="/guides/[a-z0-9-]*"' | head -n 1 | cut -d'"' -f2)
company=$(curl -fs "$base$job" | grep -o 'href="/companies/[a-z0-9-]*"' | head -n 1 | cut -d'"' -f2)

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
' "$base" / /jobs "$job" "$guide" /remote-backend-developer-jobs "$company" /signup /login

echo
echo "| build file | raw | brotli |"
echo "|---|---:|---:|"
for file in target/site/pkg/*.js target/site/pkg/*.wasm; do
  raw=$(stat -c %s "$file")
  br=$(stat -c %s "$file.br" 2>/dev/null || echo 0)
  printf '| `%s` | %.1f KB | %.1f KB |\n' "$(basename "$file")" "$(echo "$raw / 1024" | bc -l)" "$(echo "$br / 1024" | bc -l)"
done
