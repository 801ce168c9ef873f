/**
 * Every error fib raises on purpose carries a stable `code` from this table. `kind` says
 * whose fault it is; the CLI maps kinds to exit codes in one place.
 */
export const ERROR_CODES = {
  USAGE: { kind: "usage", summary: "bad command-line arguments or options" },
  INPUT_NOT_FOUND: { kind: "input", summary: "an input file does not exist" },
  INPUT_EMPTY: { kind: "input", summary: "an input file holds no records" },
  INPUT_INVALID: { kind: "input", summary: "an input record fails validation" },
  DUPLICATE_ID: { kind: "input", summary: "two records share an id" },
  CONFIG_INVALID: { kind: "input", summary: "a configuration file or object is invalid" },
  PREREG_MISMATCH: { kind: "input", summary: "the run's configuration differs from its pre-registration" },
  UNKNOWN_PLUGIN: { kind: "input", summary: "no predictor, generator or extractor is registered under that name" },
  DUPLICATE_PLUGIN: { kind: "usage", summary: "a plugin name was registered twice" },
  PLUGIN_INVALID: { kind: "input", summary: "a plugin (generator, predictor) threw, or returned something that breaks its contract" },
  SERVER_UNAVAILABLE: { kind: "runtime", summary: "a model server did not answer its readiness check" },
  MODEL_ERROR: { kind: "runtime", summary: "a predictor failed" },
  IO_ERROR: { kind: "runtime", summary: "reading or writing a file failed" },
  ABORTED: { kind: "interrupted", summary: "the run was cancelled (Ctrl-C)" },
  THRESHOLD_NOT_MET: { kind: "threshold", summary: "a hypothesis or threshold that was asked for was not met" },
  INTERNAL: { kind: "runtime", summary: "a bug in fib" },
} as const;

export type FibErrorCode = keyof typeof ERROR_CODES;
export type FibErrorKind = (typeof ERROR_CODES)[FibErrorCode]["kind"];

/** Where in an input the problem is. */
export interface FibErrorLocation {
  file?: string;
  line?: number;
  field?: string;
}

export interface FibErrorOptions extends FibErrorLocation {
  cause?: unknown;
}

export class FibError extends Error {
  override readonly name = "FibError";
  readonly code: FibErrorCode;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly field: string | undefined;

  constructor(code: FibErrorCode, message: string, opts: FibErrorOptions = {}) {
    super(formatLocation(opts) + message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = code;
    this.file = opts.file;
    this.line = opts.line;
    this.field = opts.field;
  }

  get kind(): FibErrorKind {
    return ERROR_CODES[this.code].kind;
  }

  /** errors as data: a plain object for event logs and JSON reports */
  toJSON(): { code: FibErrorCode; message: string; file?: string; line?: number; field?: string } {
    return {
      code: this.code,
      message: this.message,
      ...(this.file === undefined ? {} : { file: this.file }),
      ...(this.line === undefined ? {} : { line: this.line }),
      ...(this.field === undefined ? {} : { field: this.field }),
    };
  }
}

/**
 * A FibError by identity of its code, not its class: a plugin that bundles its own copy of
 * @fib/schemas throws FibErrors that fail `instanceof` here but carry the same `name` and a
 * `code` from the same table, and must map to the same exit code.
 */
export function isFibError(e: unknown): e is FibError {
  if (e instanceof FibError) return true;
  if (!(e instanceof Error) && (typeof e !== "object" || e === null)) return false;
  const x = e as { name?: unknown; code?: unknown; message?: unknown };
  return x.name === "FibError" && typeof x.code === "string" && Object.hasOwn(ERROR_CODES, x.code) && typeof x.message === "string";
}

function formatLocation({ file, line, field }: FibErrorLocation): string {
  let loc = "";
  if (file !== undefined) loc += line === undefined ? file : `${file}:${line}`;
  if (field !== undefined) loc += `${loc ? " " : ""}field "${field}"`;
  return loc ? `${loc}: ` : "";
}

/** Map a Node file-system error to a FibError naming the file. */
export function fileError(e: unknown, file: string): FibError {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === "ENOENT") return new FibError("INPUT_NOT_FOUND", "no such file", { file, cause: e });
  if (code === "EISDIR") return new FibError("INPUT_INVALID", "is a directory, expected a file", { file, cause: e });
  if (code === "ENOTDIR") return new FibError("INPUT_INVALID", "a part of the path is a file, not a directory", { file, cause: e });
  const plain: Record<string, string> = {
    ENOSPC: "the disk is full",
    EDQUOT: "the disk quota is exhausted",
    EACCES: "permission denied",
    EPERM: "permission denied",
    EROFS: "read-only file system",
    EMFILE: "too many open files",
  };
  const why = code && plain[code] ? `${plain[code]} (${code})` : ((e as Error)?.message ?? String(e));
  return new FibError("IO_ERROR", why, { file, cause: e });
}
