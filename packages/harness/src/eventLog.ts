import { closeSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from "node:fs";
import { join } from "node:path";
import { FibError, readJsonl, type RunEvent, type RunEventName, type RunEventPayload, RunEvent as RunEventSchema } from "@fib/schemas";
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
  let fd: number;
  try {
    fd = openSync(path, "a");
  } catch (e) {
    throw ioError(e, path, "cannot open the event log");
  }
  const now = opts.now ?? (() => new Date());
  let open = true;
  // where the last complete line ends: a failed write is cut back to it, so no torn line stays
  let end = (() => {
    try {
      return fstatSync(fd).size;
    } catch {
      return 0;
    }
  })();
  return {
    path,
    ...(opts.signal ? { signal: opts.signal } : {}),
    emit(stage, event, payload) {
      if (!open) throw new FibError("INTERNAL", "event log is closed", { file: path });
      const line = { ts_utc: isoSeconds(now()), run_id: runId, stage, event, payload: redactSecrets(payload, opts.secrets ?? []) };
      const bytes = Buffer.from(`${JSON.stringify(line)}\n`, "utf8");
      try {
        const n = writeSync(fd, bytes);
        if (n !== bytes.length) throw Object.assign(new Error(`short write (${n} of ${bytes.length} bytes)`), { code: "ENOSPC" });
        end += n;
      } catch (e) {
        try {
          ftruncateSync(fd, end);
        } catch {
          // nothing more can be done for the file: the error below says which one it is
        }
        throw ioError(e, path, "cannot write the event log");
      }
    },
    close() {
      if (open) closeSync(fd);
      open = false;
    },
  };
}

/** An I/O failure as a FibError naming the file (ENOSPC: the disk is full). */
export function ioError(e: unknown, file: string, what: string): FibError {
  const code = (e as NodeJS.ErrnoException)?.code;
  const why = code === "ENOSPC" ? "the disk is full" : code === "EACCES" || code === "EPERM" ? "permission denied" : code === "EROFS" ? "read-only file system" : ((e as Error)?.message ?? String(e));
  return new FibError("IO_ERROR", `${what}: ${why}${code ? ` (${code})` : ""}`, { file, cause: e });
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
