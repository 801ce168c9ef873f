import { createReadStream, fstatSync } from "node:fs";
import { createInterface } from "node:readline";
import type { z } from "zod";
import { FibError, fileError } from "./errors.js";

export interface DecodeOptions {
  /** file name used in error messages (default "<input>") */
  file?: string;
  /** a key whose values must be unique across the file, e.g. "id" */
  uniqueKey?: string;
}

export interface ReadJsonlOptions extends DecodeOptions {
  /** accept a file with no records (default false: an empty file is an INPUT_EMPTY error) */
  allowEmpty?: boolean;
}

/**
 * Decode one JSONL line against a schema; a failure names the file, the 1-based line,
 * the first offending field and what was wrong, on one line.
 */
export function decodeJsonlLine<S extends z.ZodType>(text: string, lineNo: number, schema: S, file = "<input>"): z.infer<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new FibError("INPUT_INVALID", `not valid JSON (${(e as Error).message})`, { file, line: lineNo, cause: e });
  }
  const res = schema.safeParse(raw);
  if (res.success) return res.data;
  const issue = res.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join(".") : undefined;
  const more = res.error.issues.length > 1 ? ` (+${res.error.issues.length - 1} more)` : "";
  throw new FibError("INPUT_INVALID", `${issue?.message ?? "invalid record"}${more}`, {
    file,
    line: lineNo,
    ...(field === undefined ? {} : { field }),
    cause: res.error,
  });
}

/** Tracks unique keys across lines, naming both lines on a clash. */
function uniqueTracker(key: string | undefined, file: string) {
  const seen = new Map<unknown, number>();
  return (value: unknown, lineNo: number) => {
    if (key === undefined) return;
    const k = (value as Record<string, unknown>)[key];
    const prev = seen.get(k);
    if (prev !== undefined) {
      throw new FibError("DUPLICATE_ID", `duplicate ${key} ${JSON.stringify(k)} (first seen on line ${prev})`, {
        file,
        line: lineNo,
        field: key,
      });
    }
    seen.set(k, lineNo);
  };
}

/** Split and decode in-memory JSONL text (blank lines, CRLF and a UTF-8 BOM accepted). */
export function parseJsonl<S extends z.ZodType>(text: string, schema: S, opts: DecodeOptions = {}): z.infer<S>[] {
  const file = opts.file ?? "<input>";
  const check = uniqueTracker(opts.uniqueKey, file);
  const out: z.infer<S>[] = [];
  const lines = text.replace(/^\uFEFF/, "").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).replace(/\r$/, "");
    if (line.trim() === "") continue;
    const v = decodeJsonlLine(line, i + 1, schema, file);
    check(v, i + 1);
    out.push(v);
  }
  return out;
}

/**
 * Stream-decode a JSONL file line by line. Yields `{value, line}`. Missing file →
 * INPUT_NOT_FOUND; bad line → INPUT_INVALID naming file:line and the field.
 */
export async function* streamJsonl<S extends z.ZodType>(path: string, schema: S, opts: DecodeOptions = {}): AsyncGenerator<{ value: z.infer<S>; line: number }> {
  const file = opts.file ?? path;
  const check = uniqueTracker(opts.uniqueKey, file);
  const input = createReadStream(path, { encoding: "utf8" });
  const opened = new Promise<number>((resolve, reject) => {
    input.once("open", (fd: number) => resolve(fd));
    input.once("error", reject);
  });
  try {
    // only a regular file is read: /dev/zero or a FIFO would never end (or end in a RangeError)
    if (!fstatSync(await opened).isFile()) {
      input.destroy();
      throw new FibError("INPUT_INVALID", "is not a regular file (a device, a FIFO or a directory cannot be read as JSONL)", { file });
    }
  } catch (e) {
    throw e instanceof FibError ? e : fileError(e, file);
  }
  const rl = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNo = 0;
  try {
    for await (let line of rl) {
      lineNo++;
      if (lineNo === 1) line = line.replace(/^\uFEFF/, "");
      if (line.trim() === "") continue;
      // the stream decodes invalid UTF-8 to U+FFFD: refuse it rather than feed a model garbled text
      const bad = line.indexOf("\uFFFD");
      if (bad >= 0) throw new FibError("INPUT_INVALID", `invalid UTF-8 (or a U+FFFD replacement character) at column ${bad + 1}`, { file, line: lineNo });
      const value = decodeJsonlLine(line, lineNo, schema, file);
      check(value, lineNo);
      yield { value, line: lineNo };
    }
  } catch (e) {
    if (e instanceof RangeError) throw new FibError("INPUT_INVALID", `a line too long to read (${e.message})`, { file, line: lineNo + 1 });
    throw e instanceof FibError ? e : fileError(e, file);
  } finally {
    rl.close();
    input.destroy();
  }
}

/** Read and validate a whole JSONL file. */
export async function readJsonl<S extends z.ZodType>(path: string, schema: S, opts: ReadJsonlOptions = {}): Promise<z.infer<S>[]> {
  const out: z.infer<S>[] = [];
  for await (const { value } of streamJsonl(path, schema, opts)) out.push(value);
  if (out.length === 0 && !opts.allowEmpty) {
    throw new FibError("INPUT_EMPTY", "no records (the file is empty or holds only blank lines)", { file: opts.file ?? path });
  }
  return out;
}

/** Encode rows as JSONL text (one JSON document a line, trailing newline). */
export function encodeJsonl(rows: Iterable<unknown>): string {
  let s = "";
  for (const r of rows) s += `${JSON.stringify(r)}\n`;
  return s;
}
