import { FibError, isSecretField, secretValuesFromEnv } from "@fib/schemas";
import { type ExecConfig, execPredictor } from "./exec/execPredictor.js";
import { type OpenAIConfig, openaiPredictor } from "./openai/openaiPredictor.js";
import type { Predictor } from "./predictor.js";
import { fileCache, type ResponseCache } from "./responseCache.js";
import { SIM_PRESET_NAMES, SIM_PRESETS, simPredictor } from "./sim.js";
import { STUB_NAMES, stubPredictor } from "./stubs.js";
import { TRAINED_PRESET_NAMES, TRAINED_PRESETS, type TrainedConfig, trainedPredictor } from "./trained/trainedPredictor.js";

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
    const params: Record<string, unknown> = {};
    for (const kv of (m[3] ?? "").split("&").filter(Boolean)) {
      const [k, ...rest] = kv.split("=");
      params[decodeURIComponent(k as string)] = coerce(decodeURIComponent(rest.join("=")));
    }
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
export function createPredictorRegistry(): PredictorRegistry {
  const kinds = new Map<string, PredictorKind>();
  const registry: PredictorRegistry = {
    register(k) {
      if (kinds.has(k.kind)) throw new FibError("DUPLICATE_PLUGIN", `predictor kind "${k.kind}" is already registered`);
      kinds.set(k.kind, k);
      return registry;
    },
    kinds: () => [...kinds.values()],
    async resolve(spec, ctx = {}) {
      const parsed = parseSpec(spec);
      const k = kinds.get(parsed.kind);
      if (!k) {
        throw new FibError("UNKNOWN_PLUGIN", `unknown predictor kind "${parsed.kind}" (known: ${[...kinds.keys()].join(", ")})`, { field: "models" });
      }
      return k.create(parsed, ctx);
    },
    async resolveAll(specs, ctx = {}) {
      const out: Predictor[] = [];
      for (const s of specs) out.push(await registry.resolve(s, ctx));
      const ids = new Set<string>();
      for (const p of out) {
        if (ids.has(p.id)) throw new FibError("CONFIG_INVALID", `two predictors have the id "${p.id}": give one an id (e.g. ?id=other)`, { field: "models" });
        ids.add(p.id);
      }
      return out;
    },
  };
  return registry;
}

function unknownName(kind: string, name: string, known: string[]): never {
  throw new FibError("UNKNOWN_PLUGIN", `unknown ${kind} predictor "${name}" (known: ${known.join(", ")})`, { field: "models" });
}

function num(params: Record<string, unknown>, key: string, def: number): number {
  const v = params[key] ?? def;
  if (typeof v !== "number" || !Number.isFinite(v)) throw new FibError("CONFIG_INVALID", `${key} must be a number, got ${JSON.stringify(v)}`, { field: key });
  return v;
}

export const STUB_KIND: PredictorKind = {
  kind: "stub",
  description: "the seed's rule-based heuristics",
  names: () => STUB_NAMES,
  create: (s) => stubPredictor(s.name) ?? unknownName("stub", s.name, STUB_NAMES),
};

export const SIM_KIND: PredictorKind = {
  kind: "sim",
  description: "simulated models with a capability vector (presets, or any parameter overridden: sim:expert?negation_weakness=3)",
  names: () => SIM_PRESET_NAMES,
  create: (s) => {
    const base = s.name === "" || s.name === "custom" ? {} : (SIM_PRESETS[s.name] ?? unknownName("sim", s.name, [...SIM_PRESET_NAMES, "custom"]));
    const { seed, ...overrides } = s.params;
    const cap = { ...base } as Record<string, number>;
    for (const k of Object.keys(overrides)) {
      if (!(k in SIM_PRESETS.expert!)) throw new FibError("CONFIG_INVALID", `unknown sim parameter "${k}" (known: ${Object.keys(SIM_PRESETS.expert!).join(", ")})`, { field: k });
      cap[k] = num(overrides, k, 0);
    }
    const trial = seed === undefined ? 0 : num(s.params, "seed", 0);
    const id = s.id ?? `sim-${s.name || "custom"}${Object.keys(overrides).length ? `-${Object.entries(overrides).map(([k, v]) => `${k}${v}`).join("-")}` : ""}${trial ? `-s${trial}` : ""}`;
    return simPredictor(id, cap, trial, s.name || undefined);
  },
};

