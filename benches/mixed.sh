#!/usr/bin/env bash
# Mixed traffic on 100,000 postings, side by side with nginx on the same
# machine in the same run:
#
#   benches/mixed.sh                            # SQLite
#   BENCH_DATABASE=postgres benches/mixed.sh    # a throwaway PostgreSQL (scripts/with-postgres;
#                                               # TEST_DATABASE_URL, if set, is used and written to)
#
#   BENCH_SECONDS (30)        length of the 64-connection phases
#   BENCH_LONG_SECONDS (60)   length of the 200-connection phases
#   BENCH_SKIP_BUILD=1        use the release binary and target/site as they are
#   BENCH_KEEP_WORK=1         keep the work folder (wrk's reports, the logs) and say where
#
# Builds the release server (unless BENCH_SKIP_BUILD=1), starts it on the
# 100,000-posting database (SQLite: a copy of target/bench/search-100k.db,
# made by `farcoder seed --jobs 100000 --seed 1` when missing, so every run
# starts from the same data; PostgreSQL: seeded the same way when it holds
# fewer postings), and records its start-up time to the first 200 from
# /readyz and its resident memory, sampled every 0.5 s all run long.
#
# The load is a fixed rotation of URLs, shuffled with a fixed seed: over a
# thousand distinct /jobs searches (words, every filter, sorts, pages 1-3),
# 300 job pages and 30 company pages from the sitemap, every landing page,
# /salaries and each category's salaries, /, /jobs and the guides. Each
# URL's bytes are saved once, and nginx serves those files; wrk
# (benches/mixed.lua) walks the same rotation against both, the app by path
# and nginx by file. Four phases, each a row of the table: the app, then
# nginx, at 64 connections for BENCH_SECONDS, then both at 200 connections
# for BENCH_LONG_SECONDS.
#
# While the app is under load, trickles beside wrk do what real visitors and
# employers do, counted and reported:
#   - hydrated reads, about 10 a second: the GET server functions a hydrated
#     browser calls (/api/fn/search_jobs, job, landing, salaries, home,
#     company, guide);
#   - views, about 5 a second: job pages from varied browser user agents
#     and addresses (X-Forwarded-For; the server trusts one proxy hop), so
#     each counts a view (wrk names no browser, so its requests count none);
#   - applications, about 1 a second: the multipart apply form with a small
#     PDF as the CV, same-origin (`Origin`), each from its own address and
#     e-mail so no rate limit refuses it. The seed's postings all take
#     applications on the company's site, so before the load the script
#     clears `apply_url` on 50 of the rotation's job pages;
#   - a posting published every 5 s. There is no employer in the seeded
#     data, so postings are published the way another app server's write
#     would reach this one: straight in the database (sqlite3 or psql), the
#     lowest-numbered posting that is not published gets status
#     'published', published_at now and expires_at in 30 days. The jobs
#     table's triggers log the change, and the server follows that log as
#     it would another server's writes (search index, page cache).
#
# Prints a Markdown table (req/s, p50, p99, p99.9, p99.99, max, errors:
# HTTP >= 400 and socket errors, requests over 1 s, and the page cache's
# hit ratio over every request the app served in the phase, from the
# /readyz counters when the server reports them), the app/nginx
# ratios, start-up and memory, and the trickles' counts. No timing is
# asserted: it is a benchmark. Installs wrk, nginx-light and sqlite3 from
# Debian's packages when missing. A default run takes about 4 minutes on
# SQLite once the database exists (seeding it the first time, 1.5 more) and
# 5.5 to 7.5 on PostgreSQL, whose throwaway cluster is seeded every run: 3
# minutes of load, the rest start-up, seeding and saving the pages (the
# first render of each URL, one at a time, also reported). The app listens
# on the first free port from 3301, nginx on the next.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
seconds=${BENCH_SECONDS:-30}
long_seconds=${BENCH_LONG_SECONDS:-60}
database=${BENCH_DATABASE:-sqlite}
case "$database" in
  sqlite | postgres) ;;
  *) echo "BENCH_DATABASE is sqlite or postgres, not $database" >&2; exit 2 ;;
esac

sudo_if() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
for tool in wrk nginx sqlite3; do
  if ! command -v "$tool" >/dev/null && ! [ -x "/usr/sbin/$tool" ]; then
    sudo_if env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light sqlite3
    break
  fi
done
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

