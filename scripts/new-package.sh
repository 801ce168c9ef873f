#!/usr/bin/env bash
# Scaffold a workspace package: scripts/new-package.sh NAME "description" [deps...]
set -euo pipefail
name=$1; desc=$2; shift 2
dir=packages/$name
mkdir -p "$dir/src/_internal"
deps=""
for d in "$@"; do
  case $d in
    @fib/*) deps="$deps\"$d\": \"workspace:^\",";;
    *) deps="$deps\"${d%@*}\": \"^${d##*@}\",";;
  esac
done
deps=${deps%,}
cat > "$dir/package.json" <<JSON
{
  "name": "@fib/$name",
  "version": "0.1.0",
  "description": "$desc",
  "license": "MIT",
  "keywords": ["evaluation", "benchmark", "llm", "failure-induced-benchmarks", "fib"],
  "engines": { "node": ">=20" },
  "type": "module",
  "sideEffects": false,
  "exports": {
    ".": {
      "@fib/source": "./src/index.ts",
      "import": { "types": "./dist/index.d.ts", "default": "./dist/index.js" },
      "require": { "types": "./dist/index.d.cts", "default": "./dist/index.cjs" }
    },
    "./package.json": "./package.json"
  },
  "main": "./dist/index.cjs",
  "module": "./dist/index.js",
  "types": "./dist/index.d.ts",
  "files": ["dist", "!dist/**/*.map", "README.md", "LICENSE"],
  "publishConfig": {
    "access": "public",
    "exports": {
      ".": {
        "import": { "types": "./dist/index.d.ts", "default": "./dist/index.js" },
        "require": { "types": "./dist/index.d.cts", "default": "./dist/index.cjs" }
      },
      "./package.json": "./package.json"
    }
  },
  "scripts": {
    "build": "tsup",
    "test": "vitest run",
    "typecheck": "tsc --noEmit -p tsconfig.json"
  },
  "dependencies": { $deps }
}
JSON
cp LICENSE "$dir/LICENSE"
printf '# @fib/%s\n\n%s\n\n## Install\n\n```sh\n# not on the npm registry yet: from a checkout, `pnpm build && pnpm -r pack`, then\nnpm install fib-%s-*.tgz fib-schemas-*.tgz\n```\n' "$name" "$desc" "$name" > "$dir/README.md"
cat > "$dir/tsconfig.json" <<JSON
{
  "extends": "../../tsconfig.base.json",
  "compilerOptions": { "rootDir": "src", "outDir": "dist" },
  "include": ["src"]
}
JSON
cat > "$dir/tsup.config.ts" <<'TS'
export { default } from "../../tsup.base.js";
TS
cat > "$dir/vitest.config.ts" <<'TS'
export { default } from "../../vitest.shared.js";
TS
