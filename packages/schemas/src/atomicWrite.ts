import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, basename } from "node:path";
import { once } from "node:events";
import { FibError, fileError } from "./errors.js";

let tmpCounter = 0;
function tempPathFor(path: string): string {
  tmpCounter++;
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${tmpCounter}`);
}

/**
 * Write a file atomically: the content goes to a temp file in the same folder, which is
 * then renamed over the target, so a crash never leaves a half-written file.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const tmp = tempPathFor(path);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw fileError(e, path);
  }
}

/** Pretty-printed JSON (2-space indent, trailing newline), written atomically. */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Stream rows to a JSONL file atomically (temp file + rename), honouring back-pressure.
 * If the iterable throws, the temp file is removed and the target is left untouched.
 */
export async function writeJsonl(path: string, rows: Iterable<unknown> | AsyncIterable<unknown>): Promise<number> {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempPathFor(path);
  const out = createWriteStream(tmp, { encoding: "utf8" });
  let streamError: unknown = null;
  out.on("error", (e) => {
    streamError ??= e;
  });
  let n = 0;
  try {
    for await (const row of rows as AsyncIterable<unknown>) {
      if (streamError) throw streamError;
      if (!out.write(`${JSON.stringify(row)}\n`)) await once(out, "drain");
      n++;
    }
    out.end();
    await once(out, "finish");
    if (streamError) throw streamError;
    renameSync(tmp, path);
    return n;
  } catch (e) {
    if (!out.closed) {
      // not events.once: it would reject on the write errors that destroy() provokes
      const closed = new Promise<void>((resolve) => out.once("close", () => resolve()));
      out.destroy();
      await closed;
    }
    rmSync(tmp, { force: true });
    throw e instanceof FibError ? e : fileError(e, path);
  }
}

/** SHA-256 of a file's bytes, hex — the same digest `sha256sum` prints. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch (e) {
    throw fileError(e, path);
  }
  return hash.digest("hex");
}
