import { join } from "node:path";
import { DEFAULT_ZOO, neuralZooSpecs } from "@fib/models";
import { buildCarbFile } from "./buildCarbFile.js";
import { type DiscoveryReport, runDiscover } from "./runDiscover.js";
import { type EvalStaticSummary, runEvalStatic } from "./evalStatic.js";
import type { HarnessReport } from "./harnessCore.js";
import { runHarness } from "./runHarness.js";
import { type IterateReport, runIterate } from "./runIterate.js";
import { createRunDir } from "../run/runDir.js";

export interface DemoOptions {
  reportsRoot?: string;
  /** the committed static benchmark, compared with CARB and the induced slice */
  staticDataset?: string;
  seed?: number;
  /** smaller everything (tests) */
  quick?: boolean;
  cacheDir?: string | null;
  env?: Readonly<Record<string, string | undefined>>;
  onStage?: (stage: string, index: number, total: number) => void;
  onProgress?: (p: { stage: string; done: number; total: number }) => void;
  signal?: AbortSignal;
  /** add the neural zoo (the zoo: models on disk) to the evaluated models when @fib/llama is installed (default); false: never */
  neuralZoo?: boolean;
}

export interface DemoResult {
  dir: string;
  /** the neural zoo's models evaluated with the default zoo (zoo:tiny, …); empty without @fib/llama */
  neuralZoo: string[];
  carb: string;
  eval: { runDir: string; summary: EvalStaticSummary };
  discovery: { runDir: string; report: DiscoveryReport };
  harness: { runDir: string; report: HarnessReport };
  iterate: { runDir: string; report: IterateReport };
}

/** The planted population G mines from in the demo: specialists whose weaknesses are known. */
export const DEMO_INDUCE_MODELS = ["sim:shallow", "sim:distractible", "sim:negation-blind", "sim:literalist", "sim:converse-blind"];

/**
 * The whole loop on a laptop: build CARB → evaluate the default zoo → discover failure
 * clusters (H2) → a small multi-seed harness with an induced slice mined from a planted
 * population (H1) → a 3-round iterate (H3). Every step writes its own run dir inside one demo
 * directory.
 */
export async function runDemo(o: DemoOptions = {}): Promise<DemoResult> {
  const seed = o.seed ?? 0;
  const demo = createRunDir({ ...(o.reportsRoot ? { root: o.reportsRoot } : {}), label: "demo" });
  const shared = {
    reportsRoot: demo.dir,
    ...(o.cacheDir === undefined ? {} : { cacheDir: o.cacheDir }),
    ...(o.env ? { env: o.env } : {}),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  };
  const total = 5;
  // the models evaluated and scored: the default zoo, plus the neural zoo (the models on disk) where @fib/llama is installed
  const neuralZoo = o.neuralZoo === false ? [] : await neuralZooSpecs();
  const models = neuralZoo.length > 0 ? { models: [...DEFAULT_ZOO, ...neuralZoo] } : {};
  const carb = join(demo.dir, "carb.jsonl");
  o.onStage?.(`building CARB (${o.quick ? 400 : 2000} items)`, 1, total);
  await buildCarbFile({ n: o.quick ? 400 : 2000, seed: 42 }, carb);
  o.onStage?.(neuralZoo.length > 0 ? "evaluating the model zoo and the neural zoo (@fib/llama) on CARB" : "evaluating the model zoo on CARB", 2, total);
  const ev = await runEvalStatic({ dataset: carb, seed, nBoot: o.quick ? 100 : 500, label: "carb", ...models, ...shared });
  o.onStage?.("discovering failure clusters (H2)", 3, total);
  const disc = await runDiscover({ run: ev.runDir, seed, nBoot: o.quick ? 100 : 500, ...(o.env ? { env: o.env } : {}) });
  o.onStage?.("multi-seed harness: static vs CARB vs induced (H1)", 4, total);
  const slices: Record<string, string> = { carb };
  if (o.staticDataset) slices.static = o.staticDataset;
  const harness = await runHarness({
    slices,
    budget: o.quick ? 60 : 200,
    nSeeds: o.quick ? 2 : 5,
    // a verdict needs at least 200 bootstrap replicates, quick or not
    nBoot: 500,
    seed,
    induce: true,
    induceFrom: "carb",
    induceModels: DEMO_INDUCE_MODELS,
    label: "demo",
    ...models,
    ...shared,
  });
  o.onStage?.("iterating the loop for 3 rounds (H3)", 5, total);
  const iterate = await runIterate({ dataset: carb, rounds: 3, update: "augment", budget: o.quick ? 60 : 200, seed, nBoot: o.quick ? 100 : 300, label: "demo", ...models, ...shared });
  return { dir: demo.dir, neuralZoo, carb, eval: ev, discovery: { runDir: disc.runDir, report: disc.report }, harness, iterate };
}
