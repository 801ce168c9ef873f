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
    if (typeof v === "string" && v.length >= MIN_SECRET_CHARS && (SECRET_ENV.test(k) || wanted.has(k))) out.add(v);
  }
  registerSecrets(out);
  return [...out].sort((a, b) => b.length - a.length);
}

/** Shorter values are not scrubbed: they would scrub ordinary words. */
const MIN_SECRET_CHARS = 6;

/**
 * The process's one secret set. Every secret source — the environment's secret-looking variables,
 * every model's `api_key_env` (whichever model reads it, whenever), config files — registers its
 * values here, and every place bytes leave fib (event log, reports, the response cache, the
 * terminal) scrubs them along with whatever it was given. One set, so a key read by a second model
 * after the cache or the terminal guard was set up is still known to both. Kept on `globalThis`
 * under a registered symbol so that two copies of @fib/schemas in one process share it.
 */
interface SecretRegistry {
  values: Set<string>;
  sorted: string[] | null;
}
const REGISTRY_KEY = Symbol.for("@fib/schemas/secrets");
function registry(): SecretRegistry {
  const g = globalThis as unknown as Record<symbol, SecretRegistry | undefined>;
  let r = g[REGISTRY_KEY];
  if (!r) {
    r = { values: new Set(), sorted: [] };
    g[REGISTRY_KEY] = r;
  }
  return r;
}

/** Add secret values (an API key read from the environment, say) to the process's secret set. */
export function registerSecrets(values: Iterable<string | undefined>): void {
  const r = registry();
  for (const v of values) {
    if (typeof v === "string" && v.length >= MIN_SECRET_CHARS && !r.values.has(v)) {
      r.values.add(v);
      r.sorted = null;
    }
  }
}

/** Every secret value registered in this process, longest first. */
export function knownSecrets(): readonly string[] {
  const r = registry();
  r.sorted ??= [...r.values].sort((a, b) => b.length - a.length);
  return r.sorted;
}

/** `secrets` and the registered ones, longest first (a shorter secret inside a longer one is scrubbed after it). */
const unions = new WeakMap<readonly string[], { known: readonly string[]; all: readonly string[] }>();
function allSecrets(secrets: readonly string[]): readonly string[] {
  const known = knownSecrets();
  if (secrets.length === 0) return known;
  if (known.length === 0) return secrets;
  // the event log scrubs every string with the same array: the union is built once per change
  const hit = unions.get(secrets);
  if (hit && hit.known === known) return hit.all;
  const all = [...new Set([...secrets, ...known])].sort((a, b) => b.length - a.length);
  unions.set(secrets, { known, all });
  return all;
}

/** A string with every secret value — those given and every registered one — replaced by "[redacted]". */
export function scrubSecrets(s: string, secrets: readonly string[] = []): string {
  let out = s;
  for (const sec of allSecrets(secrets)) if (sec && out.includes(sec)) out = out.split(sec).join(REDACTED);
  return out;
}

/** Does `s` hold any secret value (given or registered)? */
export function holdsSecret(s: string, secrets: readonly string[] = []): boolean {
  return allSecrets(secrets).some((x) => x !== "" && s.includes(x));
}

/**
 * Deep copy of `value` with every secret-named property replaced by "[redacted]" and every
 * occurrence of a known secret value inside any string (keys included) replaced too.
 */
export function redactSecrets<T>(value: T, secrets: readonly string[] = []): T {
  const all = allSecrets(secrets);
  const scrub = (s: string) => (all.length ? scrubSecrets(s, all) : s);
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
