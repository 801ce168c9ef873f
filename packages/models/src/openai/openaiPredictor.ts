import { bounded, FibError, type Item, type Prediction, registerSecrets, scrubSecrets } from "@fib/schemas";
import { createRng } from "@fib/stats";
import { definePredictor, type Predictor } from "../predictor.js";
import { cacheKey, type ResponseCache } from "../responseCache.js";
import { describeNetworkError, HttpError, postJson, readBody, type RetryPolicy } from "./httpClient.js";
import { firstTopLogprobs, type ParsedAnswer, parseLogprobAnswer, parseTextAnswer } from "./parseAnswer.js";

export interface OpenAIConfig {
  id?: string;
  model: string;
  /** default: $OPENAI_BASE_URL, else https://api.openai.com/v1 */
  baseUrl?: string;
  /** the *name* of the environment variable holding the API key (default OPENAI_API_KEY); never the key */
  apiKeyEnv?: string;
  endpoint?: "chat" | "completions";
  scoring?: "logprobs" | "text";
  /** how an item becomes a prompt: {x} is replaced by the item text */
  promptTemplate?: string;
  systemPrompt?: string;
  maxTokens?: number;
  topLogprobs?: number;
  seed?: number;
  temperature?: number;
  /** which repeated trial this is (part of the cache key) */
  trial?: number;
  timeoutMs?: number;
  maxRetries?: number;
  retryBaseMs?: number;
  /** requests in flight at once (default 4) */
  concurrency?: number;
}

export const DEFAULT_PROMPT = "Answer the question with a single word, Yes or No.\n\n{x}\nAnswer:";
export const DEFAULT_SYSTEM = "You are a careful reasoner. Reply with exactly one word: Yes or No.";

/** The request body for an item, as the adapter sends it (and as batch export writes it). */
export function requestBody(c: OpenAIConfig, item: Item): { url: string; body: Record<string, unknown> } {
  const prompt = (c.promptTemplate ?? DEFAULT_PROMPT).replaceAll("{x}", item.x);
  const logprobs = (c.scoring ?? "logprobs") === "logprobs";
  const common = {
    model: c.model,
    temperature: c.temperature ?? 0,
    max_tokens: c.maxTokens ?? (logprobs ? 1 : 8),
    ...(c.seed === undefined ? {} : { seed: c.seed }),
  };
  if ((c.endpoint ?? "chat") === "chat") {
    return {
      url: "/v1/chat/completions",
      body: {
        ...common,
        messages: [
          { role: "system", content: c.systemPrompt ?? DEFAULT_SYSTEM },
          { role: "user", content: prompt },
        ],
        ...(logprobs ? { logprobs: true, top_logprobs: c.topLogprobs ?? 5 } : {}),
      },
    };
  }
  return { url: "/v1/completions", body: { ...common, prompt, ...(logprobs ? { logprobs: c.topLogprobs ?? 5 } : {}) } };
}

/** Parse a chat or completions response into an answer, as the adapter does (batch import uses it too). */
export function parseResponse(c: OpenAIConfig, response: unknown): ParsedAnswer & { text: string } {
  const choice = (response as { choices?: unknown[] })?.choices?.[0] as { message?: { content?: string }; text?: string } | undefined;
  if (!choice) return { answer: null, via: "none", error: "malformed response: no choices", text: "" };
  const text = choice.message?.content ?? choice.text ?? "";
  const parsed = (c.scoring ?? "logprobs") === "logprobs" ? parseLogprobAnswer(firstTopLogprobs(choice), text) : parseTextAnswer(text);
  return { ...parsed, text };
}

/** Strip credentials (user:pass@) and query strings from a URL before it is recorded. */
export function publicUrl(u: string): string {
  try {
    const url = new URL(u);
    url.username = "";
    url.password = "";
    url.search = "";
    return url.toString().replace(/\/$/, "");
  } catch {
    return "[unparsable url]";
  }
}

