#!/usr/bin/env node
// Source checks that a linter does not make: (1) no import cycle, between files or between
// packages (type-only, lazy import() and computed import(specifier) of a "@fib/…" string
// included; .ts, .js and .mjs sources alike); (2) no spread of an array into Math.max / Math.min,
// which overflows the call stack at a few hundred thousand elements; (3) every package publishes the
// entry points it has in the workspace. Exit 1 naming every finding.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = resolve(dirname(new URL(import.meta.url).pathname), "..");
const packagesDir = join(root, "packages");
const files = [];
const walk = (d) => {
  for (const f of readdirSync(d)) {
    const p = join(d, f);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.(ts|js|mjs)$/.test(f) && !/\.test\.(ts|js|mjs)$/.test(f) && !/\.d\.ts$/.test(f)) files.push(p);
  }
};
for (const pkg of readdirSync(packagesDir)) if (existsSync(join(packagesDir, pkg, "src"))) walk(join(packagesDir, pkg, "src"));

const problems = [];
const edges = new Map();
const allowedSeen = new Set();
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']/g;
// lazy imports count: a cycle through import("…") is still a cycle
const DYNAMIC = /\bimport\(\s*["']([^"']+)["']\s*\)/g;
// a computed import(spec): every "@fib/…" string in the file may be what it loads
const COMPUTED_IMPORT = /\bimport\(\s*[^"'\s)]/;
const FIB_STRING = /["'](@fib\/[a-z-]+)["']/g;
/**
 * Edges that are cycles by design, each with its reason. @fib/models names @fib/llama's kinds
 * (gguf:, zoo:) and loads it lazily, only when a spec uses them, from fib's own installation;
 * @fib/llama builds its predictors on @fib/models. The edge is seen (not hidden), and allowed here.
 */
const ALLOWED = new Set(["packages/models/src/kinds/optional.ts → packages/llama/src/index.ts"]);
for (const f of files) {
  const text = readFileSync(f, "utf8");
  text.split("\n").forEach((line, i) => {
    if (/Math\.(max|min)\(\s*\.\.\./.test(line)) problems.push(`${relative(root, f)}:${i + 1}: Math.max/min of a spread array (use a loop: extent() in @fib/stats)`);
  });
  const out = new Set();
  const computed = COMPUTED_IMPORT.test(text) ? [...text.matchAll(FIB_STRING)] : [];
  for (const m of [...text.matchAll(IMPORT), ...text.matchAll(DYNAMIC), ...computed]) {
    const spec = m[1];
    let target = null;
    if (spec.startsWith(".")) {
      const base = resolve(dirname(f), spec.replace(/\.(js|mjs)$/, ""));
      target = [`${base}.ts`, `${base}.js`, `${base}.mjs`, join(base, "index.ts")].find((p) => existsSync(p)) ?? null;
    } else if (spec.startsWith("@fib/")) {
      const p = join(packagesDir, spec.slice(5), "src", "index.ts");
      if (existsSync(p)) target = p;
    }
    if (target && !ALLOWED.has(`${relative(root, f)} → ${relative(root, target)}`)) out.add(target);
    else if (target) allowedSeen.add(`${relative(root, f)} → ${relative(root, target)}`);
  }
  edges.set(f, out);
}

// cycles: depth-first search with colours; report each cycle once
const colour = new Map();
const stack = [];
const seen = new Set();
const visit = (f) => {
  colour.set(f, 1);
  stack.push(f);
  for (const g of edges.get(f) ?? []) {
    if (colour.get(g) === 1) {
      const cycle = stack.slice(stack.indexOf(g)).map((p) => relative(root, p));
      const key = [...cycle].sort().join("|");
      if (!seen.has(key)) {
        seen.add(key);
        problems.push(`import cycle: ${[...cycle, relative(root, g)].join(" → ")}`);
      }
    } else if (!colour.has(g)) visit(g);
  }
  stack.pop();
  colour.set(f, 2);
};
for (const f of files) if (!colour.has(f)) visit(f);

// what is published must offer every entry point the workspace does: publishConfig.exports replaces
// exports when pnpm packs, and a subpath missing there breaks the installed packages only
for (const pkg of readdirSync(packagesDir)) {
  const pj = join(packagesDir, pkg, "package.json");
  if (!existsSync(pj)) continue;
  const p = JSON.parse(readFileSync(pj, "utf8"));
  const published = p.publishConfig?.exports;
  if (!p.exports || !published) continue;
  const a = Object.keys(p.exports).sort().join(", ");
  const b = Object.keys(published).sort().join(", ");
  if (a !== b) problems.push(`packages/${pkg}/package.json: exports (${a}) and publishConfig.exports (${b}) name different entry points`);
}

// an allowance that no longer matches an edge is stale: say so
for (const a of ALLOWED) if (!allowedSeen.has(a)) problems.push(`check-source: the allowed edge ${a} no longer exists: remove it from ALLOWED`);
if (problems.length) {
  process.stderr.write(`${problems.join("\n")}\n`);
  process.exit(1);
}
process.stdout.write(`check-source: ${files.length} source files, no import cycle, no spread into Math.max/min\n`);
