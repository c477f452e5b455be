#!/usr/bin/env bash
# Page throughput on 100,000 postings, side by side with nginx on the same
# machine in the same run:
#
#   benches/pages.sh
#
# Builds the release server, starts it on the benchmark database
# (target/bench/search-100k.db, made by `farcoder seed --jobs 100000 --seed 1`
# when missing), records its start-up time and resident memory, saves each
# page's bytes, serves those files with nginx, then loads each page for
# BENCH_SECONDS (default 15) over BENCH_CONNECTIONS (default 64) connections
# with wrk, first the app then nginx. Prints a Markdown table. Installs wrk
# and nginx from Debian's packages when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
seconds=${BENCH_SECONDS:-15}
connections=${BENCH_CONNECTIONS:-64}
app_port=3201
nginx_port=3202

for tool in wrk nginx; do
  if ! command -v "$tool" >/dev/null && ! [ -x "/usr/sbin/$tool" ]; then
    sudo_if() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
    sudo_if env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light
  fi
done
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

scripts/install-tools >/dev/null
cargo leptos build --release --precompress >/dev/null 2>&1 || cargo leptos build --release --precompress
binary="$CARGO_TARGET_DIR/release/farcoder"
mkdir -p target/bench
db="target/bench/search-100k.db"
if [ ! -f "$db" ]; then
  echo "seeding 100,000 postings into $db (about a minute and a half)"
  DATABASE_URL="sqlite://$db" "$binary" seed --jobs 100000 --seed 1
fi

work=$(mktemp -d)
# nginx's workers run as another user when started as root: let them read.
chmod 755 "$work"
cleanup() {
  [ -n "${app_pid:-}" ] && kill "$app_pid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Start-up: from exec to the first ready answer.
started=$(date +%s%N)
LEPTOS_SITE_ADDR="127.0.0.1:$app_port" LEPTOS_SITE_ROOT=target/site DATABASE_URL="sqlite://$db" \
  FARCODER_DEMO_DATA=0 FARCODER_FRESHNESS_SECS=0 FARCODER_OUTBOX_DIR="$work/outbox" RUST_LOG=warn \
  "$binary" >"$work/app.log" 2>&1 &
app_pid=$!
until curl -fs -o /dev/null "http://127.0.0.1:$app_port/readyz"; do
  kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log"; exit 1; }
  sleep 0.02
done
startup_ms=$(( ($(date +%s%N) - started) / 1000000 ))
rss() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$app_pid/status"; }
rss_ready=$(rss)

base="http://127.0.0.1:$app_port"
job=$(curl -fs "$base/jobs" | grep -o 'href="/jobs/[a-z0-9-]*"' | head -n 1 | cut -d'"' -f2)
guide=$(curl -fs "$base/guides" | grep -o 'href="/guides/[a-z0-9-]*"' | head -n 1 | cut -d'"' -f2)
pages=("/" "/jobs" "/jobs?q=rust&stack=rust" "$job" "$guide")

# The same bytes, for nginx to serve from disk.
mkdir -p "$work/www"
for i in "${!pages[@]}"; do
  curl -fs "$base${pages[$i]}" -o "$work/www/$i.html"
done
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
mkdir -p "$work/tmp"
"$nginx_bin" -c "$work/nginx.conf"

# wrk's report: requests/s, p50, p99.
load() {
  wrk -t2 -c"$connections" -d"${seconds}s" --latency "$1" |
    awk '/^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 } /^Requests\/sec/ { rps = $2 }
         /Non-2xx/ { bad = $NF } END { printf "%s %s %s %s\n", rps, p50, p99, bad + 0 }'
}

echo "| page | app req/s | app p50 | app p99 | nginx req/s | nginx p50 | nginx p99 | app/nginx |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for i in "${!pages[@]}"; do
  read -r app_rps app_p50 app_p99 app_bad < <(load "$base${pages[$i]}")
  read -r ngx_rps ngx_p50 ngx_p99 _ < <(load "http://127.0.0.1:$nginx_port/$i.html")
  ratio=$(awk -v a="$app_rps" -v n="$ngx_rps" 'BEGIN { printf "%.2f", a / n }')
  note=""
  [ "$app_bad" != "0" ] && note=" ($app_bad non-2xx)"
  echo "| \`${pages[$i]}\`$note | $app_rps | $app_p50 | $app_p99 | $ngx_rps | $ngx_p50 | $ngx_p99 | $ratio |"
done
echo
echo "start-up to ready: ${startup_ms} ms; resident memory at ready: ${rss_ready} MB, after the load: $(rss) MB"
echo "postings: $(curl -fs "$base/jobs" | grep -o '[0-9]* jobs' | head -n 1)"
