import { FibError, isSecretField } from "@fib/schemas";

/** Helpers that read a spec's parameters, refusing what must not be there. */

export function unknownName(kind: string, name: string, known: string[]): never {
  throw new FibError("UNKNOWN_PLUGIN", `unknown ${kind} predictor "${name}" (known: ${known.join(", ")})`, { field: "models" });
}

export function num(params: Record<string, unknown>, key: string, def: number): number {
  const v = params[key] ?? def;
  if (typeof v !== "number" || !Number.isFinite(v)) throw new FibError("CONFIG_INVALID", `${key} must be a number, got ${JSON.stringify(v)}`, { field: key });
  return v;
}

export const str = (params: Record<string, unknown>, key: string): string | undefined => {
  const v = params[key];
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw new FibError("CONFIG_INVALID", `${key} must be a string, got ${JSON.stringify(v)}`, { field: key });
  return v;
};
export const optNum = (params: Record<string, unknown>, key: string): number | undefined => (params[key] === undefined ? undefined : num(params, key, 0));

/** Credentials are never written in a spec; unknown parameters are refused, listing the known ones (a typo must not be silently ignored). */
export function refuseKeys(params: Record<string, unknown>, known?: readonly string[]): void {
  for (const k of Object.keys(params)) {
    if (k !== "api_key_env" && (isSecretField(k) || /token|auth|bearer|passw|secret|credential|api.?key/i.test(k))) {
      throw new FibError("CONFIG_INVALID", `a credential (${k}) may not be written in a model spec or config file: put it in an environment variable and name that variable with api_key_env`, {
        field: k,
      });
    }
    if (known && !known.includes(k)) throw new FibError("CONFIG_INVALID", `unknown parameter "${k}" (known: ${known.join(", ")})`, { field: k });
  }
}

export const OPENAI_PARAMS = [
  "id",
  "kind",
  "name",
  "model",
  "endpoint",
  "scoring",
  "base_url",
  "api_key_env",
  "prompt_template",
  "system_prompt",
  "max_tokens",
  "top_logprobs",
  "seed",
  "temperature",
  "trial",
  "timeout_ms",
  "max_retries",
  "retry_base_ms",
  "concurrency",
];

/** A base URL without credentials in it (user:password@ would be printed and stored). */
export function checkBaseUrl(u: string | undefined): string | undefined {
  if (u === undefined) return u;
  let url: URL;
  try {
    url = new URL(u);
  } catch {
    throw new FibError("CONFIG_INVALID", "base_url is not a URL", { field: "base_url" });
  }
  if (url.username || url.password)
    throw new FibError("CONFIG_INVALID", "base_url may not carry credentials (user:password@host): put the key in an environment variable named by api_key_env", { field: "base_url" });
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new FibError("CONFIG_INVALID", `base_url must be http: or https:, got ${url.protocol}`, { field: "base_url" });
  for (const k of url.searchParams.keys())
    if (isSecretField(k) || /key|token|secret|sig/i.test(k))
      throw new FibError(
        "CONFIG_INVALID",
        `base_url may not carry credentials in its query ("${k}=…" would be stored in argv, run_config and reports): put the key in an environment variable named by api_key_env`,
        { field: "base_url" },
      );
  return u;
}

/**
 * The most a spec may ask for, checked before any work starts: a spec can come from a run dir or a
 * shared config, and `trained:nb?train=1e8&vocab=1e8` would otherwise exhaust the heap.
 */
export const PARAM_LIMITS: Readonly<Record<string, number>> = {
  ngram: 4,
  vocab: 200_000,
  train: 200_000,
  max_tokens: 1_000_000,
  top_logprobs: 20,
  timeout_ms: 3_600_000,
  concurrency: 256,
  max_retries: 20,
  retry_base_ms: 600_000,
  trial: 1_000_000,
  threads: 1024,
  context: 1_048_576,
};

/** An integer parameter in [min, its limit]: else CONFIG_INVALID naming it. */
export function intParam(params: Record<string, unknown>, key: string, def: number, min = 1): number {
  const v = num(params, key, def);
  const max = PARAM_LIMITS[key] ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isInteger(v) || v < min || v > max) throw new FibError("CONFIG_INVALID", `${key} must be an integer from ${min} to ${max}, got ${v}`, { field: key });
  return v;
}

/** How a spec parameter is read: a string, any finite number, or an integer ≥ 1 (≥ 0 for "count0"). */
export type ParamType = "string" | "number" | "count" | "count0";

/**
 * Read spec parameters into config fields, grouped by type: `{ string: ["base_url"], count: ["max_tokens"] }`
 * reads `base_url` into `baseUrl` and `max_tokens` into `maxTokens` (snake_case keys, camelCase fields).
 * A parameter that is absent stays absent; a wrong type is a CONFIG_INVALID naming the key.
 */
export function readParams<C extends object>(params: Record<string, unknown>, groups: Partial<Record<ParamType, readonly string[]>>): Partial<C> {
  const out: Record<string, unknown> = {};
  for (const [type, keys] of Object.entries(groups) as [ParamType, readonly string[]][]) {
    for (const key of keys) {
      if (params[key] === undefined) continue;
      const field = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
      if (type === "string") out[field] = str(params, key);
      else {
        const v = num(params, key, 0);
        if (type !== "number" && (!Number.isInteger(v) || v < (type === "count" ? 1 : 0))) {
          throw new FibError("CONFIG_INVALID", `${key} must be a ${type === "count" ? "positive" : "non-negative"} integer, got ${v}`, { field: key });
        }
        const max = PARAM_LIMITS[key];
        if (max !== undefined && v > max) throw new FibError("CONFIG_INVALID", `${key} must be at most ${max}, got ${v}`, { field: key });
        out[field] = v;
      }
    }
  }
  return out as Partial<C>;
}
