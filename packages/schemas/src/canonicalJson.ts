/**
 * Deterministic JSON: object keys sorted at every depth, with JSON.stringify's handling of
 * `undefined` (a key whose value is undefined is left out; an undefined array element is null).
 * Used wherever a hash must not depend on key order: pre-registration, the response cache key.
 */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? "null" : canonicalJson(x))).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v) ?? "null";
}
