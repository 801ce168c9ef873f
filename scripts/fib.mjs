#!/usr/bin/env node
// `pnpm fib …`: the CLI from its built output when every package's build is newer than its
// sources (Node alone: no TypeScript loader to start), else from the sources through tsx.
// The CLI handles the signals (Ctrl-C stops at the next step); this launcher only waits and
// passes the exit code on.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const packages = join(root, "packages");

const newest = (dir) => {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
};

/** Built output is used only when it exists for every package and is newer than every source file. */
function builtIsCurrent() {
  for (const name of readdirSync(packages)) {
    const src = join(packages, name, "src");
    const dist = join(packages, name, "dist");
    if (!existsSync(src)) continue;
    if (!existsSync(dist)) return false;
    let built = Number.POSITIVE_INFINITY;
    for (const f of readdirSync(dist)) if (f.endsWith(".js")) built = Math.min(built, statSync(join(dist, f)).mtimeMs);
    if (!(built >= newest(src))) return false;
  }
  return true;
}

const args = process.argv.slice(2);
const argv = builtIsCurrent() ? [join(packages, "cli/dist/bin.js"), ...args] : ["--conditions=@fib/source", "--import", "tsx", join(packages, "cli/src/bin.ts"), ...args];
const child = spawn(process.execPath, argv, { stdio: "inherit", cwd: process.cwd() });
// Ctrl-C reaches the CLI from the terminal itself (one process group): passing it on too would be a
// second Ctrl-C, which quits at once. SIGTERM is sent to this process alone: pass it on.
process.on("SIGINT", () => {});
process.on("SIGTERM", () => child.kill("SIGTERM"));
child.on("exit", (code, signal) => process.exit(code ?? (signal === "SIGTERM" ? 143 : 130)));
