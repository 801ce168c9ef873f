import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { Writable } from "node:stream";
import type { CommandIO } from "./command.js";
import { main } from "../main.js";

/** Run the CLI in-process with captured output (for tests). */
export async function runCli(argv: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  let out = "";
  let err = "";
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, cb) {
        append(String(chunk));
        cb();
      },
    });
  const io: Omit<CommandIO, "argv"> = {
    stdout: sink((s) => (out += s)),
    stderr: sink((s) => (err += s)),
    env: opts.env ?? {},
    cwd: opts.cwd ?? process.cwd(),
  };
  const code = await main(argv, io);
  return { code, stdout: out, stderr: err };
}

/** The last event of the one run dir under `reports` (tests: how did the run end?). */
export function lastEvent(reports: string): { event: string; payload: Record<string, unknown> } {
  const dir = join(reports, readdirSync(reports).find((d) => d.startsWith("run_")) as string);
  const lines = readFileSync(join(dir, "events.jsonl"), "utf8").trim().split("\n");
  return JSON.parse(lines.at(-1) as string);
}

/** The repository root; tests that replay or read committed runs run from it, as a user would (reports record paths relative to it). */
export const REPO_ROOT = resolve(import.meta.dirname, "../../../..");

/** Run this test file from the repository root, and go back afterwards. */
export function atRepoRoot(): string {
  const before = process.cwd();
  beforeAll(() => process.chdir(REPO_ROOT));
  afterAll(() => process.chdir(before));
  return REPO_ROOT;
}
