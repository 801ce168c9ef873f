import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { FibError } from "@fib/schemas";
import { join, resolve } from "node:path";

export interface RunDir {
  dir: string;
  runId: string;
  /** ISO-8601 UTC, seconds precision */
  startedAt: string;
}

/** `yyyymmddTHHMMSSZ` */
export function compactTimestamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");
}

/** When a run dir's name says its run started (`run_20261207T075554Z_…`), in ms; null for any other name. */
export function runDirStarted(name: string): number | null {
  const m = /^run_(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z/.exec(name);
  return m ? Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`) : null;
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
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const root = resolve(opts.root ?? join("data", "reports"));
    if (code === "ENOTDIR" || code === "EEXIST")
      throw new FibError("USAGE", "the reports directory is not a directory (or a path inside it is a file)", { file: root, field: "reports-dir", cause: e });
    const why = code === "EACCES" || code === "EPERM" ? "permission denied" : code === "EROFS" ? "read-only file system" : code === "ENOSPC" ? "the disk is full" : (e as Error).message;
    throw new FibError("IO_ERROR", `cannot create a run directory there: ${why}${code ? ` (${code})` : ""}`, { file: root, field: "reports-dir", cause: e });
  }
  return { dir, runId, startedAt: isoSeconds(now) };
}
