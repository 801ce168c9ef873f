/** Names that mark a secret: any key or header named like key / token / secret / password / authorization. */
export const SECRET_NAME = /key|token|secret|password|passwd|authorization|cookie|credential/i;
export const REDACTED = "[redacted]";

/**
 * The values of environment variables whose names look secret (e.g. OPENAI_API_KEY), so
 * that they can be scrubbed wherever they appear, even inside a URL or an error message.
 */
export function secretValuesFromEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  return Object.entries(env)
    .filter(([k, v]) => SECRET_NAME.test(k) && typeof v === "string" && v.length >= 6)
    .map(([, v]) => v as string);
}

/**
 * Deep copy of `value` with every property named like a secret replaced by "[redacted]",
 * and every occurrence of a known secret value inside any string replaced too.
 */
export function redactSecrets<T>(value: T, secrets: readonly string[] = []): T {
  const scrub = (s: string) => secrets.reduce((acc, sec) => acc.split(sec).join(REDACTED), s);
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return secrets.length ? scrub(v) : v;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = SECRET_NAME.test(k) && x !== null && x !== undefined ? REDACTED : walk(x);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}