binary="$CARGO_TARGET_DIR/release/farcoder"
if [ -z "${MIXED_INSIDE_POSTGRES:-}" ]; then
  if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
    scripts/install-tools >/dev/null
    cargo leptos build --release --precompress >/dev/null 2>&1 || cargo leptos build --release --precompress
  fi
  [ -x "$binary" ] || { echo "no server binary at $binary (build it, or drop BENCH_SKIP_BUILD)" >&2; exit 1; }
  if [ "$database" = postgres ]; then
    # The same script, inside a throwaway cluster that stops at its end.
    MIXED_INSIDE_POSTGRES=1 exec scripts/with-postgres "$PWD/benches/mixed.sh"
  fi
fi

# Two free ports from 3301 up: another server on 3301 would answer /readyz
# and be measured instead.
in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
app_port=3301
while in_use "$app_port"; do app_port=$((app_port + 1)); done
nginx_port=$((app_port + 1))
while in_use "$nginx_port"; do nginx_port=$((nginx_port + 1)); done

work=$(mktemp -d)
# nginx's workers run as another user when it is started as root: they
# must be able to read the saved pages (mktemp's folder is private).
chmod 755 "$work"
trickle_pids=()
cleanup() {
  touch "$work/stop"
  for pid in "${trickle_pids[@]}" "${rss_pid:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  [ -n "${app_pid:-}" ] && kill "$app_pid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  if [ "${BENCH_KEEP_WORK:-0}" = 1 ]; then echo "work folder kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'echo "benches/mixed.sh: line $LINENO failed" >&2' ERR

# The database, and `sql` to write to it beside the server.
if [ "$database" = sqlite ]; then
  mkdir -p target/bench
  seeded="target/bench/search-100k.db"
  if [ ! -f "$seeded" ]; then
    echo "seeding 100,000 postings into $seeded (about a minute and a half)"
    DATABASE_URL="sqlite://$seeded" "$binary" seed --jobs 100000 --seed 1 >/dev/null
  fi
  # The run writes (views, applications, publications): it gets a copy.
  sqlite3 "$seeded" ".backup '$work/bench.db'"
  database_url="sqlite://$work/bench.db"
  sql() { sqlite3 -cmd ".timeout 10000" "$work/bench.db" "$1"; }
else
  psql_bin=${FARCODER_PG_BIN:+$FARCODER_PG_BIN/psql}
  psql_bin=${psql_bin:-psql}
  database_url=$TEST_DATABASE_URL
  sql() { "$psql_bin" -qtAX -v ON_ERROR_STOP=1 "$database_url" -c "$1"; }
  postings=$(sql "SELECT count(*) FROM jobs" 2>/dev/null || echo 0)
  if [ "$postings" -lt 100000 ]; then
    echo "seeding 100,000 postings into PostgreSQL (a few minutes)"
    DATABASE_URL="$database_url" "$binary" seed --jobs 100000 --seed 1 >/dev/null
  fi
fi

# Start-up: from exec to the first ready answer. Memory: sampled all run long.
mkdir -p "$work/outbox" "$work/uploads"
started=$(date +%s%N)
LEPTOS_SITE_ADDR="127.0.0.1:$app_port" LEPTOS_SITE_ROOT=target/site DATABASE_URL="$database_url" \
  FARCODER_DEMO_DATA=0 FARCODER_FRESHNESS_SECS=0 FARCODER_OUTBOX_DIR="$work/outbox" \
  FARCODER_UPLOAD_DIR="$work/uploads" FARCODER_PROXY_HOPS=1 RUST_LOG=warn \
  "$binary" >"$work/app.log" 2>&1 &
app_pid=$!
rss() { awk '/VmRSS/ { printf "%.0f\n", $2 / 1024 }' "/proc/$app_pid/status" 2>/dev/null || true; }
(while kill -0 "$app_pid" 2>/dev/null; do rss >>"$work/rss.log"; sleep 0.5; done) &
rss_pid=$!
base="http://127.0.0.1:$app_port"
until curl -fs -o /dev/null "$base/readyz"; do
  kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log"; exit 1; }
  sleep 0.02
done
startup_ms=$(( ($(date +%s%N) - started) / 1000000 ))
kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log"; exit 1; }
rss_ready=$(rss)

# The page cache's counters, from /readyz's second line when it has one.
# Under load /readyz may answer 503 (no database connection within 2 s):
# it is asked again, and each refusal is counted for the report.
cache_counts() {
  local body
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    if body=$(curl -fs --max-time 5 "$base/readyz"); then
      sed -n 's/^page cache: hits=\([0-9]*\) misses=\([0-9]*\).*/\1 \2/p' <<<"$body"
      return
    fi
    echo refused >>"$work/readyz-refusals.txt"
    sleep 0.5
  done
}
hit_ratio() { # "hits misses" before and after: "93.1% (hits of requests)", or n/a
  if [ -z "$1" ] || [ -z "$2" ]; then echo "n/a"; return; fi
  echo "$1 $2" | awk '{ h = $3 - $1; m = $4 - $2
    if (h + m == 0) print "n/a"; else printf "%.1f%% (%d of %d)\n", 100 * h / (h + m), h, h + m }'
}

