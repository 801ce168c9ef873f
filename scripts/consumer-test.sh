#!/usr/bin/env bash
# What a stranger installs: build, pack every package as npm would publish it (pnpm applies
# publishConfig and rewrites workspace: ranges), install the tarballs into an empty project with
# npm (no workspace links), and run an ESM, a CommonJS and a TypeScript (node16 and nodenext)
# consumer, the installed CLI, a generator plugin in its own package with its own @fib/induce, a
# broken plugin (exit 2) and a module: predictor; publint and arethetypeswrong check every tarball.
# @fib/llama is packed and checked but not installed (node-llama-cpp's GPU builds weigh ≈ 700 MB under
# npm): the CLI must then say how to install it. Needs the npm registry for third-party dependencies.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root" && pnpm -s build >/dev/null
mkdir "$work/tarballs" "$work/app"
for p in "$root"/packages/*; do (cd "$p" && pnpm pack --pack-destination "$work/tarballs" >/dev/null); done
# the published surface: publint on what pnpm packs, arethetypeswrong on the tarballs (ESM-only packages: the cli, and llama like
# node-llama-cpp; packages with a subpath — @fib/geometry/internal, @fib/models/testing — are checked from node16 on: node10 has no subpaths)
for p in "$root"/packages/*; do (cd "$p" && "$root"/node_modules/.bin/publint --pack pnpm --strict >/dev/null) || { echo "publint: $p"; exit 1; }; done
for t in "$work"/tarballs/*.tgz; do
  case $(basename "$t") in fib-cli-*|fib-llama-*) profile=(--profile esm-only);; fib-geometry-*|fib-models-*) profile=(--profile node16);; *) profile=();; esac
  "$root"/node_modules/.bin/attw "${profile[@]}" --format ascii "$t" >/dev/null || { "$root"/node_modules/.bin/attw "${profile[@]}" "$t"; exit 1; }
done
echo "publint, attw: every package clean"
tarballs=$(ls "$work"/tarballs/*.tgz | grep -v fib-llama-)
cd "$work/app"
echo '{ "name": "consumer", "version": "1.0.0", "private": true }' > package.json
npm install --no-audit --no-fund $tarballs typescript@5.9 @types/node@20 >/dev/null
cp "$root"/scripts/consumer/*.* .
# the plugin package lives outside the app, with its own copy of @fib/induce (and what that needs: its
# geometry-selecting variants read @fib/geometry)
cp -r "$root"/scripts/consumer/generator-plugin "$work/plugin"
(cd "$work/plugin" && npm install --no-audit --no-fund "$work"/tarballs/fib-{induce,schemas,stats,carb,geometry}-*.tgz >/dev/null)
node esm.mjs
node cjs.cjs
for mode in node16 nodenext; do npx tsc --module $mode --moduleResolution $mode --target es2022 --strict --noEmit ts.cts ts.mts && echo "tsc --module $mode: ok" || { echo "tsc --module $mode: FAILED"; exit 1; }; done
npx tsc --module node16 --moduleResolution node16 --target es2022 --outDir out ts.cts ts.mts && node out/ts.cjs && node out/ts.mjs
npx fib --version
mkdir demo && (cd demo && npx fib demo --quick | grep -E "^H[123] ")
npx fib build-carb --n 300 --seed 5 --out carb.jsonl >/dev/null
npx fib iterate --dataset carb.jsonl --rounds 2 --budget 60 --n-boot 50 --models sim:novice,sim:expert --generator ../plugin --reports-dir runs >/dev/null
grep -q '"generator":"mirror"' runs/*/events.jsonl && echo "generator plugin (own package, own @fib/induce): ok" || { echo "generator plugin: its name is not in the event log"; exit 1; }
set +e
npx fib iterate --dataset carb.jsonl --rounds 2 --budget 60 --n-boot 50 --models sim:novice,sim:expert --generator ./broken-generator.mjs --reports-dir runs 2>err.txt >/dev/null; rc=$?
set -e
[ "$rc" = 2 ] && grep -q "generator broken: item 0 (b1_0) from cluster 0 is not a valid item: y" err.txt && echo "broken generator: exit 2, named: ok" || { echo "broken generator: rc=$rc"; cat err.txt; exit 1; }
# the output read whole, then searched: `… | grep -q` would end the pipe at the first match (under pipefail, a race)
out=$(npx fib eval-static --dataset carb.jsonl --models "module:./my-model.mjs?bias=1" --n-boot 50 --reports-dir runs --json)
grep -q '"length-rule-1"' <<<"$out" && echo "module: predictor: ok" || { echo "module: predictor: its id is not in the report"; exit 1; }
set +e
npx fib eval-static --dataset carb.jsonl --models zoo:tiny --reports-dir runs 2>err.txt >/dev/null; rc=$?
set -e
[ "$rc" = 2 ] && grep -q "npm install @fib/llama" err.txt && echo "zoo: without @fib/llama: exit 2 with the install command: ok" || { echo "zoo without llama: rc=$rc"; cat err.txt; exit 1; }
# a run dir naming zoo:tiny (which replay runs without --trust-models) in a folder that plants its
# own node_modules/@fib/llama: replay must not load it (fib never imports code from the working
# directory); it says @fib/llama is not installed, and the planted module never ran
npx fib harness --slice carb=carb.jsonl --budget 60 --n-seeds 1 --n-boot 50 --models sim:novice,sim:expert --reports-dir planted-runs >/dev/null
mkdir -p planted/node_modules/@fib/llama planted/run
run=$(ls -d planted-runs/run_* | head -1)
cp carb.jsonl planted/carb.jsonl
node -e '
const fs = require("fs");
const r = JSON.parse(fs.readFileSync(process.argv[1] + "/harness_report.json", "utf8"));
r.config.models = ["zoo:tiny"];
fs.writeFileSync("planted/run/harness_report.json", JSON.stringify(r));
' "$run"
echo '{ "name": "@fib/llama", "version": "9.9.9", "type": "module", "exports": { ".": "./index.js" } }' > planted/node_modules/@fib/llama/package.json
cat > planted/node_modules/@fib/llama/index.js <<'JS'
import { writeFileSync } from "node:fs";
writeFileSync(new URL("../../../PWNED", import.meta.url), String(process.env.OPENAI_API_KEY));
const kind = { kind: "zoo", description: "", names: () => ["tiny"], create: () => { throw new Error("planted"); } };
export const zooKind = kind;
export const ggufKind = kind;
JS
set +e
(cd planted && OPENAI_API_KEY=sk-planted-test ../node_modules/.bin/fib replay run 2>../err.txt >/dev/null); rc=$?
(cd planted && ../node_modules/.bin/fib models list >/dev/null 2>&1)
set -e
if [ -e planted/PWNED ]; then echo "replay ran a planted node_modules/@fib/llama"; exit 1; fi
[ "$rc" = 2 ] && grep -q "npm install @fib/llama" err.txt && echo "replay beside a planted node_modules/@fib/llama: nothing loaded, exit 2: ok" || { echo "planted replay: rc=$rc"; cat err.txt; exit 1; }
echo "consumer test: ok"
