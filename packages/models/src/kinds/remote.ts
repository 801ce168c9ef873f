import { FibError, secretValuesFromEnv } from "@fib/schemas";
import { type ExecConfig, execPredictor } from "../exec/execPredictor.js";
import { type OpenAIConfig, openaiPredictor } from "../openai/openaiPredictor.js";
import { fileCache, type ResponseCache } from "../responseCache.js";
import { parseSpec, type PredictorKind, type PredictorSpec, type ResolveContext } from "../spec.js";
import { checkBaseUrl, OPENAI_PARAMS, optNum, readParams, refuseKeys, str } from "./params.js";

/** The kinds that talk to something outside the process: an OpenAI-compatible server, a worker process. */

/** The response cache a resolve context asks for (default .fib-cache; null: none), scrubbing the values of the named secret variables. */
export function responseCacheFor(ctx: ResolveContext, secretEnv: readonly string[] = []): ResponseCache | null {
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
  // one spelling across kinds: scoring=logprob (as gguf:); the old openai spelling "logprobs" is read with a warning
  const given = str(p, "scoring");
  if (given === "logprobs") process.stderr.write("fib: scoring=logprobs is spelled scoring=logprob now (as for gguf:); read as logprob\n");
  // the adapter's internal name stays "logprobs", so cached answers keep their keys
  const scoring = given === undefined || given === "logprob" ? "logprobs" : given;
  if (endpoint !== "chat" && endpoint !== "completions") throw new FibError("CONFIG_INVALID", `endpoint must be chat or completions, got ${endpoint}`, { field: "endpoint" });
  if (scoring !== "logprobs" && scoring !== "text") throw new FibError("CONFIG_INVALID", `scoring must be logprob or text, got ${scoring}`, { field: "scoring" });
  const config: OpenAIConfig = {
    model,
    endpoint,
    scoring,
    ...(s.id === undefined ? {} : { id: s.id }),
    ...readParams<OpenAIConfig>(p, {
      string: ["base_url", "api_key_env", "prompt_template", "system_prompt"],
      count: ["max_tokens", "timeout_ms", "concurrency"],
      count0: ["top_logprobs", "trial", "max_retries", "retry_base_ms"],
      number: ["seed", "temperature"],
    }),
  };
  checkBaseUrl(config.baseUrl);
  return config;
}

export const OPENAI_KIND: PredictorKind = {
  kind: "openai",
  description: "any OpenAI-compatible /v1 server (vLLM, llama-server, Ollama, LM Studio, OpenAI): openai:MODEL?endpoint=chat|completions&scoring=logprob|text",
  names: () => [],
  create: (s, ctx) => {
    const config = openaiConfigFromSpec({ kind: "openai", name: s.name, ...(s.id ? { id: s.id } : {}), ...s.params });
    return openaiPredictor(config, { ...(ctx.env ? { env: ctx.env } : {}), cache: responseCacheFor(ctx, [config.apiKeyEnv ?? "OPENAI_API_KEY"]) });
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
    // the variables the worker may see beyond the minimal set: env=HF_HOME:CUDA_VISIBLE_DEVICES (or an array in a config file)
    const env = s.params.env;
    if (env !== undefined) {
      const names = Array.isArray(env) ? env.map(String) : String(env).split(":").filter(Boolean);
      const bad = names.find((n) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(n));
      if (bad !== undefined) throw new FibError("CONFIG_INVALID", `env names environment variables (env=A:B), got ${JSON.stringify(bad)}`, { field: "env" });
      config.env = names;
    }
    return execPredictor(config, { cache: responseCacheFor(ctx), ...(ctx.env ? { env: ctx.env } : {}) });
  },
};

/** A registry with the built-in kinds: stub, sim, trained, openai, exec. */
