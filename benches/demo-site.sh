# Sourced by the browser benches: builds the release site as CI does
# (`--split`), starts it on port $port over a fresh SQLite database with the
# demo data, and finds one page of each kind: $base, $job, $guide, $company,
# and $direct_job, a job taking applications on FarCoder.
# The server stops and its folder goes when the sourcing script exits.
source scripts/env.sh
scripts/install-tools --for-tests >/dev/null
cargo leptos build --release --precompress --split >/dev/null 2>&1 || cargo leptos build --release --precompress --split

work=$(mktemp -d)
trap 'kill "$app_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site DATABASE_URL="sqlite://$work/demo.db" \
  FARCODER_DEMO_DATA=1 FARCODER_FRESHNESS_SECS=0 FARCODER_OUTBOX_DIR="$work/outbox" RUST_LOG=warn \
  "$CARGO_TARGET_DIR/release/farcoder" >"$work/app.log" 2>&1 &
app_pid=$!
base="http://127.0.0.1:$port"
until curl -fs -o /dev/null "$base/readyz"; do sleep 0.1; done
job=$(curl -fs "$base/jobs" | grep -o 'href="/jobs/[a-z0-9-]*"' | head -n 1 | cut -d'"' -f2)
guide=$(curl -fs "$base/guides" | grep -o 'href="/guides/[a-z0-9-]*"' | head -n 1 | cut -d'"' -f2)
company=$(curl -fs "$base$job" | grep -o 'href="/companies/[a-z0-9-]*"' | head -n 1 | cut -d'"' -f2)
# A job taking applications on FarCoder (its page has the apply form).
direct_job=""
for path in $(curl -fs "$base/jobs" | grep -o 'href="/jobs/[a-z0-9-]*"' | cut -d'"' -f2); do
  if curl -fs "$base$path" | grep -q 'id="apply"'; then direct_job=$path; break; fi
done
