import { FibError } from "@fib/schemas";
import { SIM_PRESET_NAMES, SIM_PRESETS, simPredictor } from "../sim.js";
import type { PredictorKind } from "../spec.js";
import { STUB_NAMES, stubPredictor } from "../stubs.js";
import { TRAINED_PRESET_NAMES, TRAINED_PRESETS, type TrainedConfig, trainedPredictor } from "../trained/trainedPredictor.js";
import { intParam, num, refuseKeys, unknownName } from "./params.js";

/** The in-process kinds: the seed's stubs, the simulated population, the trained baselines. */

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
      if (!Object.hasOwn(SIM_PRESETS.expert as object, k)) throw new FibError("CONFIG_INVALID", `unknown sim parameter "${k}" (known: ${Object.keys(SIM_PRESETS.expert!).join(", ")})`, { field: k });
      cap[k] = num(overrides, k, 0);
    }
    const trial = seed === undefined ? 0 : num(s.params, "seed", 0);
    const id =
      s.id ??
      `sim-${s.name || "custom"}${
        Object.keys(overrides).length
          ? `-${Object.entries(overrides)
              .map(([k, v]) => `${k}${v}`)
              .join("-")}`
          : ""
      }${trial ? `-s${trial}` : ""}`;
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
    // a preset's parameters may be overridden, within the same limits as a spec built from scratch
    const read = (algorithm: TrainedConfig["algorithm"], base: { ngram: number; vocab: number; train: number; seed: number }): TrainedConfig => {
      refuseKeys(s.params, ["ngram", "vocab", "train", "seed"]);
      return {
        algorithm,
        ngram: intParam(s.params, "ngram", base.ngram),
        vocab: intParam(s.params, "vocab", base.vocab),
        train: intParam(s.params, "train", base.train),
        seed: num(s.params, "seed", base.seed),
      };
    };
    if (preset) config = read(preset.algorithm, preset);
    else if (s.name === "logreg" || s.name === "nb") {
      config = read(s.name, { ngram: 1, vocab: 1000, train: 1000, seed: 0 });
    } else unknownName("trained", s.name, [...TRAINED_PRESET_NAMES, "logreg", "nb"]);
    const id = s.id ?? (preset && Object.keys(s.params).length === 0 ? s.name : `${config.algorithm}-n${config.ngram}-v${config.vocab}-t${config.train}-s${config.seed}`);
    return trainedPredictor(id, config, { cacheDir: ctx.cacheDir === undefined ? ".fib-cache" : ctx.cacheDir, ...(preset ? { preset: s.name } : {}) });
  },
};
