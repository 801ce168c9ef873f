import { parseRange, type Range } from "@fib/carb";
import { FibError } from "@fib/schemas";
import type { Values } from "./command.js";

function usage(flag: string, message: string): never {
  throw new FibError("USAGE", `--${flag} ${message}`);
}

/** `T` when the flag's parsed value is always a string (it has a default), else `T | undefined`. */
type Given<V, K extends keyof V, T> = V[K] extends string ? T : T | undefined;

export function str<V extends Values, K extends keyof V & string>(v: V, flag: K): Given<V, K, string>;
export function str(v: Values, flag: string): string | undefined;
export function str(v: Values, flag: string): string | undefined {
  const x = v[flag];
  return typeof x === "string" ? x : undefined;
}

export function int<V extends Values, K extends keyof V & string>(v: V, flag: K, opts?: { min?: number; max?: number }): Given<V, K, number>;
export function int(v: Values, flag: string, opts?: { min?: number; max?: number }): number | undefined;
export function int(v: Values, flag: string, opts: { min?: number; max?: number } = {}): number | undefined {
  const s = str(v, flag);
  if (s === undefined) return undefined;
  if (!/^-?\d+$/.test(s.trim())) usage(flag, `must be an integer, got '${s}'`);
  const n = Number(s);
  // beyond 2^53 an integer is not what was typed (99999999999999999999 would be recorded as 1e20)
  if (!Number.isSafeInteger(n)) usage(flag, `must be an integer between ${-(2 ** 53 - 1)} and ${2 ** 53 - 1}, got '${s}'`);
  if (opts.min !== undefined && n < opts.min) usage(flag, `must be at least ${opts.min}, got ${n}`);
  if (opts.max !== undefined && n > opts.max) usage(flag, `must be at most ${opts.max}, got ${n}`);
  return n;
}

/** The flag's value when it is one of `choices` (a usage error naming them otherwise); undefined when not given. */
export function oneOf<T extends string>(v: Values, flag: string, choices: readonly T[]): T | undefined {
  const s = str(v, flag);
  if (s === undefined) return undefined;
  if (!(choices as readonly string[]).includes(s)) usage(flag, `must be one of ${choices.join(", ")}, got '${s}'`);
  return s as T;
}

export function float<V extends Values, K extends keyof V & string>(v: V, flag: K, opts?: { min?: number; max?: number }): Given<V, K, number>;
export function float(v: Values, flag: string, opts?: { min?: number; max?: number }): number | undefined;
export function float(v: Values, flag: string, opts: { min?: number; max?: number } = {}): number | undefined {
  const s = str(v, flag);
  if (s === undefined) return undefined;
  const n = Number(s);
  if (s.trim() === "" || !Number.isFinite(n)) usage(flag, `must be a number, got '${s}'`);
  if (opts.min !== undefined && n < opts.min) usage(flag, `must be at least ${opts.min}, got ${n}`);
  if (opts.max !== undefined && n > opts.max) usage(flag, `must be at most ${opts.max}, got ${n}`);
  return n;
}

export function range(v: Values, flag: string): Range | undefined {
  const s = str(v, flag);
  if (s === undefined) return undefined;
  let r: Range;
  try {
    r = parseRange(s, flag);
  } catch {
    usage(flag, `expects a range like 2..5 or a single integer, got '${s}'`);
  }
  if (r[0] > r[1]) usage(flag, `range ${s} is empty (min ${r[0]} is greater than max ${r[1]})`);
  return r;
}

/** "a=1,b=2" → {a: 1, b: 2} */
export function weights(v: Values, flag: string): Record<string, number> | undefined {
  const s = str(v, flag);
  if (s === undefined) return undefined;
  const out: Record<string, number> = {};
  for (const part of s
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([\w/-]+)(?:=([\d.]+))?$/.exec(part);
    if (!m) usage(flag, `expects name=weight pairs separated by commas, got '${part}'`);
    out[m[1] as string] = m[2] === undefined ? 1 : Number(m[2]);
  }
  return out;
}

/** "a,b,c" → ["a","b","c"], also accepting repeated flags */
export function list(v: Values, flag: string): string[] | undefined {
  const x = v[flag];
  if (x === undefined) return undefined;
  const parts = (Array.isArray(x) ? x : [x]).map(String);
  const out = parts
    .flatMap((p) => p.split(","))
    .map((p) => p.trim())
    .filter(Boolean);
  // an empty list is a mistake (an unset shell variable), not a request for the defaults
  if (out.length === 0) usage(flag, "is empty");
  return out;
}

/** `{ [key]: value }` when the value was given, `{}` when not (optional options stay absent, never `undefined`). */
export function optional<K extends string, T>(key: K, value: T | undefined | "" | null): { [P in K]?: T } {
  return value === undefined || value === null || value === "" ? {} : ({ [key]: value } as { [P in K]?: T });
}
