import { type ParsedSpec, type Predictor, type PredictorKind, type ResolveContext, readSpecParams, refuseSpecKeys, responseCacheFor } from "@fib/models";
import { FibError } from "@fib/schemas";
import { type GgufConfig, ggufPredictor } from "./ggufPredictor.js";
import { ZOO_PROMPT, zooModelPath, zooModels } from "./zoo.js";

const GGUF_PARAMS = ["id", "kind", "name", "path", "scoring", "threads", "context", "concurrency", "prompt_template", "max_tokens", "top_k"];

function configFromParams(path: string, p: Record<string, unknown>, id: string | undefined): GgufConfig {
  refuseSpecKeys(p, GGUF_PARAMS);
  const cfg: GgufConfig = {
    path,
    ...(id === undefined ? {} : { id }),
    ...readSpecParams<GgufConfig>(p, { string: ["scoring", "prompt_template"], count: ["threads", "context", "concurrency", "max_tokens"], count0: ["top_k"] }),
  };
  if (cfg.scoring !== undefined && cfg.scoring !== "logprob" && cfg.scoring !== "text")
    throw new FibError("CONFIG_INVALID", `scoring must be logprob or text, got ${JSON.stringify(cfg.scoring)}`, { field: "scoring" });
  if (cfg.promptTemplate !== undefined && !cfg.promptTemplate.includes("{x}"))
    throw new FibError("CONFIG_INVALID", "prompt_template must contain {x} (where the item text goes)", { field: "prompt_template" });
  return cfg;
}

/** `gguf:./model.gguf?scoring=logprob|text&threads=…&context=…&concurrency=…&prompt_template=…` */
function createGguf(s: ParsedSpec, ctx: ResolveContext): Promise<Predictor> {
  const { path: p, ...rest } = s.params;
  const path = typeof p === "string" ? p : s.name;
  if (!path) throw new FibError("CONFIG_INVALID", "gguf predictor needs a file: gguf:./model.gguf", { field: "path" });
  return ggufPredictor(configFromParams(path, rest, s.id), { cache: responseCacheFor(ctx) });
}

/** `zoo:tiny|small|medium`: the neural zoo, with the prompt it was trained on. */
function createZoo(s: ParsedSpec, ctx: ResolveContext): Promise<Predictor> {
  const cfg = configFromParams(zooModelPath(s.name), s.params, s.id ?? `zoo-${s.name}`);
  cfg.promptTemplate ??= ZOO_PROMPT;
  // threads: ggufPredictor's default (one for models this small), as for any gguf: file
  return ggufPredictor(cfg, { cache: responseCacheFor(ctx) });
}

export const ggufKind: PredictorKind = {
  kind: "gguf",
  description: "a GGUF file run in process by llama.cpp: gguf:./model.gguf?scoring=logprob|text&threads=4&context=2048",
  names: () => [],
  create: createGguf,
};
export const zooKind: PredictorKind = {
  kind: "zoo",
  description: "fib's neural zoo: small llama models trained on CARB, run in process",
  names: () => zooModels({ specialists: true }).map((m) => m.name),
  create: createZoo,
};