function semaphore(n: number) {
  let active = 0;
  const queue: (() => void)[] = [];
  return async <T>(f: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((r) => queue.push(r));
    active++;
    try {
      return await f();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}

type OpenAIOptions = { env?: Readonly<Record<string, string | undefined>>; cache?: ResponseCache | null; onRequest?: () => void };

/**
 * After this many requests in a row failed to reach the server, the rest fail at once instead of
 * each sleeping through its retries (the evaluator then stops the run): a circuit breaker.
 */
const BREAK_AFTER = 8;

/** One predictor's connection: where it sends, how it retries, and what it has learnt of the server. */
interface Client {
  readonly config: OpenAIConfig;
  readonly opts: OpenAIOptions;
  readonly id: string;
  readonly baseUrl: string;
  readonly keyEnv: string;
  readonly policy: RetryPolicy;
  readonly jitter: ReturnType<typeof createRng>;
  readonly limit: ReturnType<typeof semaphore>;
  readonly headers: () => Record<string, string>;
  /** the parameters recorded in provenance and in the cache key */
  readonly params: Record<string, unknown> & { scoring: "logprobs" | "text" };
  ready: Promise<void> | null;
  servedModel: string | null;
  /** requests in a row that could not connect */
  unreachable: number;
}

function clientFor(config: OpenAIConfig, opts: OpenAIOptions): Client {
  const env = opts.env ?? process.env;
  const keyEnv = config.apiKeyEnv ?? "OPENAI_API_KEY";
  // whatever the variable is called, its value is a secret for every byte fib writes from now on
  registerSecrets([env[keyEnv]]);
  const id = config.id ?? config.model.replace(/[^\w.@/-]+/g, "-");
  return {
    config,
    opts,
    id,
    baseUrl: (config.baseUrl ?? env.OPENAI_BASE_URL ?? "https://api.openai.com/v1").replace(/\/+$/, ""),
    keyEnv,
    policy: { maxRetries: config.maxRetries ?? 3, baseDelayMs: config.retryBaseMs ?? 500, maxDelayMs: 30_000, timeoutMs: config.timeoutMs ?? 60_000 },
    jitter: createRng(config.seed ?? 0, `openai/jitter/${id}`),
    limit: semaphore(config.concurrency ?? 4),
    headers: () => {
      const key = env[keyEnv];
      return key ? { authorization: `Bearer ${key}` } : ({} as Record<string, string>);
    },
    params: {
      endpoint: config.endpoint ?? "chat",
      scoring: config.scoring ?? "logprobs",
      prompt_template: config.promptTemplate ?? DEFAULT_PROMPT,
      system_prompt: config.systemPrompt ?? DEFAULT_SYSTEM,
      max_tokens: config.maxTokens ?? null,
      top_logprobs: config.topLogprobs ?? 5,
      temperature: config.temperature ?? 0,
      seed: config.seed ?? null,
    },
    ready: null,
    servedModel: null,
    unreachable: 0,
  };
}

/** The readiness check (once): GET /models answers, accepts the credentials, and lists this model if it lists any. */
function checkReady(c: Client): Promise<void> {
  c.ready ??= (async () => {
    const where = publicUrl(c.baseUrl);
    try {
      const res = await fetch(`${c.baseUrl}/models`, { headers: c.headers(), signal: AbortSignal.timeout(Math.min(c.policy.timeoutMs, 10_000)) });
      if (res.status === 401 || res.status === 403) throw new FibError("SERVER_UNAVAILABLE", `${c.id}: ${where} refused the credentials in $${c.keyEnv} (HTTP ${res.status})`);
      if (!res.ok && res.status !== 404) throw new FibError("SERVER_UNAVAILABLE", `${c.id}: ${where}/models answered HTTP ${res.status}`);
      const listed = res.ok ? servedModels(await readBody(res)) : [];
      // a server that lists its models must list this one (llama-server lists the file it loaded; vLLM its --served-model-name)
      if (listed.length > 0 && !listed.includes(c.config.model)) {
        const names = `${listed
          .slice(0, 10)
          .map((m) => JSON.stringify(m))
          .join(", ")}${listed.length > 10 ? ", …" : ""}`;
        throw new FibError("CONFIG_INVALID", `${c.id}: ${where} serves ${names}, not ${JSON.stringify(c.config.model)}`, { field: "model" });
      }
    } catch (e) {
      if (e instanceof FibError) throw e;
      throw new FibError("SERVER_UNAVAILABLE", `${c.id}: no OpenAI-compatible server answered at ${where} (${describeNetworkError(e)}); start it or set OPENAI_BASE_URL`, { cause: e });
    }
  })();
  return c.ready;
}

type Reply = { text: string; top: [string, number][] | null };

/**
 * One request through the concurrency limit, the retries and the circuit breaker: the reply (cached,
 * bounded, scrubbed), or the errored prediction. Latency is the request's own time, not its time queued.
 */
async function request(c: Client, item: Item, url: string, body: Record<string, unknown>, key: string, signal?: AbortSignal): Promise<{ reply: Reply; t0: number } | Prediction> {
  const down = () => `${publicUrl(c.baseUrl)} unreachable: ${c.unreachable} requests in a row could not connect`;
  let t0 = performance.now();
  await checkReady(c);
  if (c.unreachable >= BREAK_AFTER) return { item_id: item.id, answer: null, latency_ms: 0, error: down() };
  try {
    c.opts.onRequest?.();
    const res = await c.limit(() => {
      t0 = performance.now();
      // a request that waited in the queue while the server was found gone makes no attempt at all
      if (c.unreachable >= BREAK_AFTER) throw new HttpError(0, down());
      if (signal?.aborted) throw new FibError("ABORTED", "cancelled");
      return postJson(`${c.baseUrl}${url.replace(/^\/v1/, "")}`, body, c.headers(), c.policy, c.jitter, signal, () => c.unreachable >= BREAK_AFTER);
    });
    c.unreachable = 0;
    const served = (res as { model?: unknown })?.model;
    if (typeof served === "string" && c.servedModel === null) c.servedModel = scrubSecrets(served).slice(0, 200);
    const choice = (res as { choices?: unknown[] })?.choices?.[0] as { message?: { content?: string }; text?: string } | undefined;
    if (!choice) throw new HttpError(200, "malformed response: no choices");
    // a reply is stored (cache, records) bounded: a runaway server cannot fill the disk
    const reply = { text: bounded(scrubSecrets(choice.message?.content ?? choice.text ?? ""), 20_000), top: firstTopLogprobs(choice) };
    c.opts.cache?.set(key, reply);
    return { reply, t0 };
  } catch (e) {
    if (e instanceof FibError) throw e;
    if ((e as { status?: number }).status === 0) c.unreachable++;
    return { item_id: item.id, answer: null, latency_ms: performance.now() - t0, error: (e as Error).message };
  }
}

async function answerOne(c: Client, item: Item, signal?: AbortSignal): Promise<Prediction> {
  const { url, body } = requestBody(c.config, item);
  const key = cacheKey({ adapter: "openai", base_url: publicUrl(c.baseUrl), model: c.config.model, params: c.params, prompt: body.messages ?? body.prompt, trial: c.config.trial ?? 0 });
  const cached = c.opts.cache?.get(key) as Reply | undefined;
  const got = cached ? { reply: cached, t0: 0 } : await request(c, item, url, body, key, signal);
  if ("item_id" in got) return got;
  const { text, top } = got.reply;
  const parsed = c.params.scoring === "logprobs" ? parseLogprobAnswer(top, text) : parseTextAnswer(text);
  return {
    item_id: item.id,
    answer: parsed.answer,
    ...(parsed.p_yes === undefined ? {} : { p_yes: parsed.p_yes }),
    latency_ms: cached ? 0 : performance.now() - got.t0,
    raw: text,
    ...(parsed.error ? { error: parsed.error } : {}),
  };
}

/**
 * A model behind any OpenAI-compatible `/v1` server (vLLM, llama-server, Ollama, LM Studio,
 * OpenAI). Temperature 0; logprob scoring compares P(Yes) with P(No) on the first token, or
 * text scoring reads yes/no/true/false/1/0. Retries 429 / 5xx / network errors / timeouts
 * with backoff and Retry-After; an item that still fails is an errored record. Responses are
 * cached by (adapter, base URL, model, parameters, prompt, trial) when a cache is given. The
 * first request is preceded by a readiness check (GET /v1/models) that fails the run with one
 * clear error when no server answers.
 */
export function openaiPredictor(config: OpenAIConfig, opts: OpenAIOptions = {}): Predictor {
  const c = clientFor(config, opts);
  return definePredictor({
    id: c.id,
    describe: () => ({
      id: c.id,
      kind: "openai",
      model: config.model,
      served_model: c.servedModel,
      base_url: publicUrl(c.baseUrl),
      auth_env: c.keyEnv,
      ...c.params,
      trial: config.trial ?? 0,
      max_retries: c.policy.maxRetries,
      timeout_ms: c.policy.timeoutMs,
    }),
    async predict(items: readonly Item[], ctx) {
      return Promise.all(items.map((it) => answerOne(c, it, ctx?.signal)));
    },
    ready: () => checkReady(c),
    // predict() checks readiness itself before its first request: answers from the cache need no server
    readyWhenNeeded: true,
  });
}

/** Model ids from a `/v1/models` body (OpenAI's `{data: [{id}]}`); [] when it lists none or is not that shape. */
function servedModels(body: string): string[] {
  try {
    const data = (JSON.parse(body) as { data?: unknown }).data;
    return Array.isArray(data) ? data.map((m) => (m as { id?: unknown })?.id).filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}
