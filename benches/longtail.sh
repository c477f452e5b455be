#!/usr/bin/env bash
# The long tail of real traffic on 100,000 postings, side by side with nginx
# serving the same bytes precompressed, on the same machine in the same run:
#
#   benches/longtail.sh                            # SQLite
#   BENCH_DATABASE=postgres benches/longtail.sh    # a throwaway PostgreSQL (scripts/with-postgres)
#
#   BENCH_SECONDS (30)        length of the 64-connection phases
#   BENCH_LONG_SECONDS (60)   length of the 200-connection phases
#   BENCH_REQUESTS (200000)   length of the request sequence
#   BENCH_SKIP_BUILD=1        use the release binary and target/site as they are
#   BENCH_KEEP_WORK=1         keep the work folder and say where
#
# Crawlers fetch every job and company page about once; seekers combine
# words and filters into searches that are rarely repeated; the home page,
# /jobs and the landing pages repeat. So the URLs are: up to 20,000 job
# pages and 10,000 company pages from the sitemap, 4,000 distinct /jobs
# searches (words, every filter kind, sorts, pages 1-6), and every landing,
# salary and guide page, / and /jobs. They are ranked (the fixed pages
# first, then the rest shuffled with a fixed seed) and a sequence of
# BENCH_REQUESTS requests is drawn from the ranks by Zipf's law (the chance
# of rank r is proportional to 1/r), so a few URLs repeat and most are
# asked for once or never. Every request carries a browser's headers
# (`Accept-Encoding: gzip, deflate, br, zstd`, `Accept: text/html…`).
#
# Each distinct URL is fetched once to save its bytes (and gzip them for
# nginx's gzip_static); then the app is started again, so its page cache
# starts empty, as after a deploy. Four phases, each a row: the app, then
# nginx, at 64 connections for BENCH_SECONDS, then both at 200 connections
# for BENCH_LONG_SECONDS. Reported per phase: req/s, p50, p99, max, errors
# (HTTP >= 400 and socket errors), requests over 1 s, the page cache's hit
# ratio (from /readyz: served from memory, and job and company pages read
# back from their copies in the database, which the saving pass left
# there), and the app's highest resident memory. Then each
# kind's render time one request at a time, uncached (while the pages were
# saved). No timing is asserted: it is a benchmark. Installs wrk,
# nginx-light and sqlite3 from Debian's packages when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
seconds=${BENCH_SECONDS:-30}
long_seconds=${BENCH_LONG_SECONDS:-60}
sequence_length=${BENCH_REQUESTS:-200000}
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
if [ -z "${LONGTAIL_INSIDE_POSTGRES:-}" ]; then
  if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
    scripts/install-tools >/dev/null
    cargo leptos build --release --precompress >/dev/null 2>&1 || cargo leptos build --release --precompress
  fi
  [ -x "$binary" ] || { echo "no server binary at $binary (build it, or drop BENCH_SKIP_BUILD)" >&2; exit 1; }
  if [ "$database" = postgres ]; then
    LONGTAIL_INSIDE_POSTGRES=1 exec scripts/with-postgres "$PWD/benches/longtail.sh"
  fi
fi

in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
app_port=3301
while in_use "$app_port"; do app_port=$((app_port + 1)); done
nginx_port=$((app_port + 1))
while in_use "$nginx_port"; do nginx_port=$((nginx_port + 1)); done