export const TRAINED_KIND: PredictorKind = {
  kind: "trained",
  description: "bag-of-n-grams baselines trained on a CARB training split (presets, or trained:logreg?ngram=2&vocab=5000&train=4000)",
  names: () => TRAINED_PRESET_NAMES,
  create: (s, ctx) => {
    const preset = TRAINED_PRESETS[s.name];
    let config: TrainedConfig;
    if (preset) config = { ...preset, ...(s.params as Partial<TrainedConfig>) };
    else if (s.name === "logreg" || s.name === "nb") {
      config = { algorithm: s.name, ngram: num(s.params, "ngram", 1), vocab: num(s.params, "vocab", 1000), train: num(s.params, "train", 1000), seed: num(s.params, "seed", 0) };
    } else unknownName("trained", s.name, [...TRAINED_PRESET_NAMES, "logreg", "nb"]);
    const id = s.id ?? (preset && Object.keys(s.params).length === 0 ? s.name : `${config.algorithm}-n${config.ngram}-v${config.vocab}-t${config.train}-s${config.seed}`);
    return trainedPredictor(id, config, { cacheDir: ctx.cacheDir === undefined ? ".fib-cache" : ctx.cacheDir, ...(preset ? { preset: s.name } : {}) });
  },
};

const str = (params: Record<string, unknown>, key: string): string | undefined => {
  const v = params[key];
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw new FibError("CONFIG_INVALID", `${key} must be a string, got ${JSON.stringify(v)}`, { field: key });
  return v;
};
const optNum = (params: Record<string, unknown>, key: string): number | undefined => (params[key] === undefined ? undefined : num(params, key, 0));

/** Credentials are never written in a spec; unknown parameters are refused, listing the known ones (a typo must not be silently ignored). */
function refuseKeys(params: Record<string, unknown>, known?: readonly string[]): void {
  for (const k of Object.keys(params)) {
    if (k !== "api_key_env" && (isSecretField(k) || /token|auth|bearer|passw|secret|credential|api.?key/i.test(k))) {
      throw new FibError("CONFIG_INVALID", `a credential (${k}) may not be written in a model spec or config file: put it in an environment variable and name that variable with api_key_env`, { field: k });
    }
    if (known && !known.includes(k)) throw new FibError("CONFIG_INVALID", `unknown parameter "${k}" (known: ${known.join(", ")})`, { field: k });
  }
}

const OPENAI_PARAMS = ["id", "kind", "name", "model", "endpoint", "scoring", "base_url", "api_key_env", "prompt_template", "system_prompt", "max_tokens", "top_logprobs", "seed", "temperature", "trial", "timeout_ms", "max_retries", "retry_base_ms", "concurrency"];

/** A base URL without credentials in it (user:password@ would be printed and stored). */
function checkBaseUrl(u: string | undefined): string | undefined {
  if (u === undefined) return u;
  let url: URL;
  try {
    url = new URL(u);
  } catch {
    throw new FibError("CONFIG_INVALID", "base_url is not a URL", { field: "base_url" });
  }
  if (url.username || url.password) throw new FibError("CONFIG_INVALID", "base_url may not carry credentials (user:password@host): put the key in an environment variable named by api_key_env", { field: "base_url" });
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new FibError("CONFIG_INVALID", `base_url must be http: or https:, got ${url.protocol}`, { field: "base_url" });
  return u;
}

function responseCache(ctx: ResolveContext, secretEnv: readonly string[] = []): ResponseCache | null {
  const dir = ctx.cacheDir === undefined ? ".fib-cache" : ctx.cacheDir;
  return dir === null ? null : fileCache(dir, { secrets: secretValuesFromEnv(ctx.env ?? process.env, secretEnv) });
}

