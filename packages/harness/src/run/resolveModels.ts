import { readFileSync } from "node:fs";
import { createDefaultRegistry, DEFAULT_ZOO, parseModelsConfig, type Predictor, type PredictorRegistry, type PredictorSpec } from "@fib/models";
import { fileError } from "@fib/schemas";

export interface ModelSelection {
  /** specs such as "stub:heuristic_a" or objects; default: the default zoo */
  models?: readonly PredictorSpec[];
  /** a models config file (JSON or YAML) whose "models" are added to the specs */
  modelsConfig?: string;
  registry?: PredictorRegistry;
  cacheDir?: string | null;
  env?: Readonly<Record<string, string | undefined>>;
}

export function modelSpecs(sel: ModelSelection): PredictorSpec[] {
  const specs = [...(sel.models ?? [])];
  if (sel.modelsConfig) {
    let text: string;
    try {
      text = readFileSync(sel.modelsConfig, "utf8");
    } catch (e) {
      throw fileError(e, sel.modelsConfig);
    }
    specs.push(...parseModelsConfig(text, sel.modelsConfig));
  }
  return specs.length > 0 ? specs : [...DEFAULT_ZOO];
}

/**
 * Resolve the predictors a run uses (the default zoo when none are named) and wait until
 * each is ready (a worker started): a model that cannot be reached fails the run here, with one
 * clear error, before anything is evaluated. Predictors that check readiness themselves when
 * they first need their backend (`readyWhenNeeded`: the openai adapter) are not asked, so a rerun
 * whose answers are all cached needs no server.
 */
export async function resolveModels(sel: ModelSelection, opts: { checkReady?: boolean } = {}): Promise<Predictor[]> {
  const registry = sel.registry ?? createDefaultRegistry();
  const predictors = await registry.resolveAll(modelSpecs(sel), { cacheDir: sel.cacheDir === undefined ? ".fib-cache" : sel.cacheDir, ...(sel.env ? { env: sel.env } : {}) });
  if (opts.checkReady ?? true) {
    try {
      for (const p of predictors) if (!p.readyWhenNeeded) await p.ready?.();
    } catch (e) {
      await closeModels(predictors);
      throw e;
    }
  }
  return predictors;
}

/** Release worker processes and connections of the predictors that hold any. */
export async function closeModels(predictors: readonly Predictor[]): Promise<void> {
  await Promise.all(predictors.map((p) => p.close?.()));
}
