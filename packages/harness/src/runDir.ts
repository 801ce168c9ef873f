import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";

export interface RunDir {
  dir: string;
  runId: string;
  /** ISO-8601 UTC, seconds precision */
  startedAt: string;
}

/** `yyyymmddTHHMMSSZ` */
export function compactTimestamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");
}

export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Create `<root>/run_<yyyymmddTHHMMSSZ>_<8-hex id>_<label>/`. The run id is random (it
 * names a run; it is not experimental randomness), or given.
 */
export function createRunDir(opts: { root?: string; label: string; now?: Date; runId?: string }): RunDir {
  const now = opts.now ?? new Date();
  const runId = opts.runId ?? randomBytes(4).toString("hex");
  const label = opts.label.replace(/[^\w.-]+/g, "-").replace(/^-+|-+$/g, "") || "run";
  const dir = resolve(opts.root ?? join("data", "reports"), `run_${compactTimestamp(now)}_${runId}_${label}`);
  mkdirSync(dir, { recursive: true });
  return { dir, runId, startedAt: isoSeconds(now) };
}
