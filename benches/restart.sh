#!/usr/bin/env bash
# A restart at 100,000 postings (SQLite, release build): how long `farcoder
# seed` takes and how large its write-ahead log ends, then, for a fresh
# start on that database, the time to listening, to the first 200 from
# /readyz (which waits for the text index), and the first search with words
# after it. No timing is asserted: it is a benchmark.
#
#   benches/restart.sh              # builds the release server first
#   BENCH_SKIP_BUILD=1 benches/restart.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
[ "${BENCH_SKIP_BUILD:-}" = 1 ] || cargo leptos build --release >/dev/null
bin="$CARGO_TARGET_DIR/release/farcoder"
work=$(mktemp -d)
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
export DATABASE_URL="sqlite://$work/restart.db" FARCODER_DEMO_DATA=0 LEPTOS_SITE_ROOT=target/site
ms() { date +%s%3N; }

started=$(ms)
"$bin" seed --jobs 100000 --seed 1 >/dev/null 2>&1
seeded=$(( $(ms) - started ))
db_mb=$(( $(stat -c %s "$work/restart.db") / 1048576 ))
wal_kb=$(( $( (stat -c %s "$work/restart.db-wal" 2>/dev/null || echo 0) ) / 1024 ))

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export LEPTOS_SITE_ADDR="127.0.0.1:$port"
started=$(ms)
"$bin" >"$work/server.log" 2>&1 &
pid=$!
until curl -fs -o /dev/null "http://$LEPTOS_SITE_ADDR/healthz"; do sleep 0.01; done
listening=$(( $(ms) - started ))
first=""
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://$LEPTOS_SITE_ADDR/readyz")" = 200 ]; do
  first=${first:-$(curl -s "http://$LEPTOS_SITE_ADDR/readyz" | head -1)}
  sleep 0.01
done
ready=$(( $(ms) - started ))
search=$(curl -s -o /dev/null -w '%{time_total}' "http://$LEPTOS_SITE_ADDR/jobs?q=rust+engineer")

echo "| what | figure |"
echo "|---|---:|"
echo "| seeding 100,000 postings | $(( seeded / 1000 )) s |"
echo "| database file after seeding | $db_mb MB |"
echo "| write-ahead log after seeding | $wal_kb KB |"
echo "| start to listening | $listening ms |"
echo "| start to /readyz 200 | $ready ms |"
echo "| /readyz meanwhile said | ${first:-(ready at once)} |"
echo "| first search with words after ready | $(python3 -c "print(round($search * 1000, 1))") ms |"
