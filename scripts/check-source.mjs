#!/usr/bin/env node
// Source checks that a linter does not make: (1) no import cycle, between files or between
// packages (type-only and lazy import() included); (2) no spread of an array into Math.max / Math.min,
// which overflows the call stack at a few hundred thousand elements. Exit 1 naming every finding.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = resolve(dirname(new URL(import.meta.url).pathname), "..");
const packagesDir = join(root, "packages");
const files = [];
const walk = (d) => {
  for (const f of readdirSync(d)) {
    const p = join(d, f);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.ts$/.test(f) && !/\.test\.ts$/.test(f) && !/\.d\.ts$/.test(f)) files.push(p);
  }
};
for (const pkg of readdirSync(packagesDir)) if (existsSync(join(packagesDir, pkg, "src"))) walk(join(packagesDir, pkg, "src"));

const problems = [];
const edges = new Map();
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']/g;
// lazy imports count: a cycle through import("…") is still a cycle
const DYNAMIC = /\bimport\(\s*["']([^"']+)["']\s*\)/g;
for (const f of files) {
  const text = readFileSync(f, "utf8");
  text.split("\n").forEach((line, i) => {
    if (/Math\.(max|min)\(\s*\.\.\./.test(line)) problems.push(`${relative(root, f)}:${i + 1}: Math.max/min of a spread array (use a loop: extent() in @fib/stats)`);
  });
  const out = new Set();
  for (const m of [...text.matchAll(IMPORT), ...text.matchAll(DYNAMIC)]) {
    const spec = m[1];
    let target = null;
    if (spec.startsWith(".")) {
      const base = resolve(dirname(f), spec.replace(/\.js$/, ""));
      target = [`${base}.ts`, join(base, "index.ts")].find((p) => existsSync(p)) ?? null;
    } else if (spec.startsWith("@fib/")) {
      const p = join(packagesDir, spec.slice(5), "src", "index.ts");
      if (existsSync(p)) target = p;
    }
    if (target) out.add(target);
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

if (problems.length) {
  process.stderr.write(`${problems.join("\n")}\n`);
  process.exit(1);
}
process.stdout.write(`check-source: ${files.length} source files, no import cycle, no spread into Math.max/min\n`);
