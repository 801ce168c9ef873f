import { FibError } from "@fib/schemas";
import { MODULE_KIND } from "./kinds/module.js";
import { GGUF_KIND, ZOO_KIND } from "./kinds/optional.js";
import { EXEC_KIND, OPENAI_KIND } from "./kinds/remote.js";
import { SIM_KIND, STUB_KIND, TRAINED_KIND } from "./kinds/local.js";
import type { Predictor } from "./predictor.js";
import { parseSpec, type PredictorKind, type PredictorRegistry } from "./spec.js";

export { type ParsedSpec, type PredictorFactory, type PredictorKind, type PredictorRegistry, type PredictorSpec, parseSpec, type ResolveContext } from "./spec.js";
export { EXEC_KIND, OPENAI_KIND, openaiConfigFromSpec, responseCacheFor } from "./kinds/remote.js";
export { loadPredictor, MODULE_KIND } from "./kinds/module.js";
export { GGUF_KIND, loadLlamaKinds, neuralZooSpecs, ZOO_KIND } from "./kinds/optional.js";
export { SIM_KIND, STUB_KIND, TRAINED_KIND } from "./kinds/local.js";

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

export function createDefaultRegistry(): PredictorRegistry {
  return createPredictorRegistry().register(STUB_KIND).register(SIM_KIND).register(TRAINED_KIND).register(OPENAI_KIND).register(EXEC_KIND).register(GGUF_KIND).register(ZOO_KIND).register(MODULE_KIND);
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