work=$(mktemp -d)
chmod 755 "$work"
cleanup() {
  [ -n "${rss_pid:-}" ] && kill "$rss_pid" 2>/dev/null || true
  [ -n "${app_pid:-}" ] && kill "$app_pid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  if [ "${BENCH_KEEP_WORK:-0}" = 1 ]; then echo "work folder kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'echo "benches/longtail.sh: line $LINENO failed" >&2' ERR

if [ "$database" = sqlite ]; then
  mkdir -p target/bench
  seeded="target/bench/search-100k.db"
  if [ ! -f "$seeded" ]; then
    echo "seeding 100,000 postings into $seeded (about a minute and a half)"
    DATABASE_URL="sqlite://$seeded" "$binary" seed --jobs 100000 --seed 1 >/dev/null
  fi
  sqlite3 "$seeded" ".backup '$work/bench.db'"
  database_url="sqlite://$work/bench.db"
else
  psql_bin=${FARCODER_PG_BIN:+$FARCODER_PG_BIN/psql}
  database_url=$TEST_DATABASE_URL
  postings=$("${psql_bin:-psql}" -qtAX "$database_url" -c "SELECT count(*) FROM jobs" 2>/dev/null || echo 0)
  if [ "$postings" -lt 100000 ]; then
    echo "seeding 100,000 postings into PostgreSQL (a few minutes)"
    DATABASE_URL="$database_url" "$binary" seed --jobs 100000 --seed 1 >/dev/null
  fi
fi

mkdir -p "$work/outbox" "$work/uploads"
base="http://127.0.0.1:$app_port"
start_app() {
  LEPTOS_SITE_ADDR="127.0.0.1:$app_port" LEPTOS_SITE_ROOT=target/site DATABASE_URL="$database_url" \
    FARCODER_DEMO_DATA=0 FARCODER_FRESHNESS_SECS=0 FARCODER_OUTBOX_DIR="$work/outbox" \
    FARCODER_UPLOAD_DIR="$work/uploads" RUST_LOG=warn "$binary" >>"$work/app.log" 2>&1 &
  app_pid=$!
  until curl -fs -o /dev/null "$base/readyz"; do
    kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log"; exit 1; }
    sleep 0.05
  done
}
stop_app() { kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; }
rss() { awk '/VmRSS/ { printf "%.0f\n", $2 / 1024 }' "/proc/$app_pid/status" 2>/dev/null || true; }
start_app

# Every public address, from the sitemap (an index of parts past 50,000).
locs() { grep -o '<loc>[^<]*</loc>' "$1" | sed 's#<loc>[a-z]*://[^/]*##; s#</loc>##'; }
curl -fs "$base/sitemap.xml" -o "$work/sitemap.xml"
if grep -q '<sitemapindex' "$work/sitemap.xml"; then
  : >"$work/sitemap.txt"
  for part in $(locs "$work/sitemap.xml"); do
    curl -fs "$base$part" -o "$work/part.xml"
    locs "$work/part.xml" >>"$work/sitemap.txt"
  done
else
  locs "$work/sitemap.xml" >"$work/sitemap.txt"
fi

# The ranked URLs, then the sequence drawn from them.
awk -v seed=20261206 -f benches/common/searches.awk -f /dev/stdin "$work/sitemap.txt" >"$work/ranked.txt" <<'AWK'
  /^\/jobs\/./ { jobs[++job_count] = $0; next }
  /^\/companies\// { companies[++company_count] = $0; next }
  /^\/$/ || /^\/jobs$/ { head[++head_count] = $0; next }
  { fixed[++fixed_count] = $0 }
  END {
    n = searches(4000, 6, seen, tail, 0)
    for (picked = 0; picked < 20000 && picked < job_count; ) {
      j = pick(jobs, job_count); if (!(j in seen)) { seen[j] = 1; tail[++n] = j; picked++ }
    }
    for (picked = 0; picked < 10000 && picked < company_count; ) {
      c = pick(companies, company_count); if (!(c in seen)) { seen[c] = 1; tail[++n] = c; picked++ }
    }
    for (i = n; i > 1; i--) { j = rnd(i) + 1; t = tail[i]; tail[i] = tail[j]; tail[j] = t }
    for (i = fixed_count; i > 1; i--) { j = rnd(i) + 1; t = fixed[i]; fixed[i] = fixed[j]; fixed[j] = t }
    for (i = 1; i <= head_count; i++) print head[i]
    for (i = 1; i <= fixed_count; i++) print fixed[i]
    for (i = 1; i <= n; i++) print tail[i]
  }
AWK

# Save each URL's bytes once (curl's parallel transfers), the time of each
# as a first render, uncached; a URL that does not answer 200 leaves.
mkdir -p "$work/www" "$work/tmp"
awk -v dir="$work/www" -v base="$base" '{ printf "url = \"%s%s\"\noutput = \"%s/%d.html\"\n", base, $0, dir, NR }' \
  "$work/ranked.txt" >"$work/fetch.conf"
curl -s --no-progress-meter --parallel --parallel-max 2 -K "$work/fetch.conf" \
  -w '%{http_code} %{time_total} %{url_effective}\n' >"$work/fetched.txt" || true
awk -v base="$base" 'NR == FNR { ranked[$0] = FNR; next }
  { path = substr($3, length(base) + 1); if ($1 == 200 && (path in ranked)) print ranked[path], path, $2 }' \
  "$work/ranked.txt" "$work/fetched.txt" | sort -n >"$work/saved.txt"
kept=$(wc -l <"$work/saved.txt")
distinct=$(wc -l <"$work/ranked.txt")
for file in "$work"/www/*.html; do gzip -k -6 "$file"; done

# Zipf's law over the kept ranks, with a fixed seed.
awk -v seed=7 -v count="$sequence_length" '
  function rnd() { seed = (seed * 48271) % 2147483647; return seed / 2147483647 }
  { file[++n] = $1; path[n] = $2; weight += 1 / n; cumulative[n] = weight }
  END {
    for (i = 0; i < count; i++) {
      target = rnd() * weight; low = 1; high = n
      while (low < high) { middle = int((low + high) / 2); if (cumulative[middle] < target) low = middle + 1; else high = middle }
      print file[low], path[low]
    }
  }' "$work/saved.txt" >"$work/sequence.txt"
asked=$(awk '{ print $2 }' "$work/sequence.txt" | sort -u | wc -l)
once=$(awk '{ print $2 }' "$work/sequence.txt" | sort | uniq -c | awk '$1 == 1' | wc -l)

cat >"$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
  gzip_static on;
  client_body_temp_path $work/tmp;
  proxy_temp_path $work/tmp;
  fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp;
  scgi_temp_path $work/tmp;
  server { listen 127.0.0.1:$nginx_port; root $work/www; }
}
CONF
"$nginx_bin" -c "$work/nginx.conf"
encoding=$(curl -s -o /dev/null -H 'Accept-Encoding: gzip' -w '%header{content-encoding}' \
  "http://127.0.0.1:$nginx_port/1.html")
[ "$encoding" = gzip ] || { echo "nginx does not serve the gzipped copies ($encoding)" >&2; exit 1; }

# A cold app, as after a deploy; its memory sampled all run long.
stop_app
start_app
(while kill -0 "$app_pid" 2>/dev/null; do rss >>"$work/rss.log"; sleep 0.5; done) &
rss_pid=$!

cache_counts() {
  local body
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    if body=$(curl -fs --max-time 5 "$base/readyz"); then
      sed -n 's/^page cache: hits=\([0-9]*\) misses=\([0-9]*\) copies=\([0-9]*\).*/\1 \2 \3/p' <<<"$body"
      return
    fi
    sleep 0.5
  done
}
hit_ratio() {
  if [ -z "$1" ] || [ -z "$2" ]; then echo "n/a"; return; fi
  echo "$1 $2" | awk '{ h = $4 - $1; m = $5 - $2; c = $6 - $3
    if (h + m + c == 0) print "n/a"; else printf "%.1f%% + %.1f%%\n", 100 * h / (h + m + c), 100 * c / (h + m + c) }'
}
rows=()
declare -A rate
phase() { # target connections seconds
  local url=$base before="" after="" cache="—" memory="—" results lines
  [ "$1" = nginx ] && url="http://127.0.0.1:$nginx_port"
  [ "$1" = app ] && before=$(cache_counts)
  lines=$(wc -l <"$work/rss.log")
  wrk -t2 -c"$2" -d"$3s" --timeout 10s --latency -s benches/longtail.lua "$url" -- "$work/sequence.txt" "$1" 2 \
    >"$work/wrk-$1-$2.txt" 2>&1 || { cat "$work/wrk-$1-$2.txt" >&2; exit 1; }
  results=$(grep '^longtail:' "$work/wrk-$1-$2.txt" | sed 's/^longtail: //')
  [ -n "$results" ] || { cat "$work/wrk-$1-$2.txt" >&2; exit 1; }
  if [ "$1" = app ]; then
    after=$(cache_counts)
    cache=$(hit_ratio "$before" "$after")
    memory="$(tail -n +"$((lines + 1))" "$work/rss.log" | sort -n | tail -n 1) MB"
  fi
  local requests seconds p50 p99 p999 p9999 max status connect read write timeout over_from
  eval "$(echo "$results" | tr ' ' '\n' | sed 's/^\([a-z0-9_]*\)=\(.*\)$/\1="\2"/')"
  local rps errors over
  rps=$(awk -v r="$requests" -v s="$seconds" 'BEGIN { printf "%.0f", r / s }')
  rate[$1-$2]=$rps
  errors=$((status + connect + read + write + timeout))
  over=0
  [ "$over_from" != none ] && over=$(awk -v p="$over_from" 'BEGIN { printf "from p%.3f", p }')
  rows+=("| $1 | $2 | $3 s | $rps | $p50 ms | $p99 ms | $max ms | $errors | $over | $cache | $memory |")
}
phase app 64 "$seconds"
phase nginx 64 "$seconds"
phase app 200 "$long_seconds"
phase nginx 200 "$long_seconds"
ratio() { awk -v a="${rate[app-$1]}" -v n="${rate[nginx-$1]}" 'BEGIN { printf (a >= n / 10 ? "%.2f" : "%.3f"), a / n }'; }

