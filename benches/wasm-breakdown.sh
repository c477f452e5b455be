#!/usr/bin/env bash
# Where the bytes of the public wasm are, by crate and by item:
#
#   benches/wasm-breakdown.sh [N]     # N: how many of the largest items (default 25)
#
# Takes the main module of the last release build (`cargo leptos build
# --release --split`: the split's main part, before wasm-bindgen), runs
# wasm-bindgen and wasm-opt -Oz as the build does but keeping the function
# names (-g), and sums twiggy's shallow sizes per crate. The sizes are of the
# optimised code and data, before brotli; the custom sections (names, debug)
# are left out, as the served file has none. Installs twiggy from crates.io
# when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
top=${1:-25}
command -v twiggy >/dev/null || CARGO_PROFILE_RELEASE_LTO=false cargo install --locked twiggy
input="$CARGO_TARGET_DIR/front/wasm32-unknown-unknown/wasm-release/farcoder_split.wasm"
[ -f "$input" ] || { echo "no $input: run cargo leptos build --release --split first" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wasm-bindgen --target web --no-typescript --keep-lld-exports --keep-debug --out-dir "$work" "$input"
wasm-opt -Oz -g --enable-bulk-memory --enable-nontrapping-float-to-int "$work/farcoder_split_bg.wasm" -o "$work/named.wasm"
twiggy top -n 1000000 --format csv "$work/named.wasm" >"$work/top.csv"
python3 - "$work/top.csv" "$top" <<'EOF'
import collections, csv, re, sys

rows = list(csv.DictReader(open(sys.argv[1])))
by_crate, items, total = collections.Counter(), [], 0
for row in rows:
    name, size = row["Name"], int(row["ShallowSize"])
    if name.startswith("custom section") or "subsection" in name:
        continue
    total += size
    name = re.sub(r"\[[0-9a-f]+\]", "", name)
    items.append((size, name))
    crate = re.match(r"<*([a-z_][a-z0-9_]*)::", name)
    if name.startswith("data segment"):
        key = "(data: strings, tables)"
    elif crate:
        key = crate.group(1)
    elif "externref shim" in name:
        key = "(wasm-bindgen shims)"
    else:
        key = "(other: " + re.sub(r"::h[0-9a-f]{16}$", "", name)[:40] + ")"
    by_crate[key] += size
print(f"code and data: {total / 1024:.1f} KB\n")
print("| crate | KB | share |\n|---|---:|---:|")
for key, size in by_crate.most_common(20):
    print(f"| {key} | {size / 1024:.1f} | {100 * size / total:.1f}% |")
print(f"\n| largest items | bytes |\n|---|---:|")
for size, name in sorted(items, reverse=True)[: int(sys.argv[2])]:
    print(f"| `{re.sub(r'::h[0-9a-f]{16}$', '', name)[:100]}` | {size} |")
EOF
