# Shared settings for the scripts (sourced, not run).
# The cargo target directory lives outside the clone so fresh clones reuse earlier builds.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/hakpaeng/target}"
# npm's binaryen (wasm-opt) first: Debian's binaryen breaks hydration.
export PATH="$PWD/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# leptos reads this at compile time; the same value everywhere keeps builds shared.
export LEPTOS_OUTPUT_NAME=hakpaeng

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}
