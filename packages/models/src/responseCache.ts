import { createHash } from "node:crypto";
import { canonicalJson, redactSecrets } from "@fib/schemas";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";

/** A cache of model responses keyed by everything that determines them. */
export interface ResponseCache {
  get(key: string): unknown | undefined;
  set(key: string, value: unknown): void;
  readonly size: number;
  close(): void;
}

/** sha256 of the canonical JSON of the request's identity: adapter, base URL, model, parameters, prompt, trial. Never a credential. */
export function cacheKey(parts: Record<string, unknown>): string {
  return createHash("sha256").update(canonicalJson(parts)).digest("hex");
}

/** An in-memory cache (tests, --no-cache runs that still want de-duplication). */
export function memoryCache(): ResponseCache {
  const m = new Map<string, unknown>();
  return {
    get: (k) => m.get(k),
    set: (k, v) => void m.set(k, v),
    get size() {
      return m.size;
    },
    close() {},
  };
}

const opened = new Map<string, ResponseCache>();

/**
 * An append-only JSONL cache in `dir/responses.jsonl`: each answer is appended as one line,
 * with one write, as soon as it exists, so a crash loses nothing already answered; a torn last
 * line (a kill mid-write) is skipped on load. Later lines win. One instance per file per process.
 */
export function fileCache(dir: string, opts: { secrets?: readonly string[]; onWarning?: (message: string) => void } = {}): ResponseCache {
  const path = join(dir, "responses.jsonl");
  const existing = opened.get(path);
  if (existing) return existing;
  const map = new Map<string, unknown>();
  // a cache that cannot be written never sinks a run: warn once and go on without it
  let broken = false;
  const warn = (e: unknown) => {
    if (broken) return;
    broken = true;
    const code = (e as NodeJS.ErrnoException)?.code;
    (opts.onWarning ?? ((m: string) => process.stderr.write(`fib: ${m}\n`)))(
      `the response cache ${path} cannot be written (${code === "ENOSPC" ? "the disk is full" : (code ?? (e as Error)?.message)}): going on without caching new answers`,
    );
  };
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    warn(e);
  }
  // only a regular file is read back (a device or a FIFO in its place would never end)
  if (!broken && existsSync(path) && statSync(path).isFile()) {
    for (const line of readFileSync(path, "utf8").split("\n")) {
      if (!line.trim()) continue;
      try {
        const { k, v } = JSON.parse(line) as { k: string; v: unknown };
        if (typeof k === "string") map.set(k, v);
      } catch {
        // a torn line from an interrupted write: the request will simply be made again
      }
    }
  }
  let fd: number | null = null;
  const cache: ResponseCache = {
    get: (k) => map.get(k),
    set(k, v) {
      if (map.has(k) && JSON.stringify(map.get(k)) === JSON.stringify(v)) return;
      map.set(k, v);
      if (broken) return;
      try {
        fd ??= openSync(path, "a");
        // an answer that echoes a credential (a 401 body, a chatty server) never reaches the disk
        const line = Buffer.from(`${JSON.stringify(redactSecrets({ k, v }, opts.secrets ?? []))}\n`, "utf8");
        if (writeSync(fd, line) !== line.length) throw Object.assign(new Error("short write"), { code: "ENOSPC" });
      } catch (e) {
        warn(e);
      }
    },
    get size() {
      return map.size;
    },
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
      opened.delete(path);
    },
  };
  opened.set(path, cache);
  return cache;
}
