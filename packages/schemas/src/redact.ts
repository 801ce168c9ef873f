/**
 * Secrets are scrubbed by value wherever they come from, at every place bytes leave fib (event
 * logs, reports, the response cache, stderr), and fields are redacted by exact name — so
 * `api_key` and `Authorization` are hidden while `max_tokens`, `keywords` and `tokenizer` survive.
 */

/** Field names (lower-cased, `-`/`_` removed) whose values are secrets wherever they appear. */
const SECRET_FIELDS = new Set([
  "apikey",
  "xapikey",
  "key",
  "secret",
  "clientsecret",
  "secretkey",
  "privatekey",
  "token",
  "accesstoken",
  "refreshtoken",
  "idtoken",
  "authtoken",
  "sessiontoken",
  "bearer",
  "password",
  "passwd",
  "authorization",
  "proxyauthorization",
  "cookie",
  "setcookie",
  "credential",
  "credentials",
  "apikeyenv",
]);

/** Is this field name one that holds a secret (exact name, not a substring: `max_tokens` is not)? */
export function isSecretField(name: string): boolean {
  return SECRET_FIELDS.has(name.toLowerCase().replace(/[-_]/g, ""));
}

/** Kept for callers that test names: matches exactly the secret field names. */
export const SECRET_NAME = { test: (name: string) => isSecretField(name) } as const;
export const REDACTED = "[redacted]";

/** Environment variable names whose values are secrets (names, not data: a substring match is safe here). */
const SECRET_ENV = /key|token|secret|passw|auth|credential|cookie|bearer|session/i;
/** The usual providers' variables, whatever their names look like. */
export const PROVIDER_SECRET_VARS = [
  "OPENAI_API_KEY",
  "ANTHROPIC_API_KEY",
  "AZURE_OPENAI_API_KEY",
  "GROQ_API_KEY",
  "MISTRAL_API_KEY",
  "TOGETHER_API_KEY",
  "HF_TOKEN",
  "HUGGING_FACE_HUB_TOKEN",
  "VLLM_API_KEY",
  "GEMINI_API_KEY",
  "GOOGLE_API_KEY",
];

/**
 * The values to scrub: every environment variable whose name looks secret, the usual provider
 * variables, and every variable named in `names` (e.g. each model's `api_key_env`), if at least
 * 6 characters long (shorter ones would scrub ordinary words).
 */
export function secretValuesFromEnv(env: Readonly<Record<string, string | undefined>>, names: readonly string[] = []): string[] {
  const wanted = new Set([...PROVIDER_SECRET_VARS, ...names]);
  const out = new Set<string>();
  for (const [k, v] of Object.entries(env)) {
    if (typeof v === "string" && v.length >= 6 && (SECRET_ENV.test(k) || wanted.has(k))) out.add(v);
  }
  return [...out].sort((a, b) => b.length - a.length);
}

/** A string with every known secret value replaced by "[redacted]". */
export function scrubSecrets(s: string, secrets: readonly string[]): string {
  let out = s;
  for (const sec of secrets) if (sec && out.includes(sec)) out = out.split(sec).join(REDACTED);
  return out;
}

/**
 * Deep copy of `value` with every secret-named property replaced by "[redacted]" and every
 * occurrence of a known secret value inside any string (keys included) replaced too.
 */
export function redactSecrets<T>(value: T, secrets: readonly string[] = []): T {
  const scrub = (s: string) => (secrets.length ? scrubSecrets(s, secrets) : s);
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return scrub(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[scrub(k)] = isSecretField(k) && x !== null && x !== undefined ? REDACTED : walk(x);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}

/** Longest error text kept from outside (a worker, a server): the rest is cut, and the cut is marked. */
export const MAX_ERROR_CHARS = 2000;

/** A string from outside, bounded to `max` characters with the truncation marked. */
export function bounded(s: string, max = MAX_ERROR_CHARS): string {
  return s.length <= max ? s : `${s.slice(0, max)}… [truncated ${s.length - max} characters]`;
}
