#!/usr/bin/env bash
# What a stranger installs: build, pack every package as npm would publish it (pnpm applies
# publishConfig and rewrites workspace: ranges), install the tarballs into an empty project with
# npm (no workspace links), and run an ESM, a CommonJS and a TypeScript (node16 and nodenext)
# consumer, then the installed CLI. Needs the npm registry for third-party dependencies.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root" && pnpm -s build >/dev/null
mkdir "$work/tarballs" "$work/app"
for p in "$root"/packages/*; do (cd "$p" && pnpm pack --pack-destination "$work/tarballs" >/dev/null); done
cd "$work/app"
echo '{ "name": "consumer", "version": "1.0.0", "private": true }' > package.json
npm install --no-audit --no-fund "$work"/tarballs/*.tgz typescript@5.9 @types/node@20 >/dev/null
cp "$root"/scripts/consumer/* .
node esm.mjs
node cjs.cjs
for mode in node16 nodenext; do npx tsc --module $mode --moduleResolution $mode --target es2022 --strict --noEmit ts.cts ts.mts && echo "tsc --module $mode: ok"; done
npx tsc --module node16 --moduleResolution node16 --target es2022 --outDir out ts.cts ts.mts && node out/ts.cjs && node out/ts.mjs
npx fib --version
mkdir demo && (cd demo && npx fib demo --quick | grep -E "^H[123] ")
echo "consumer test: ok"
