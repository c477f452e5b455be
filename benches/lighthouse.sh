#!/usr/bin/env bash
# Lighthouse mobile scores (performance, accessibility, best practices, SEO)
# for the six public page kinds: /, /jobs, a job, a guide, a landing page and
# a company page:
#
#   benches/lighthouse.sh
#
# Installs Lighthouse 12.2.3 (`npm i -E lighthouse@12.2.3`, which runs on
# node 20) under target/bench/lighthouse, builds and starts the release
# server on a fresh SQLite database with the demo data, and runs Lighthouse
# in Debian's Chromium with its default mobile emulation and throttling.
# Prints each page's scores and its main metrics.
set -euo pipefail
cd "$(dirname "$0")/.."
port=3203
tools=target/bench/lighthouse
if [ ! -x "$tools/node_modules/.bin/lighthouse" ]; then
  mkdir -p "$tools"
  (cd "$tools" && [ -f package.json ] || echo '{"private": true}' >package.json)
  (cd "$tools" && npm i -E lighthouse@12.2.3 --no-audit --no-fund >/dev/null)
fi
source benches/demo-site.sh

echo "| page | performance | accessibility | best practices | SEO | FCP | LCP | TBT | CLS | Speed Index |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for page in / /jobs "$job" "$guide" /remote-backend-developer-jobs "$company"; do
  CHROME_PATH=/usr/bin/chromium "$tools/node_modules/.bin/lighthouse" "$base$page" \
    --only-categories=performance,accessibility,best-practices,seo --output=json --output-path="$work/report.json" --quiet \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync" \
    >/dev/null 2>&1
  node -e '
    const r = require(process.argv[1]);
    const a = (id) => r.audits[id].displayValue.replace(/\s/g, " ");
    const c = (id) => Math.round(r.categories[id].score * 100);
    const failed = Object.values(r.categories).flatMap((cat) => cat.auditRefs)
      .filter((ref) => ref.weight > 0 && r.audits[ref.id].score !== null && r.audits[ref.id].score < 1 && ref.group !== "metrics")
      .map((ref) => ref.id);
    console.log(`| \`${process.argv[2]}\` | ${c("performance")} | ${c("accessibility")} | ${c("best-practices")} | ${c("seo")} | ${a("first-contentful-paint")} | ${a("largest-contentful-paint")} | ${a("total-blocking-time")} | ${a("cumulative-layout-shift")} | ${a("speed-index")} |`);
    if (failed.length) console.error(`  ${process.argv[2]} loses points on: ${[...new Set(failed)].join(", ")}`);
  ' "$work/report.json" "$page"
done
