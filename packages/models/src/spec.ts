import { FibError } from "@fib/schemas";
import type { Predictor } from "./predictor.js";

/** A predictor spec: `kind:name?key=value&…` as a string, or the same as an object. */
export type PredictorSpec = string | ({ kind: string; name?: string; id?: string } & Record<string, unknown>);

export interface ParsedSpec {
  kind: string;
  name: string;
  id?: string;
  params: Record<string, unknown>;
}

export interface ResolveContext {
  /** where trained models and responses are cached (default ".fib-cache"; null disables) */
  cacheDir?: string | null;
  env?: Readonly<Record<string, string | undefined>>;
}

export type PredictorFactory = (spec: ParsedSpec, ctx: ResolveContext) => Predictor | Promise<Predictor>;

export interface PredictorKind {
  kind: string;
  description: string;
  /** names this kind knows without parameters (presets), for `--help` and listings */
  names: () => string[];
  create: PredictorFactory;
}

export interface PredictorRegistry {
  register(kind: PredictorKind): PredictorRegistry;
  kinds(): PredictorKind[];
  resolve(spec: PredictorSpec, ctx?: ResolveContext): Promise<Predictor>;
  resolveAll(specs: readonly PredictorSpec[], ctx?: ResolveContext): Promise<Predictor[]>;
}

function coerce(v: string): unknown {
  if (/^-?\d+(\.\d+)?(e-?\d+)?$/i.test(v)) return Number(v);
  if (v === "true" || v === "false") return v === "true";
  return v;
}

/** Parse `kind:name?a=1&b=x` (or an object spec) into kind, name, optional id and params. */
export function parseSpec(spec: PredictorSpec): ParsedSpec {
  if (typeof spec === "string") {
    const m = /^([a-z][\w-]*):([^?]*)(?:\?(.*))?$/i.exec(spec.trim());
    if (!m) throw new FibError("CONFIG_INVALID", `predictor spec must look like kind:name[?key=value&…], got ${JSON.stringify(spec)}`, { field: "models" });
    // a Map, then own properties: a parameter named __proto__ or constructor is a parameter like any other (and refused by the kind as unknown)
    const given = new Map<string, unknown>();
    for (const kv of (m[3] ?? "").split("&").filter(Boolean)) {
      const [k, ...rest] = kv.split("=");
      const key = decodeURIComponent(k as string);
      if (given.has(key)) throw new FibError("CONFIG_INVALID", `predictor spec ${JSON.stringify(spec)}: parameter "${key}" is given twice`, { field: key });
      given.set(key, coerce(decodeURIComponent(rest.join("="))));
    }
    const params: Record<string, unknown> = Object.fromEntries(given);
    const { id, ...others } = params;
    return { kind: m[1] as string, name: m[2] as string, ...(typeof id === "string" ? { id } : {}), params: others };
  }
  if (!spec || typeof spec !== "object" || typeof spec.kind !== "string") {
    throw new FibError("CONFIG_INVALID", `predictor spec object needs a string "kind", got ${JSON.stringify(spec)}`, { field: "kind" });
  }
  const { kind, name, id, ...params } = spec;
  return { kind, name: typeof name === "string" ? name : "", ...(typeof id === "string" ? { id } : {}), params };
}

/** An empty registry; `createDefaultRegistry()` has the built-in kinds. Registering a kind twice throws. */
