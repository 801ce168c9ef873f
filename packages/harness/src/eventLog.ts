import { closeSync, openSync, readSync, writeSync } from "node:fs";
import { join } from "node:path";
import { readJsonl, type RunEvent, type RunEventName, type RunEventPayload, RunEvent as RunEventSchema } from "@fib/schemas";
import { isoSeconds } from "./runDir.js";
import { redactSecrets } from "./redact.js";

export const EVENTS_FILE = "events.jsonl";

export interface EventLog {
  readonly path: string;
  /** the run's stop signal, if any (evaluation through this log honours it) */
  readonly signal?: AbortSignal;
  emit<E extends RunEventName>(stage: string, event: E, payload: RunEventPayload<E>): void;
  close(): void;
}

/**
 * Append-only typed JSONL event log. Each event is one `write` of one whole line, so a
 * process killed mid-run leaves only complete lines. Payloads are redacted before writing.
 */
export function openEventLog(runDir: string, runId: string, opts: { secrets?: readonly string[]; now?: () => Date; signal?: AbortSignal } = {}): EventLog {
  const path = join(runDir, EVENTS_FILE);
  const fd = openSync(path, "a");
  const now = opts.now ?? (() => new Date());
  let open = true;
  return {
    path,
    ...(opts.signal ? { signal: opts.signal } : {}),
    emit(stage, event, payload) {
      if (!open) throw new Error("event log is closed");
      const line = { ts_utc: isoSeconds(now()), run_id: runId, stage, event, payload: redactSecrets(payload, opts.secrets ?? []) };
      writeSync(fd, `${JSON.stringify(line)}\n`);
    },
    close() {
      if (open) closeSync(fd);
      open = false;
    },
  };
}

/** The run id of a run dir, from the first line of its event log (without reading the rest). */
export function runIdOf(runDir: string): string {
  const fd = openSync(join(runDir, EVENTS_FILE), "r");
  try {
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const first = buf.subarray(0, n).toString("utf8").split("\n")[0] ?? "";
    return (JSON.parse(first) as { run_id?: string }).run_id ?? "unknown";
  } catch {
    return "unknown";
  } finally {
    closeSync(fd);
  }
}

/** Read and validate a run's events (file:line errors on a bad line). */
export async function readEvents(runDir: string): Promise<RunEvent[]> {
  return readJsonl(join(runDir, EVENTS_FILE), RunEventSchema, { allowEmpty: true });
}
