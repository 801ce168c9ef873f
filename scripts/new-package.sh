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
  "type": "module",
  "sideEffects": false,
  "exports": {
    ".": {
      "@fib/source": "./src/index.ts",
      "types": "./dist/index.d.ts",
      "import": "./dist/index.js",
      "require": "./dist/index.cjs"
    },
    "./package.json": "./package.json"
  },
  "main": "./dist/index.cjs",
  "module": "./dist/index.js",
  "types": "./dist/index.d.ts",
  "files": ["dist", "src"],
  "scripts": {
    "build": "tsup",
    "test": "vitest run",
    "typecheck": "tsc --noEmit -p tsconfig.json"
  },
  "dependencies": { $deps }
}
JSON
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
