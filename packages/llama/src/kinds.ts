import { type PredictorKind, refuseSpecKeys, responseCacheFor, specOptionalNumber, specString, ZOO_NAMES } from "@fib/models";
import { FibError } from "@fib/schemas";
import { type GgufConfig, ggufPredictor } from "./ggufPredictor.js";
import { ZOO_PROMPT, zooModelPath } from "./zoo.js";

const GGUF_PARAMS = ["id", "kind", "name", "path", "scoring", "threads", "context", "concurrency", "prompt_template", "max_tokens", "top_k"];

function configFromParams(path: string, p: Record<string, unknown>, id: string | undefined): GgufConfig {
  refuseSpecKeys(p, GGUF_PARAMS);
  const scoring = specString(p, "scoring");
  if (scoring !== undefined && scoring !== "logprob" && scoring !== "text")
    throw new FibError("CONFIG_INVALID", `scoring must be logprob or text, got ${JSON.stringify(scoring)}`, { field: "scoring" });
  const int = (k: string) => {
    const v = specOptionalNumber(p, k);
    if (v !== undefined && (!Number.isInteger(v) || v < (k === "top_k" ? 0 : 1)))
      throw new FibError("CONFIG_INVALID", `${k} must be a ${k === "top_k" ? "non-negative" : "positive"} integer, got ${v}`, { field: k });
    return v;
  };
  const cfg: GgufConfig = { path };
  if (id !== undefined) cfg.id = id;
  if (scoring) cfg.scoring = scoring;
  for (const [k, key] of [
    ["threads", "threads"],
    ["context", "context"],
    ["concurrency", "concurrency"],
    ["max_tokens", "maxTokens"],
    ["top_k", "topK"],
  ] as const) {
    const v = int(k);
    if (v !== undefined) cfg[key] = v;
  }
  const tpl = specString(p, "prompt_template");
  if (tpl !== undefined) {
    if (!tpl.includes("{x}")) throw new FibError("CONFIG_INVALID", "prompt_template must contain {x} (where the item text goes)", { field: "prompt_template" });
    cfg.promptTemplate = tpl;
  }
  return cfg;
}

/** `gguf:./model.gguf?scoring=logprob|text&threads=…&context=…&concurrency=…&prompt_template=…` */
export const ggufKind: PredictorKind = {
  kind: "gguf",
  description: "a GGUF file run in process by llama.cpp: gguf:./model.gguf?scoring=logprob|text&threads=4&context=2048",
  names: () => [],
  create: (s, ctx) => {
    const { path: p, ...rest } = s.params;
    const path = typeof p === "string" ? p : s.name;
    if (!path) throw new FibError("CONFIG_INVALID", "gguf predictor needs a file: gguf:./model.gguf", { field: "path" });
    return ggufPredictor(configFromParams(path, rest, s.id), { cache: responseCacheFor(ctx) });
  },
};

/** `zoo:tiny|small|medium`: the neural zoo, with the prompt it was trained on. */
export const zooKind: PredictorKind = {
  kind: "zoo",
  description: "fib's neural zoo: small llama models trained on CARB, run in process",
  names: () => [...ZOO_NAMES],
  create: (s, ctx) => {
    const cfg = configFromParams(zooModelPath(s.name), s.params, s.id ?? `zoo-${s.name}`);
    cfg.promptTemplate ??= ZOO_PROMPT;
    return ggufPredictor(cfg, { cache: responseCacheFor(ctx) });
  },
};
