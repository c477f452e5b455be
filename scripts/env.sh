# Sourced by scripts/run and scripts/test: where builds go and which tools win.
# The build cache lives outside the clone, so a fresh clone reuses it.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/farcoder/target}"
# npm's wasm-opt (binaryen 132) before any older one on the system.
export PATH="$PWD/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