# Every public address, from the sitemap: an index of parts past 50,000.
locs() { grep -o '<loc>[^<]*</loc>' "$1" | sed 's#<loc>[a-z]*://[^/]*##; s#</loc>##'; }
fetch() { # path file: a 200, tried three times
  local code=""
  for _ in 1 2 3; do
    code=$(curl -s --max-time 60 -o "$2" -w '%{http_code}' "$base$1") || true
    [ "$code" = 200 ] && return
    sleep 1
  done
  echo "$1 answered HTTP $code three times" >&2
  tail -n 5 "$work/app.log" >&2
  exit 1
}
fetch /sitemap.xml "$work/sitemap.xml"
if grep -q '<sitemapindex' "$work/sitemap.xml"; then
  : >"$work/sitemap.txt"
  for part in $(locs "$work/sitemap.xml"); do
    fetch "$part" "$work/sitemap-part.xml"
    locs "$work/sitemap-part.xml" >>"$work/sitemap.txt"
  done
else
  locs "$work/sitemap.xml" >"$work/sitemap.txt"
fi

# The rotation. One generator (Park-Miller, exact in any awk) with a fixed
# seed picks the searches, the job and company pages, and the shuffle.
awk -v seed=20261129 -v search_count=1200 -v job_pages=300 -v company_pages=30 \
  -f benches/common/searches.awk -f /dev/stdin "$work/sitemap.txt" >"$work/rotation.txt" <<'AWK'
  /^\/jobs\/./ { jobs[++job_count] = $0; next }
  /^\/companies\// { companies[++company_count] = $0; next }
  { out[++n] = $0 }
  END {
    n = searches(search_count, 3, seen, out, n)
    for (picked = 0; picked < job_pages && picked < job_count; ) {
      j = pick(jobs, job_count)
      if (!(j in seen)) { seen[j] = 1; out[++n] = j; picked++ }
    }
    for (picked = 0; picked < company_pages && picked < company_count; ) {
      c = pick(companies, company_count)
      if (!(c in seen)) { seen[c] = 1; out[++n] = c; picked++ }
    }
    for (i = n; i > 1; i--) { j = rnd(i) + 1; t = out[i]; out[i] = out[j]; out[j] = t }
    for (i = 1; i <= n; i++) print out[i]
  }
AWK

# Postings that take applications here: 50 of the rotation's job pages.
awk '/^\/jobs\// && n++ < 50' "$work/rotation.txt" >"$work/apply-jobs.txt"
apply_ids=$(sed 's/.*-//' "$work/apply-jobs.txt" | paste -sd, -)
sql "UPDATE jobs SET apply_url = NULL WHERE id IN ($apply_ids)" >/dev/null

