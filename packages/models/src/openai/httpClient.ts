import { FibError, isSecretField, scrubSecrets } from "@fib/schemas";
import type { Rng } from "@fib/stats";

export interface RetryPolicy {
  /** retries after the first attempt (0 allowed; default 3) */
  maxRetries: number;
  /** first backoff in ms (default 500); doubles each retry, with full jitter */
  baseDelayMs: number;
  /** cap on any single wait, Retry-After included (default 30 000) */
  maxDelayMs: number;
  /** per-request timeout in ms (default 60 000) */
  timeoutMs: number;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Seconds or an HTTP date → milliseconds to wait, or null. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const s = Number(header);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const t = Date.parse(header);
  return Number.isFinite(t) ? Math.max(0, t - now) : null;
}

/** Wait `ms`, or reject at once when `signal` aborts; the abort listener is removed when the wait ends (retries used to leave one per sleep). */
export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new FibError("ABORTED", "cancelled"));
    const onAbort = () => {
      clearTimeout(t);
      reject(new FibError("ABORTED", "cancelled"));
    };
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/** The most useful few words about a failed fetch: ECONNREFUSED, timed out, … */
export function describeNetworkError(e: unknown): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === "TimeoutError" || err?.name === "AbortError") return "timed out";
  return err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(e);
}

/** The largest response body read (a chat answer is a few kB; a server sending 100 MB is refused, not buffered). */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** A response's body as text, refused (HttpError) once it passes `max` bytes — never buffered whole. */
export async function readBody(res: Response, max = MAX_RESPONSE_BYTES): Promise<string> {
  const declared = Number(res.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > max) {
    await res.body?.cancel().catch(() => {});
    throw new HttpError(res.status, `the response is ${declared} bytes, more than the ${max} fib reads`);
  }
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.byteLength;
    if (n > max) {
      await reader.cancel().catch(() => {});
      throw new HttpError(res.status, `the response passed ${max} bytes: refused (not buffered)`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The credential values a request carries in secret-named headers (and a bearer token alone), longest first. */
function requestSecrets(headers: Record<string, string>): string[] {
  const out = new Set<string>();
  for (const [k, v] of Object.entries(headers)) {
    if (!isSecretField(k) || typeof v !== "string") continue;
    // the credential itself, without its scheme word ("Bearer [redacted]" still says what was sent)
    const token = v.replace(/^\s*(bearer|basic|token)\s+/i, "").trim();
    if (token.length >= 6) out.add(token);
  }
  return [...out].sort((a, b) => b.length - a.length);
}

/**
 * POST JSON with retries: on 429, 5xx, network errors and timeouts it waits — the server's
 * Retry-After when given, else exponential backoff with full jitter from a seeded stream — and
 * tries again, up to `maxRetries` times. Other 4xx fail at once. Malformed JSON is an error.
 * `giveUp`, checked before each retry, stops the retries early (the caller knows the server is gone).
 */
export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string>,
  policy: RetryPolicy,
  jitter: Rng,
  signal?: AbortSignal,
  /** checked before each retry: true stops retrying (the server is known to be gone) */
  giveUp?: () => boolean,
): Promise<unknown> {
  let lastError = "";
  // what the server echoes is scrubbed of the request's own credentials *before* it is cut short:
  // a key cut first would leave its prefix behind, where no scrubber knows it
  const secrets = requestSecrets(headers);
  for (let attempt = 0; attempt <= policy.maxRetries; attempt++) {
    let wait: number | null = null;
    try {
      const timeout = AbortSignal.timeout(policy.timeoutMs);
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      const text = await readBody(res);
      if (res.ok) {
        try {
          return JSON.parse(text);
        } catch {
          throw new HttpError(res.status, `malformed JSON in the response (${scrubSecrets(text, secrets).slice(0, 40).replace(/\s+/g, " ")}…)`);
        }
      }
      lastError = `HTTP ${res.status}${text ? `: ${scrubSecrets(text, secrets).slice(0, 120).replace(/\s+/g, " ")}` : ""}`;
      if (res.status !== 429 && res.status < 500) throw new HttpError(res.status, lastError);
      wait = retryAfterMs(res.headers.get("retry-after"));
    } catch (e) {
      if (e instanceof HttpError) throw e;
      if (signal?.aborted) throw new FibError("ABORTED", "cancelled", { cause: e });
      lastError = describeNetworkError(e);
    }
    if (attempt === policy.maxRetries || giveUp?.()) break;
    const backoff = jitter.float() * policy.baseDelayMs * 2 ** attempt;
    await sleep(Math.min(policy.maxDelayMs, wait ?? backoff), signal);
  }
  throw new HttpError(0, `${lastError} (after ${policy.maxRetries + 1} attempt${policy.maxRetries === 0 ? "" : "s"})`);
}
