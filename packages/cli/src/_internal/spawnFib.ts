import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const root = resolve(import.meta.dirname, "../../../..");
const bin = resolve(root, "packages/cli/src/bin.ts");
// tsx by its path: `--import tsx` would resolve from the child's cwd, which may be any folder
const tsx = pathToFileURL(resolve(root, "node_modules/tsx/dist/loader.mjs")).href;

export interface Spawned {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Start `fib ARGS` as a real process (tests): signals and process exits need one. `signals` are
 * sent once `stderr` matches `when` (or after `afterMs`), so a busy machine changes only how long
 * the test waits, never what it sees.
 */
export function spawnFib(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; signals?: NodeJS.Signals[]; when?: RegExp; afterMs?: number } = {}): Promise<Spawned> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ["--conditions=@fib/source", "--import", tsx, bin, ...args], {
      cwd: opts.cwd ?? root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...(opts.env ?? {}) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let sent = false;
    const send = () => {
      if (sent || !opts.signals?.length) return;
      sent = true;
      for (const s of opts.signals) child.kill(s);
    };
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => {
      stderr += d;
      if (opts.when?.test(stderr)) send();
    });
    if (opts.afterMs !== undefined) setTimeout(send, opts.afterMs);
    child.on("exit", (code) => done({ code, stdout, stderr }));
  });
}