/** The OpenAIConfig a spec describes (`openai:MODEL?…` or an object); refuses credentials in the spec. */
export function openaiConfigFromSpec(spec: PredictorSpec): OpenAIConfig {
  const s = parseSpec(spec);
  if (s.kind !== "openai") throw new FibError("CONFIG_INVALID", `expected an openai: model spec, got ${s.kind}:`, { field: "model" });
  refuseKeys(s.params, OPENAI_PARAMS);
  const p = s.params;
  const model = str(p, "model") ?? s.name;
  if (!model) throw new FibError("CONFIG_INVALID", "openai predictor needs a model name (openai:MODEL)", { field: "model" });
  const endpoint = str(p, "endpoint") ?? "chat";
  const scoring = str(p, "scoring") ?? "logprobs";
  if (endpoint !== "chat" && endpoint !== "completions") throw new FibError("CONFIG_INVALID", `endpoint must be chat or completions, got ${endpoint}`, { field: "endpoint" });
  if (scoring !== "logprobs" && scoring !== "text") throw new FibError("CONFIG_INVALID", `scoring must be logprobs or text, got ${scoring}`, { field: "scoring" });
  const config: OpenAIConfig = { model, endpoint, scoring };
  const set = <K extends keyof OpenAIConfig>(k: K, v: OpenAIConfig[K] | undefined) => {
    if (v !== undefined) config[k] = v;
  };
  set("id", s.id);
  set("baseUrl", checkBaseUrl(str(p, "base_url")));
  set("apiKeyEnv", str(p, "api_key_env"));
  set("promptTemplate", str(p, "prompt_template"));
  set("systemPrompt", str(p, "system_prompt"));
  set("maxTokens", optNum(p, "max_tokens"));
  set("topLogprobs", optNum(p, "top_logprobs"));
  set("seed", optNum(p, "seed"));
  set("temperature", optNum(p, "temperature"));
  set("trial", optNum(p, "trial"));
  set("timeoutMs", optNum(p, "timeout_ms"));
  set("maxRetries", optNum(p, "max_retries"));
  set("retryBaseMs", optNum(p, "retry_base_ms"));
  set("concurrency", optNum(p, "concurrency"));
  return config;
}

export const OPENAI_KIND: PredictorKind = {
  kind: "openai",
  description: "any OpenAI-compatible /v1 server (vLLM, llama-server, Ollama, LM Studio, OpenAI): openai:MODEL?endpoint=chat|completions&scoring=logprobs|text",
  names: () => [],
  create: (s, ctx) => {
    const config = openaiConfigFromSpec({ kind: "openai", name: s.name, ...(s.id ? { id: s.id } : {}), ...s.params });
    return openaiPredictor(config, { ...(ctx.env ? { env: ctx.env } : {}), cache: responseCache(ctx, [config.apiKeyEnv ?? "OPENAI_API_KEY"]) });
  },
};

export const EXEC_KIND: PredictorKind = {
  kind: "exec",
  description: "a persistent worker process speaking JSONL on stdin/stdout: exec:COMMAND ARGS… (see docs/models.md)",
  names: () => [],
  create: (s, ctx) => {
    refuseKeys(s.params);
    const command = Array.isArray(s.params.command) ? (s.params.command as string[]).map(String) : s.name.trim().split(/\s+/).filter(Boolean);
    if (command.length === 0) throw new FibError("CONFIG_INVALID", "exec predictor needs a command (exec:node worker.mjs)", { field: "command" });
    const config: ExecConfig = { command };
    if (s.id) config.id = s.id;
    const timeout = optNum(s.params, "timeout_ms");
    if (timeout !== undefined) config.timeoutMs = timeout;
    const trial = optNum(s.params, "trial");
    if (trial !== undefined) config.trial = trial;
    const cwd = str(s.params, "cwd");
    if (cwd) config.cwd = cwd;
    const tpl = str(s.params, "prompt_template");
    if (tpl) config.promptTemplate = tpl;
    return execPredictor(config, { cache: responseCache(ctx) });
  },
};

/** A registry with the built-in kinds: stub, sim, trained, openai, exec. */
export function createDefaultRegistry(): PredictorRegistry {
  return createPredictorRegistry().register(STUB_KIND).register(SIM_KIND).register(TRAINED_KIND).register(OPENAI_KIND).register(EXEC_KIND);
}

/** With no --models: the three seed stubs, a few trained baselines and a few sim models. */
export const DEFAULT_ZOO: readonly string[] = [
  "stub:discovery_skew",
  "stub:heuristic_a",
  "stub:heuristic_b",
  "trained:nb-small",
  "trained:logreg-small",
  "trained:logreg-medium",
  "sim:novice",
  "sim:intermediate",
  "sim:expert",
];
