import { closeSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from "node:fs";
import { join } from "node:path";
import { FibError, readJsonl, type RunEvent, type RunEventName, type RunEventPayload, RunEvent as RunEventSchema } from "@fib/schemas";
import { isoSeconds } from "./runDir.js";
import { holdsSecret, isSecretField, REDACTED, redactSecrets, scrubSecrets } from "./redact.js";

export const EVENTS_FILE = "events.jsonl";

export interface EventLog {
  readonly path: string;
  /** the run's stop signal, if any (evaluation through this log honours it) */
  readonly signal?: AbortSignal;
  emit<E extends RunEventName>(stage: string, event: E, payload: RunEventPayload<E>): void;
  /** write the events held back (eval records are written in batches) */
  flush(): void;
  close(): void;
}

/** Eval records are held back until this many bytes are waiting (any other event writes them at once). */
const BATCH_BYTES = 256 * 1024;

/**
 * One pass: secret-named fields redacted and secret values scrubbed as the line is serialised; a
 * secret still present (in a key) falls back to the full redaction walk.
 */
function eventSerializer(secrets: readonly string[]): (event: Record<string, unknown>) => string {
  // field names repeat in every record: each is tested once (a record has ~15; 500k records called the test 7.5M times)
  const secretName = new Map<string, boolean>();
  const isSecret = (k: string) => {
    let r = secretName.get(k);
    if (r === undefined) {
      r = isSecretField(k);
      if (secretName.size < 65_536) secretName.set(k, r);
    }
    return r;
  };
  const replacer = (k: string, v: unknown) => (k !== "" && v !== null && v !== undefined && isSecret(k) ? REDACTED : typeof v === "string" ? scrubSecrets(v, secrets) : v);
  return (event) => {
    const text = JSON.stringify(event, replacer);
    return holdsSecret(text, secrets) ? JSON.stringify(redactSecrets(event, secrets)) : text;
  };
}

/** The timestamp's text, built once a second (it changes no more often). */
function secondStamps(now: () => Date): () => string {
  let lastSecond = Number.NaN;
  let lastStamp = "";
  return () => {
    const d = now();
    const sec = Math.floor(d.getTime() / 1000);
    if (sec !== lastSecond) {
      lastSecond = sec;
      lastStamp = isoSeconds(d);
    }
    return lastStamp;
  };
}

/**
 * Whole lines appended to an open file, held until `flush`: one system call per flush; a failed
 * or short write is cut back to the last complete line, so no torn line stays.
 */
function lineWriter(fd: number, path: string): { push(line: string): number; flush(): void } {
  let end = (() => {
    try {
      return fstatSync(fd).size;
    } catch {
      return 0;
    }
  })();
  let pending: string[] = [];
  let pendingBytes = 0;
  return {
    push(line) {
      pending.push(line);
      pendingBytes += line.length;
      return pendingBytes;
    },
    flush() {
      if (pending.length === 0) return;
      const bytes = Buffer.from(pending.join(""), "utf8");
      pending = [];
      pendingBytes = 0;
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
  };
}

/**
 * Append-only typed JSONL event log. Every `write` is of whole lines only, so a process killed
 * mid-run leaves only complete lines. Eval records — hundreds of thousands in a large run — are
 * written in batches of about 256 KiB (one system call each, not one per record); every other
 * event writes them and itself at once, and so does `flush()` / `close()`. A kill loses at most
 * one batch of records, whose answers the response cache still holds. Payloads are redacted
 * before writing.
 */
export function openEventLog(runDir: string, runId: string, opts: { secrets?: readonly string[]; now?: () => Date; signal?: AbortSignal } = {}): EventLog {
  const path = join(runDir, EVENTS_FILE);
  let fd: number;
  try {
    fd = openSync(path, "a");
  } catch (e) {
    throw ioError(e, path, "cannot open the event log");
  }
  const serialize = eventSerializer(opts.secrets ?? []);
  const stamp = secondStamps(opts.now ?? (() => new Date()));
  const out = lineWriter(fd, path);
  let open = true;
  return {
    path,
    ...(opts.signal ? { signal: opts.signal } : {}),
    emit(stage, event, payload) {
      if (!open) throw new FibError("INTERNAL", "event log is closed", { file: path });
      const waiting = out.push(`${serialize({ ts_utc: stamp(), run_id: runId, stage, event, payload })}\n`);
      if (event !== "eval_record" || waiting >= BATCH_BYTES) out.flush();
    },
    flush: () => out.flush(),
    close() {
      if (open) {
        try {
          out.flush();
        } finally {
          closeSync(fd);
          open = false;
        }
      }
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
