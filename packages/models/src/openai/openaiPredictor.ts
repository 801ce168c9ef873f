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

/**
 * A model behind any OpenAI-compatible `/v1` server (vLLM, llama-server, Ollama, LM Studio,
 * OpenAI). Temperature 0; logprob scoring compares P(Yes) with P(No) on the first token, or
 * text scoring reads yes/no/true/false/1/0. Retries 429 / 5xx / network errors / timeouts
 * with backoff and Retry-After; an item that still fails is an errored record. Responses are
 * cached by (adapter, base URL, model, parameters, prompt, trial) when a cache is given. The
 * first request is preceded by a readiness check (GET /v1/models) that fails the run with one
 * clear error when no server answers.
 */
export function openaiPredictor(config: OpenAIConfig, opts: { env?: Readonly<Record<string, string | undefined>>; cache?: ResponseCache | null; onRequest?: () => void } = {}): Predictor {
  const env = opts.env ?? process.env;
  const baseUrl = (config.baseUrl ?? env.OPENAI_BASE_URL ?? "https://api.openai.com/v1").replace(/\/+$/, "");
  const keyEnv = config.apiKeyEnv ?? "OPENAI_API_KEY";
  // whatever the variable is called, its value is a secret for every byte fib writes from now on
  registerSecrets([env[keyEnv]]);
  const id = config.id ?? config.model.replace(/[^\w.@/-]+/g, "-");
  const policy: RetryPolicy = { maxRetries: config.maxRetries ?? 3, baseDelayMs: config.retryBaseMs ?? 500, maxDelayMs: 30_000, timeoutMs: config.timeoutMs ?? 60_000 };
  const jitter = createRng(config.seed ?? 0, `openai/jitter/${id}`);
  const limit = semaphore(config.concurrency ?? 4);
  const headers = () => {
    const key = env[keyEnv];
    return key ? { authorization: `Bearer ${key}` } : ({} as Record<string, string>);
  };
  const params = {
    endpoint: config.endpoint ?? "chat",
    scoring: config.scoring ?? "logprobs",
    prompt_template: config.promptTemplate ?? DEFAULT_PROMPT,
    system_prompt: config.systemPrompt ?? DEFAULT_SYSTEM,
    max_tokens: config.maxTokens ?? null,
    top_logprobs: config.topLogprobs ?? 5,
    temperature: config.temperature ?? 0,
    seed: config.seed ?? null,
  };
  let ready: Promise<void> | null = null;
  let servedModel: string | null = null;
  // a circuit breaker: after this many requests in a row failed to reach the server, the rest fail
  // at once instead of each sleeping through its retries (the evaluator then stops the run)
  const BREAK_AFTER = 8;
  let unreachable = 0;
  const checkReady = () =>
    (ready ??= (async () => {
      try {
        const res = await fetch(`${baseUrl}/models`, { headers: headers(), signal: AbortSignal.timeout(Math.min(policy.timeoutMs, 10_000)) });
        if (res.status === 401 || res.status === 403) throw new FibError("SERVER_UNAVAILABLE", `${id}: ${publicUrl(baseUrl)} refused the credentials in $${keyEnv} (HTTP ${res.status})`);
        if (!res.ok && res.status !== 404) throw new FibError("SERVER_UNAVAILABLE", `${id}: ${publicUrl(baseUrl)}/models answered HTTP ${res.status}`);
        const listed = res.ok ? servedModels(await readBody(res)) : [];
        // a server that lists its models must list this one (llama-server lists the file it loaded; vLLM its --served-model-name)
        if (listed.length > 0 && !listed.includes(config.model)) {
          throw new FibError(
            "CONFIG_INVALID",
            `${id}: ${publicUrl(baseUrl)} serves ${listed
              .slice(0, 10)
              .map((m) => JSON.stringify(m))
              .join(", ")}${listed.length > 10 ? ", …" : ""}, not ${JSON.stringify(config.model)}`,
            { field: "model" },
          );
        }
      } catch (e) {
        if (e instanceof FibError) throw e;
        const cause = describeNetworkError(e);
        throw new FibError("SERVER_UNAVAILABLE", `${id}: no OpenAI-compatible server answered at ${publicUrl(baseUrl)} (${cause}); start it or set OPENAI_BASE_URL`, { cause: e });
      }
    })());
  const answerOne = async (item: Item, signal?: AbortSignal): Promise<Prediction> => {
    const { url, body } = requestBody(config, item);
    const key = cacheKey({ adapter: "openai", base_url: publicUrl(baseUrl), model: config.model, params, prompt: body.messages ?? body.prompt, trial: config.trial ?? 0 });
    const cached = opts.cache?.get(key) as { text: string; top: [string, number][] | null } | undefined;
    let t0 = performance.now();
    let text: string;
    let top: [string, number][] | null;
    if (cached) ({ text, top } = cached);
    else {
      await checkReady();
      if (unreachable >= BREAK_AFTER) return { item_id: item.id, answer: null, latency_ms: 0, error: `${publicUrl(baseUrl)} unreachable: ${unreachable} requests in a row could not connect` };
      try {
        opts.onRequest?.();
        // latency is the request's own time, not the time queued behind the concurrency limit
        const res = await limit(() => {
          t0 = performance.now();
          // a request that waited in the queue while the server was found gone makes no attempt at all
          if (unreachable >= BREAK_AFTER) throw new HttpError(0, `${publicUrl(baseUrl)} unreachable: ${unreachable} requests in a row could not connect`);
          if (signal?.aborted) throw new FibError("ABORTED", "cancelled");
          return postJson(`${baseUrl}${url.replace(/^\/v1/, "")}`, body, headers(), policy, jitter, signal, () => unreachable >= BREAK_AFTER);
        });
        unreachable = 0;
        const served = (res as { model?: unknown })?.model;
        if (typeof served === "string" && servedModel === null) servedModel = scrubSecrets(served).slice(0, 200);
        const choice = (res as { choices?: unknown[] })?.choices?.[0] as { message?: { content?: string }; text?: string } | undefined;
        if (!choice) throw new HttpError(200, "malformed response: no choices");
        // a reply is stored (cache, records) bounded: a runaway server cannot fill the disk
        text = bounded(scrubSecrets(choice.message?.content ?? choice.text ?? ""), 20_000);
        top = firstTopLogprobs(choice);
        opts.cache?.set(key, { text, top });
      } catch (e) {
        if (e instanceof FibError) throw e;
        if ((e as { status?: number }).status === 0) unreachable++;
        return { item_id: item.id, answer: null, latency_ms: performance.now() - t0, error: (e as Error).message };
      }
    }
    const parsed = params.scoring === "logprobs" ? parseLogprobAnswer(top, text) : parseTextAnswer(text);
    return {
      item_id: item.id,
      answer: parsed.answer,
      ...(parsed.p_yes === undefined ? {} : { p_yes: parsed.p_yes }),
      latency_ms: cached ? 0 : performance.now() - t0,
      raw: text,
      ...(parsed.error ? { error: parsed.error } : {}),
    };
  };
  return definePredictor({
    id,
    describe: () => ({
      id,
      kind: "openai",
      model: config.model,
      served_model: servedModel,
      base_url: publicUrl(baseUrl),
      auth_env: keyEnv,
      ...params,
      trial: config.trial ?? 0,
      max_retries: policy.maxRetries,
      timeout_ms: policy.timeoutMs,
    }),
    async predict(items: readonly Item[], ctx) {
      return Promise.all(items.map((it) => answerOne(it, ctx?.signal)));
    },
    ready: checkReady,
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