# The same bytes, for nginx to serve from disk; a URL that does not answer
# 200 (a posting gone since the sitemap) leaves the rotation.
mkdir -p "$work/www" "$work/tmp"
: >"$work/urls.txt"
kept=0
dropped=0
kind_of() {
  case "$1" in
    /jobs\?*) echo search ;; /jobs/*) echo job ;; /remote-*) echo landing ;; /salaries*) echo salaries ;;
    /companies/*) echo company ;; *) echo other ;;
  esac
}
: >"$work/first-render.txt"
while read -r path; do
  answer=$(curl -s --max-time 30 -o "$work/page" -w '%{http_code} %{time_total}' "$base$path") || true
  code=${answer%% *}
  if [ "$code" = 200 ]; then
    kept=$((kept + 1))
    mv "$work/page" "$work/www/$kept.html"
    echo "$path" >>"$work/urls.txt"
    echo "$(kind_of "$path") ${answer#* }" >>"$work/first-render.txt"
  else
    dropped=$((dropped + 1))
    echo "left out $path: HTTP $code" >&2
  fi
done <"$work/rotation.txt"
count_of() { grep -c "$1" "$work/urls.txt" || true; }
searches=$(count_of '^/jobs?')
job_pages=$(count_of '^/jobs/')
landing_pages=$(count_of '^/remote-')
salary_pages=$(count_of '^/salaries')
company_pages=$(count_of '^/companies/')
other_pages=$((kept - searches - job_pages - landing_pages - salary_pages - company_pages))

cat >"$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
  client_body_temp_path $work/tmp;
  proxy_temp_path $work/tmp;
  fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp;
  scgi_temp_path $work/tmp;
  server { listen 127.0.0.1:$nginx_port; root $work/www; }
}
CONF
"$nginx_bin" -c "$work/nginx.conf"
if ! cmp -s <(curl -s "http://127.0.0.1:$nginx_port/1.html") "$work/www/1.html"; then
  echo "nginx does not serve the saved pages:" >&2
  tail -n 3 "$work/nginx-error.log" >&2
  exit 1
fi

# What a hydrated browser reads for the same pages: the GET server
# functions, their arguments as query parameters named like the function's.
awk '
  function encode(s) { gsub(/%/, "%25", s); gsub(/&/, "%26", s); gsub(/=/, "%3D", s); gsub(/\+/, "%2B", s); return s }
  /^\/jobs\?/ { print "/api/fn/search_jobs?query=" encode(substr($0, 7)); next }
  /^\/jobs$/ { print "/api/fn/search_jobs?query="; next }
  /^\/jobs\// { print "/api/fn/job?slug=" substr($0, 7); next }
  /^\/remote-/ { print "/api/fn/landing?segment=" substr($0, 2); next }
  /^\/salaries$/ { print "/api/fn/salaries"; next }
  /^\/salaries\// { print "/api/fn/salaries?category=" substr($0, 11); next }
  /^\/companies\// { print "/api/fn/company?slug=" substr($0, 12); next }
  /^\/guides$/ { print "/api/fn/guides"; next }
  /^\/guides\// { print "/api/fn/guide?slug=" substr($0, 9); next }
  /^\/$/ { print "/api/fn/home"; next }
' "$work/urls.txt" >"$work/hydrated.txt"
grep '^/jobs/' "$work/urls.txt" >"$work/view-jobs.txt"
# One of each kind must answer 200, or the trickle would measure nothing.
for kind in search_jobs job landing salaries company guide home; do
  url=$(grep -m 1 "^/api/fn/$kind\b" "$work/hydrated.txt" || true)
  [ -z "$url" ] && continue
  code=$(curl -s -o /dev/null -w '%{http_code}' "$base$url") || true
  [ "$code" = 200 ] || { echo "hydrated read $url answered $code" >&2; exit 1; }
done

agents=(
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15"
  "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36"
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"
)
# Address number n as 10.x.y.z, one block of 2^20 per trickle.
address() { local n=$(($2 % 1048576)); echo "10.$(($1 * 16 + n / 65536)).$((n / 256 % 256)).$((n % 256))"; }
# The trickles. Each sends one request every so often whatever the server's
# pace (visitors do not wait for each other), until the stop file appears,
# and writes one line per request to its log: "ok" or what went wrong.
printf '%%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' \
  >"$work/cv.pdf"
run_id=$(date +%s)
mapfile -t hydrated_urls <"$work/hydrated.txt"
mapfile -t view_urls <"$work/view-jobs.txt"
mapfile -t apply_urls <"$work/apply-jobs.txt"
every() { # tenths-of-a-second request-function first-request-number
  local i=$3 tick
  until [ -e "$work/stop" ]; do
    "$2" "$i" &
    i=$((i + 1))
    for ((tick = 0; tick < $1; tick++)); do [ -e "$work/stop" ] && break; sleep 0.1; done
  done
  wait
}
hydrated_read() {
  local url=${hydrated_urls[$1 * 7 % ${#hydrated_urls[@]}]} code
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H 'Accept: application/json' \
    -A "${agents[$1 % ${#agents[@]}]}" -H "X-Forwarded-For: $(address 1 "$1")" "$base$url") || true
  if [ "$code" = 200 ]; then echo ok; else echo "HTTP $code $url"; fi
}
view() {
  local url=${view_urls[$1 * 13 % ${#view_urls[@]}]} code
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -A "${agents[$1 % ${#agents[@]}]}" \
    -H "X-Forwarded-For: $(address 2 "$1")" "$base$url") || true
  if [ "$code" = 200 ]; then echo ok; else echo "HTTP $code $url"; fi
}
application() {
  local answer
  answer=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' --max-time 10 \
    -H "Origin: $base" -H "X-Forwarded-For: $(address 3 "$1")" -A "${agents[$1 % ${#agents[@]}]}" \
    -F "name=Candidate $1" -F "email=candidate-$run_id-$1@example.com" -F "country=Portugal" \
    -F "cover_note=I would like to work on this team." -F "cv=@$work/cv.pdf;type=application/pdf" \
    "$base${apply_urls[$1 % ${#apply_urls[@]}]}/applications") || true
  case "$answer" in
    "303 $base/applications/"*) echo ok ;;
    *) echo "HTTP $answer" ;;
  esac
}
publication() {
  local now id
  now=$(date +%s)
  id=$(sql "UPDATE jobs SET status = 'published', published_at = $now, expires_at = $now + 2592000,
    updated_at = $now WHERE id = (SELECT id FROM jobs WHERE status <> 'published' ORDER BY id LIMIT 1)
    RETURNING id" 2>&1) || true
  case "$id" in
    [0-9]*) echo ok ;;
    *) echo "failed: $id" ;;
  esac
}
start_trickles() { # phase name, first request number
  rm -f "$work/stop"
  trickle_pids=()
  every 1 hydrated_read "$2" >"$work/$1-hydrated.log" 2>&1 &
  trickle_pids+=($!)
  every 2 view "$2" >"$work/$1-views.log" 2>&1 &
  trickle_pids+=($!)
  every 10 application "$2" >"$work/$1-applications.log" 2>&1 &
  trickle_pids+=($!)
  every 50 publication "$2" >"$work/$1-publish.log" 2>&1 &
  trickle_pids+=($!)
}
stop_trickles() {
  touch "$work/stop"
  wait "${trickle_pids[@]}" 2>/dev/null || true
  trickle_pids=()
}
tally() { # phase trickle: "ok/failed"
  local log="$work/$1-$2.log" ok all
  ok=$(grep -c '^ok$' "$log" || true)
  all=$(wc -l <"$log")
  echo "$ok ok, $((all - ok)) failed"
}
views_recorded() { sql "SELECT count(*) FROM job_events WHERE kind = 'view'"; }

# One wrk run: target (app or nginx), connections, seconds -> the Lua line's fields.
load() {
  local url=$base
  [ "$1" = nginx ] && url="http://127.0.0.1:$nginx_port"
  wrk -t2 -c"$2" -d"$3s" --timeout 10s --latency -s benches/mixed.lua "$url" -- "$work/urls.txt" "$1" 2 \
    >"$work/wrk-$1-$2.txt" 2>&1 || { cat "$work/wrk-$1-$2.txt" >&2; exit 1; }
  grep '^mixed:' "$work/wrk-$1-$2.txt" | sed 's/^mixed: //'
}
rows=()
declare -A rate
phase() { # name target connections seconds [first trickle request number]
  local name=$1 target=$2 connections=$3 duration=$4 before="" after="" cache="—" results
  if [ "$target" = app ]; then
    before=$(cache_counts)
    start_trickles "$name" "$5"
  fi
  results=$(load "$target" "$connections" "$duration")
  [ -n "$results" ] || exit 1
  if [ "$target" = app ]; then
    stop_trickles
    after=$(cache_counts)
    cache=$(hit_ratio "$before" "$after")
  fi
  local requests seconds p50 p99 p999 p9999 max status connect read write timeout over_from
  eval "$(echo "$results" | tr ' ' '\n' | sed 's/^\([a-z0-9_]*\)=\(.*\)$/\1="\2"/')"
  local rps errors over
  rps=$(awk -v r="$requests" -v s="$seconds" 'BEGIN { printf "%.0f", r / s }')
  rate[$target-$connections]=$rps
  errors=$((status + connect + read + write + timeout))
  if [ "$over_from" = none ]; then
    over=0
  else
    over=$(awk -v p="$over_from" 'BEGIN { printf "from p%.3f (%.3f%%)", p, 100 - p }')
  fi
  [ "$timeout" != 0 ] && over="$over + $timeout timeouts (> 10 s)"
  rows+=("| ($name) $target | $connections | $duration s | $rps | $p50 ms | $p99 ms | $p999 ms | $p9999 ms | $max ms | $errors | $over | $cache |")
}

views_before=$(views_recorded)
phase a app 64 "$seconds" 0
phase b nginx 64 "$seconds"
phase c app 200 "$long_seconds" 500000
phase d nginx 200 "$long_seconds"
views_after=$(views_recorded)
rss_end=$(rss)
rss_max=$(sort -n "$work/rss.log" | tail -n 1)
ratio() { awk -v a="${rate[app-$1]}" -v n="${rate[nginx-$1]}" 'BEGIN { printf (a >= n / 10 ? "%.2f" : "%.2g"), a / n }'; }

echo "FarCoder mixed traffic on $database, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo
left_out=""
[ "$dropped" -gt 0 ] && left_out="; $dropped left out, not 200"
echo "Rotation: $kept URLs ($searches searches, $job_pages job pages, $landing_pages landing pages," \
  "$salary_pages salary pages, $company_pages company pages, $other_pages others: /, /jobs, guides)$left_out"
echo
echo "| phase | connections | length | req/s | p50 | p99 | p99.9 | p99.99 | max | errors | over 1 s | page cache hits |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "app/nginx: $(ratio 64) at 64 connections, $(ratio 200) at 200 connections"
echo
if [ -f "$work/readyz-refusals.txt" ]; then
  echo "/readyz refused $(wc -l <"$work/readyz-refusals.txt") times when asked for the page cache's counters" \
    "right after a phase (503 or no answer within 5 s)"
  echo
fi
echo "start-up to ready: ${startup_ms} ms; resident memory at ready: ${rss_ready} MB, highest during the run:" \
  "${rss_max} MB, at the end: ${rss_end} MB"
echo
echo "Each kind's first render, one request at a time while the pages were saved (curl's total time):"
echo
echo "| kind | URLs | median | slowest |"
echo "|---|---:|---:|---:|"
for kind in search job landing salaries company other; do
  awk -v kind="$kind" '$1 == kind { print $2 * 1000 }' "$work/first-render.txt" | sort -n |
    awk -v kind="$kind" '{ t[++n] = $1 } END { if (n) printf "| %s | %d | %.1f ms | %.1f ms |\n", kind, n, t[int((n + 1) / 2)], t[n] }'
done
echo
echo "| trickle, beside the app's load | (a) 64 connections | (c) 200 connections |"
echo "|---|---|---|"
echo "| hydrated reads (GET /api/fn/…) | $(tally a hydrated) | $(tally c hydrated) |"
echo "| job page views (browser agents) | $(tally a views) | $(tally c views) |"
echo "| applications (POST, 303 to the status page) | $(tally a applications) | $(tally c applications) |"
echo "| postings published (database write) | $(tally a publish) | $(tally c publish) |"
echo
echo "views recorded in the database during the run (job pages and hydrated job reads): $((views_after - views_before));" \
  "applications stored: $(sql "SELECT count(*) FROM applications")"
# What failed, by answer, with one example each; and what the server logged.
failures=$(for log in "$work"/[ac]-*.log; do
  grep -v '^ok$' "$log" | awk -v trickle="$(basename "$log" .log)" '
    { answer = $1 " " $2; n[answer]++; if (!(answer in example)) example[answer] = $3 }
    END { for (a in n) printf "- %s: %d × %s %s\n", trickle, n[a], a, example[a] }' || true
done)
if [ -n "$failures" ]; then
  echo
  echo "Trickle failures (phase-trickle: count × answer, an example):"
  echo "$failures"
fi
plain_log=$(sed 's/\x1b\[[0-9;]*m//g' "$work/app.log")
echo
echo "server log: $(grep -c ' ERROR ' <<<"$plain_log" || true) errors, $(grep -c ' WARN ' <<<"$plain_log" || true)" \
  "warnings, of which $(grep -c 'slow statement' <<<"$plain_log" || true) slow statements (over 1 s)"
grep ' ERROR ' <<<"$plain_log" | sed 's/^[^ ]* *ERROR *//' | cut -c1-160 | sort | uniq -c | sort -rn | awk 'NR <= 5' || true
