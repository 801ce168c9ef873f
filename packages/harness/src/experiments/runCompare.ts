import { basename, extname } from "node:path";
import type { PredictorSpec } from "@fib/models";
import type { GeneratorChoice } from "./chooseGenerator.js";
import type { ModelSelection } from "../run/resolveModels.js";
import type { HarnessReport } from "./harnessCore.js";
import { runHarness } from "./runHarness.js";
import type { RunSettings } from "../run/withRun.js";

export interface CompareOptions extends ModelSelection, RunSettings, GeneratorChoice {
  dataset: string;
  budget?: number;
  seed?: number;
  nBoot?: number;
  k?: number | "auto";
  /** mine failures from these models instead of the scored ones */
  induceModels?: readonly PredictorSpec[];
  /** share of the dataset used for induction (default 0.5) */
  inductionFraction?: number;
  h1Delta?: number;
}

/**
 * `fib compare`: the harness with one seed. The dataset is split into an induction part and a
 * scoring part; failures on the induction part are clustered and G generates `budget` items;
 * the static benchmark is `budget` items of the scoring part. Both are scored by the same
 * models and compared by the H1 test on the debiased separation (with one seed its CI
 * resamples items), with the unstructured control beside it. A budget larger than the scoring
 * part is an error naming both numbers.
 */
export async function runCompare(o: CompareOptions): Promise<{ runDir: string; report: HarnessReport }> {
  const name = basename(o.dataset, extname(o.dataset)).replace(/[^\w.-]+/g, "-") || "dataset";
  const { dataset, ...rest } = o;
  return runHarness({
    ...rest,
    command: "compare",
    slices: { [name]: dataset },
    budget: o.budget ?? 100,
    nSeeds: 1,
    induce: true,
    induceFrom: name,
  });
}