echo "FarCoder's long tail on $database, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo
echo "URLs: $kept of $distinct answered 200 ($(grep -c ' /jobs?' "$work/saved.txt" || true) searches," \
  "$(grep -c ' /jobs/' "$work/saved.txt" || true) job pages, $(grep -c ' /companies/' "$work/saved.txt" || true)" \
  "company pages, the rest landing, salary and guide pages, / and /jobs)."
echo "Sequence: $sequence_length requests over $asked of them, $once asked for exactly once; browser headers."
echo
echo "| server | connections | length | req/s | p50 | p99 | max | errors | over 1 s | from memory + from copies | app memory (highest) |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|"
printf '%s\n' "${rows[@]}"
echo
echo "app/nginx: $(ratio 64) at 64 connections, $(ratio 200) at 200 connections;" \
  "highest resident memory all run: $(sort -n "$work/rss.log" | tail -n 1) MB"

# A restart, then job and company pages asked for once each, one at a
# time: each is read back from the copy the saving pass left.
stop_app
start_app
grep -E ' /(jobs/|companies/)' "$work/saved.txt" | tail -n 1000 |
  awk -v base="$base" '{ printf "url = \"%s%s\"\noutput = \"/dev/null\"\n", base, $2 }' >"$work/again.conf"
curl -s --no-progress-meter -H 'Accept-Encoding: gzip, deflate, br, zstd' -K "$work/again.conf" \
  -w '%{http_code} %{time_total} %{url_effective}\n' >"$work/again.txt" || true
awk -v base="$base" '$1 == 200 { print 0, substr($3, length(base) + 1), $2, "copy" }' "$work/again.txt" >>"$work/saved.txt"
read_back=$(cache_counts)

echo
echo "Read back after a restart (page cache: hits, renders, copies: $read_back)."
echo "Uncached, one request at a time (two at once while saving; curl's total time, identity; read back: brotli):"
echo
echo "| kind | URLs | median | p90 |"
echo "|---|---:|---:|---:|"
awk '{ kind = "other"
  if ($2 ~ /^\/jobs\?/) kind = "search"; else if ($2 ~ /^\/jobs\//) kind = "job"
  else if ($2 ~ /^\/companies\//) kind = "company"; else if ($2 ~ /^\/remote-/) kind = "landing"
  if ($4 == "copy") kind = kind "-read-back"
  print kind, $3 * 1000 }' "$work/saved.txt" | sort -k1,1 -k2,2n |
  awk '{ t[$1, ++n[$1]] = $2 } END { for (k in n) printf "| %s | %d | %.1f ms | %.1f ms |\n", k, n[k],
    t[k, int((n[k] + 1) / 2)], t[k, int(n[k] * 0.9) + (n[k] * 0.9 > int(n[k] * 0.9))] }' | sort
