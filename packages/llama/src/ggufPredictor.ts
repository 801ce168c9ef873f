import { statSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { basename, resolve } from "node:path";
import { cacheKey, DEFAULT_PROMPT, definePredictor, parseLogprobAnswer, parseTextAnswer, type Predictor, type ResponseCache } from "@fib/models";
import { FibError, type Item, type Prediction, sha256File } from "@fib/schemas";
import type { Llama, LlamaContext, LlamaContextSequence, LlamaModel, Token } from "node-llama-cpp";
import { readGgufHeader } from "./gguf.js";

export const NODE_LLAMA_CPP_VERSION = "3.21.1";

export interface GgufConfig {
  /** the .gguf file */
  path: string;
  id?: string;
  /** "logprob" (default): P(yes) against P(no) over the next token's top candidates; "text": greedy continuation read as yes/no */
  scoring?: "logprob" | "text";
  /** CPU threads (default: `defaultThreads` — by model size and cores, never llama.cpp's spin-everything default) */
  threads?: number;
  /** context size in tokens (default: the smaller of the model's training context and 2048) */
  context?: number;
  /**
   * items evaluated in parallel, as sequences of one context (default 1). llama.cpp batches parallel
   * sequences together, and which items share a batch depends on timing, which can change the last
   * digits of a probability: above 1, answers are reproducible only up to that rounding.
   */
  concurrency?: number;
  /** how an item becomes a prompt: {x} is replaced by the item text (default: the openai adapter's completion prompt) */
  promptTemplate?: string;
  /** tokens generated under text scoring (default 8) */
  maxTokens?: number;
  /** candidates read under logprob scoring (default 20, like an API's top_logprobs; 0: every token, a forced choice between the yes and no spellings) */
  topK?: number;
}

/** What the GGUF header and file say about a model: recorded in provenance. */
export interface GgufFileInfo {
  file: string;
  sha256: string;
  size_bytes: number;
  architecture: string | null;
  model_name: string | null;
  parameters: number;
  context_length: number | null;
}

/** Below this many parameters one thread is fastest: a token's matrix products are too small to split. */
export const ONE_THREAD_BELOW = 50_000_000;

/**
 * The threads a model runs on when its spec does not say: one below {@link ONE_THREAD_BELOW}
 * parameters (the zoo's files: measured 30 × faster than llama.cpp's default on a busy 2-core
 * machine, whose spinning threads fight every other process), else one per core up to 4. Chosen
 * from the model and the machine only — never from the load of the moment, so a run is the same
 * run whenever it is made.
 */
export function defaultThreads(parameters: number, cpus = availableParallelism()): number {
  return parameters < ONE_THREAD_BELOW ? 1 : Math.max(1, Math.min(4, cpus));
}

/** A warning when the machine has fewer free cores than the model's threads (each would wait on the others), else null. */
export function oversubscribed(threads: number, cpus = availableParallelism(), load = loadavg()[0] ?? 0): string | null {
  const free = cpus - load;
  return threads > 1 && free < threads ? `the machine is busy (load ${load.toFixed(1)} on ${cpus} cores): ${threads} threads will wait on each other; ?threads=1 may be faster` : null;
}

export async function ggufFileInfo(path: string): Promise<GgufFileInfo> {
  const header = readGgufHeader(path);
  const arch = typeof header.metadata["general.architecture"] === "string" ? (header.metadata["general.architecture"] as string) : null;
  const ctx = arch ? header.metadata[`${arch}.context_length`] : undefined;
  return {
    file: basename(path),
    sha256: await sha256File(path),
    size_bytes: statSync(path).size,
    architecture: arch,
    model_name: typeof header.metadata["general.name"] === "string" ? (header.metadata["general.name"] as string) : null,
    parameters: header.parameters,
    context_length: typeof ctx === "number" ? ctx : null,
  };
}

let llamaPromise: Promise<Llama> | null = null;
/** One llama.cpp runtime per process, CPU only, never built from source (the prebuilt binary or a clear error). */
async function runtime(): Promise<Llama> {
  llamaPromise ??= (async () => {
    const { getLlama, LlamaLogLevel } = await import("node-llama-cpp");
    try {
      return await getLlama({ gpu: false, build: "never", logLevel: LlamaLogLevel.error, progressLogs: false });
    } catch (e) {
      llamaPromise = null;
      throw new FibError("MODEL_ERROR", `node-llama-cpp could not load its prebuilt llama.cpp binary for ${process.platform}-${process.arch} (${(e as Error).message})`, { cause: e });
    }
  })();
  return llamaPromise;
}

/** The parameters recorded in provenance and in the cache key. */
interface GgufParams {
  scoring: "logprob" | "text";
  prompt_template: string;
  context: number;
  max_tokens: number;
  top_k: number;
}

type Reply = { text: string; top: [string, number][] | null };

/** The loaded model, its context, and the sequences free to evaluate an item on. */
interface Loaded {
  model: LlamaModel;
  context: LlamaContext;
  free: LlamaContextSequence[];
}

/** One predictor's model: loaded on first use, its sequences shared by the items in flight. */
interface Session {
  readonly id: string;
  readonly path: string;
  readonly configPath: string;
  readonly params: GgufParams;
  readonly concurrency: number;
  readonly threads: number;
  loaded: Promise<Loaded> | null;
  /** items waiting for a free sequence */
  readonly waiting: ((s: LlamaContextSequence) => void)[];
}

/** The file's header and hash; only a regular file is a model (a FIFO or a device would block its header read forever). */
async function modelFileInfo(path: string, given: string): Promise<GgufFileInfo> {
  try {
    if (!statSync(path).isFile()) throw new FibError("INPUT_INVALID", "is not a regular file (a GGUF model is a file)", { file: given, field: "models" });
    return await ggufFileInfo(path);
  } catch (e) {
    if (e instanceof FibError) throw e;
    throw new FibError("IO_ERROR", `${given}: ${(e as Error).message}`, { file: given, cause: e });
  }
}

function paramsOf(config: GgufConfig, info: GgufFileInfo): GgufParams {
  const scoring = config.scoring ?? "logprob";
  if (scoring !== "logprob" && scoring !== "text") throw new FibError("CONFIG_INVALID", `scoring must be logprob or text, got ${JSON.stringify(scoring)}`, { field: "scoring" });
  return {
    scoring,
    prompt_template: config.promptTemplate ?? DEFAULT_PROMPT,
    context: config.context ?? Math.min(info.context_length ?? 2048, 2048),
    max_tokens: config.maxTokens ?? 8,
    top_k: config.topK ?? 20,
  };
}

/** Loads the model and its context once (a failed load is retried on the next use). */
function load(s: Session): Promise<Loaded> {
  s.loaded ??= (async () => {
    const llama = await runtime();
    let model: LlamaModel;
    try {
      model = await llama.loadModel({ modelPath: s.path });
    } catch (e) {
      s.loaded = null;
      throw new FibError("MODEL_ERROR", `${s.id}: llama.cpp could not load ${s.configPath} (${(e as Error).message})`, { file: s.configPath, cause: e });
    }
    const busy = oversubscribed(s.threads);
    if (busy) process.stderr.write(`fib: ${s.id}: ${busy}\n`);
    const context = await model.createContext({ contextSize: s.params.context, sequences: s.concurrency, threads: s.threads });
    return { model, context, free: Array.from({ length: s.concurrency }, () => context.getSequence()) };
  })();
  return s.loaded;
}

/** The next token's top candidates after the prompt, as (text, log-probability). */
async function nextTokenLogprobs(s: Session, model: LlamaModel, seq: LlamaContextSequence, tokens: Token[], last: Token): Promise<Reply> {
  const out = await seq.controlledEvaluate([...tokens, [last, { generateNext: { probabilities: true } }]]);
  const probs = out[out.length - 1]?.next.probabilities;
  if (!probs) throw new FibError("MODEL_ERROR", `${s.id}: llama.cpp returned no next-token probabilities`);
  const top: [string, number][] = [];
  for (const [tok, p] of probs) {
    top.push([model.detokenize([tok], false), Math.log(p)]);
    if (s.params.top_k > 0 && top.length >= s.params.top_k) break;
  }
  return { text: top[0]?.[0] ?? "", top };
}

/** A greedy continuation of at most max_tokens, stopped at the end of a sentence or line. */
async function greedyText(s: Session, model: LlamaModel, seq: LlamaContextSequence, tokens: Token[], last: Token): Promise<Reply> {
  const generated: Token[] = [];
  let next = last;
  for (let i = 0; i < s.params.max_tokens; i++) {
    const out = await seq.controlledEvaluate(i === 0 ? [...tokens, [next, { generateNext: { token: true } }]] : [[next, { generateNext: { token: true } }]]);
    const tok = out[out.length - 1]?.next.token;
    if (tok === undefined || tok === null || model.isEogToken(tok)) break;
    generated.push(tok);
    next = tok;
    if (/[\n.!?]/.test(model.detokenize([tok], false))) break;
  }
  return { text: model.detokenize(generated, false), top: null };
}

/** Evaluates one prompt on a free sequence (waiting for one), and hands the sequence on. */
async function evaluate(s: Session, item: Item, prompt: string): Promise<Reply> {
  const { model, free } = await load(s);
  const seq = free.pop() ?? (await new Promise<LlamaContextSequence>((r) => s.waiting.push(r)));
  try {
    await seq.clearHistory();
    const tokens: Token[] = [...(model.tokens.bos !== null && model.tokens.shouldPrependBosToken ? [model.tokens.bos] : []), ...model.tokenize(prompt)];
    if (tokens.length + (s.params.scoring === "text" ? s.params.max_tokens : 1) > seq.contextSize) {
      throw new FibError("INPUT_INVALID", `item ${item.id}: the prompt has ${tokens.length} tokens, more than the context of ${seq.contextSize} allows (set context=…)`);
    }
    const last = tokens.pop() as Token;
    return s.params.scoring === "logprob" ? await nextTokenLogprobs(s, model, seq, tokens, last) : await greedyText(s, model, seq, tokens, last);
  } finally {
    const w = s.waiting.shift();
    if (w) w(seq);
    else free.push(seq);
  }
}

async function answerOne(s: Session, info: GgufFileInfo, cache: ResponseCache | null | undefined, item: Item, signal?: AbortSignal): Promise<Prediction> {
  if (signal?.aborted) throw new FibError("ABORTED", "cancelled");
  const prompt = s.params.prompt_template.replaceAll("{x}", item.x);
  const key = cacheKey({ adapter: "gguf", sha256: info.sha256, params: s.params, prompt });
  const cached = cache?.get(key) as Reply | undefined;
  const t0 = performance.now();
  let r = cached;
  if (!r) {
    try {
      r = await evaluate(s, item, prompt);
    } catch (e) {
      if (e instanceof FibError && e.code !== "INPUT_INVALID") throw e;
      return { item_id: item.id, answer: null, latency_ms: performance.now() - t0, error: (e as Error).message };
    }
    cache?.set(key, r);
  }
  const parsed = s.params.scoring === "logprob" ? parseLogprobAnswer(r.top, r.text) : parseTextAnswer(r.text);
  return {
    item_id: item.id,
    answer: parsed.answer,
    ...(parsed.p_yes === undefined ? {} : { p_yes: parsed.p_yes }),
    latency_ms: cached ? 0 : performance.now() - t0,
    raw: r.text,
    ...(parsed.error ? { error: parsed.error } : {}),
  };
}

/**
 * A GGUF model run in process by llama.cpp (node-llama-cpp, CPU). Logprob scoring compares P(yes)
 * with P(no) over the next token's top candidates (every spelling the openai adapter reads: " Yes",
 * "▁yes", "YES", …); text scoring reads a short greedy continuation. Answers are cached by (file
 * sha256, parameters, prompt) like the other adapters; the model loads on first use, so a rerun
 * whose answers are all cached loads nothing. Ctrl-C stops between items.
 */
export async function ggufPredictor(config: GgufConfig, opts: { cache?: ResponseCache | null } = {}): Promise<Predictor> {
  const path = resolve(config.path);
  const info = await modelFileInfo(path, config.path);
  const id =
    config.id ??
    basename(path)
      .replace(/\.gguf$/i, "")
      .replace(/[^\w.@/-]+/g, "-");
  const s: Session = {
    id,
    path,
    configPath: config.path,
    params: paramsOf(config, info),
    concurrency: Math.max(1, Math.floor(config.concurrency ?? 1)),
    threads: config.threads ?? defaultThreads(info.parameters),
    loaded: null,
    waiting: [],
  };
  return definePredictor({
    id,
    describe: () => ({ id, kind: "gguf", ...info, ...s.params, concurrency: s.concurrency, threads: s.threads, runtime: `node-llama-cpp ${NODE_LLAMA_CPP_VERSION}` }),
    async predict(items, ctx) {
      return Promise.all(items.map((it) => answerOne(s, info, opts.cache, it, ctx?.signal)));
    },
    async ready() {
      await load(s);
    },
    // the model loads when an answer is not cached
    readyWhenNeeded: true,
    async close() {
      const l = s.loaded;
      s.loaded = null;
      if (!l) return;
      const { model, context } = await l.catch(() => ({ model: null, context: null }));
      await context?.dispose();
      await model?.dispose();
    },
  });
}
