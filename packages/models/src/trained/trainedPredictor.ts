import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateCarb } from "@fib/carb";
import { FibError, type Item } from "@fib/schemas";
import { deriveSeed } from "@fib/stats";
import { definePredictor, type Predictor } from "../predictor.js";
import { buildVocabulary, vectorize } from "./featurize.js";
import { predictLogistic, trainLogisticSteps } from "./logisticRegression.js";
import { predictNaiveBayes, trainNaiveBayes } from "./naiveBayes.js";

export type Algorithm = "logreg" | "nb";

/** A trained baseline's recipe: everything that determines its weights. */
export interface TrainedConfig {
  algorithm: Algorithm;
  /** longest n-gram */
  ngram: number;
  /** vocabulary size (most frequent n-grams in the training split) */
  vocab: number;
  /** training-split size */
  train: number;
  /** seed of the training split */
  seed: number;
}

/** Capacity presets: a ladder of capability levels nobody hand-designed. */
export const TRAINED_PRESETS: Record<string, TrainedConfig> = {
  "nb-small": { algorithm: "nb", ngram: 1, vocab: 200, train: 400, seed: 0 },
  "nb-large": { algorithm: "nb", ngram: 2, vocab: 5000, train: 6000, seed: 0 },
  "logreg-small": { algorithm: "logreg", ngram: 1, vocab: 200, train: 400, seed: 0 },
  "logreg-medium": { algorithm: "logreg", ngram: 2, vocab: 3000, train: 3000, seed: 0 },
  "logreg-large": { algorithm: "logreg", ngram: 3, vocab: 20000, train: 10000, seed: 0 },
};
export const TRAINED_PRESET_NAMES = Object.keys(TRAINED_PRESETS);

/** Bumped when featurisation or training changes: invalidates the cache. */
const TRAINER_VERSION = 2;

interface Trained {
  config: TrainedConfig;
  trainer_version: number;
  vocabulary: string[];
  /** logreg: [bias, ...weights]; nb: [prior0, prior1, ...logLik0, ...logLik1] */
  params: number[];
  /** short hashes of every training text, to refuse evaluation items seen in training */
  train_hashes: string[];
  train_accuracy: number;
}

const shortHash = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 16);

export function trainedConfigHash(c: TrainedConfig): string {
  return shortHash(JSON.stringify({ ...c, trainer_version: TRAINER_VERSION }));
}

/** The fit, one step per few epochs (generation and featurising are steps too). */
function* fitSteps(config: TrainedConfig): Generator<void, Trained> {
  // the training split comes from its own seed stream and id prefix: never the evaluation items
  const items = generateCarb({ n: config.train, seed: deriveSeed(config.seed, "trained/train-split"), idPrefix: "train" });
  const texts = items.map((i) => i.x);
  const y = Uint8Array.from(items, (i) => i.y);
  const vocabulary = buildVocabulary(texts, config.ngram, config.vocab);
  yield;
  const X = vectorize(texts, new Map(vocabulary.map((f, i) => [f, i])), config.ngram);
  yield;
  let params: number[];
  let p: Float64Array;
  if (config.algorithm === "logreg") {
    const m = yield* trainLogisticSteps(X, y);
    params = [m.bias, ...m.weights];
    p = predictLogistic(m, X);
  } else {
    const m = trainNaiveBayes(X, y);
    params = [m.logPrior0, m.logPrior1, ...m.logLik0, ...m.logLik1];
    p = predictNaiveBayes(m, X);
  }
  const train_accuracy = y.reduce((s, yi, i) => s + Number((p[i] as number) >= 0.5 === (yi === 1)), 0) / y.length;
  return { config, trainer_version: TRAINER_VERSION, vocabulary, params, train_hashes: texts.map(shortHash), train_accuracy };
}

/** The fitted model from `cacheDir/trained/<config hash>.json`, or null. */
function loadCached(config: TrainedConfig, file: string | null): Trained | null {
  if (!file) return null;
  try {
    const cached = JSON.parse(readFileSync(file, "utf8")) as Trained;
    if (cached.trainer_version === TRAINER_VERSION && JSON.stringify(cached.config) === JSON.stringify(config)) return cached;
  } catch {
    // no cache entry, or an unreadable one: train again
  }
  return null;
}

function store(file: string | null, t: Trained): Trained {
  if (file) {
    mkdirSync(join(file, ".."), { recursive: true });
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify(t));
    renameSync(tmp, file);
  }
  return t;
}

const cacheFile = (config: TrainedConfig, cacheDir: string | null) => (cacheDir === null ? null : join(cacheDir, "trained", `${trainedConfigHash(config)}.json`));

/** Train (or load from `cacheDir/trained/<config hash>.json`) and return the fitted model. */
function trainOrLoad(config: TrainedConfig, cacheDir: string | null): Trained {
  const file = cacheFile(config, cacheDir);
  const hit = loadCached(config, file);
  if (hit) return hit;
  const steps = fitSteps(config);
  let r = steps.next();
  while (!r.done) r = steps.next();
  return store(file, r.value);
}

/** `trainOrLoad` in slices: the event loop gets a turn every few epochs, and an aborted signal stops the fit (ABORTED). */
async function trainOrLoadAsync(config: TrainedConfig, cacheDir: string | null, signal?: AbortSignal): Promise<Trained> {
  const file = cacheFile(config, cacheDir);
  const hit = loadCached(config, file);
  if (hit) return hit;
  const steps = fitSteps(config);
  for (;;) {
    if (signal?.aborted) throw new FibError("ABORTED", "interrupted (Ctrl-C): training stopped");
    const r = steps.next();
    if (r.done) return store(file, r.value);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

export function validateTrainedConfig(c: TrainedConfig): TrainedConfig {
  const bad = (field: string, msg: string) => {
    throw new FibError("CONFIG_INVALID", msg, { field });
  };
  if (c.algorithm !== "logreg" && c.algorithm !== "nb") bad("algorithm", `must be logreg or nb, got ${c.algorithm}`);
  if (!Number.isInteger(c.ngram) || c.ngram < 1 || c.ngram > 4) bad("ngram", `must be an integer in 1..4, got ${c.ngram}`);
  if (!Number.isInteger(c.vocab) || c.vocab < 1) bad("vocab", `must be a positive integer, got ${c.vocab}`);
  if (!Number.isInteger(c.train) || c.train < 10) bad("train", `must be an integer ≥ 10, got ${c.train}`);
  if (!Number.isInteger(c.seed)) bad("seed", `must be an integer, got ${c.seed}`);
  return c;
}

/**
 * A bag-of-n-grams baseline trained in-process on a CARB training split. Items whose text
 * occurs in the training split get `answer: null` with an error instead of a prediction.
 */
export function trainedPredictor(id: string, config: TrainedConfig, opts: { cacheDir?: string | null; preset?: string } = {}): Predictor {
  validateTrainedConfig(config);
  let model: Trained | null = null;
  const dir = opts.cacheDir === undefined ? ".fib-cache" : opts.cacheDir;
  const load = () => (model ??= trainOrLoad(config, dir));
  // predict trains in slices, so a Ctrl-C during a long fit stops it at the next slice
  let training: Promise<Trained> | null = null;
  const loadAsync = async (signal?: AbortSignal): Promise<Trained> => {
    if (model) return model;
    training ??= trainOrLoadAsync(config, dir, signal).finally(() => {
      training = null;
    });
    model = await training;
    return model;
  };
  return definePredictor({
    id,
    describe: () => {
      const m = load();
      return { id, kind: "trained", ...(opts.preset ? { preset: opts.preset } : {}), ...config, config_hash: trainedConfigHash(config), train_accuracy: m.train_accuracy };
    },
    async predict(items: readonly Item[], ctx) {
      const m = await loadAsync(ctx?.signal);
      const t0 = performance.now();
      const seen = new Set(m.train_hashes);
      const X = vectorize(
        items.map((i) => i.x),
        new Map(m.vocabulary.map((f, i) => [f, i])),
        config.ngram,
      );
      const V = m.vocabulary.length;
      const p =
        config.algorithm === "logreg"
          ? predictLogistic({ bias: m.params[0] as number, weights: Float64Array.from(m.params.slice(1)) }, X)
          : predictNaiveBayes(
              {
                logPrior0: m.params[0] as number,
                logPrior1: m.params[1] as number,
                logLik0: Float64Array.from(m.params.slice(2, 2 + V)),
                logLik1: Float64Array.from(m.params.slice(2 + V)),
              },
              X,
            );
      const each = (performance.now() - t0) / Math.max(1, items.length);
      return items.map((item, i) => {
        if (seen.has(shortHash(item.x))) {
          return { item_id: item.id, answer: null, latency_ms: each, error: "item text occurs in this model's training split" };
        }
        const py = p[i] as number;
        return { item_id: item.id, answer: py >= 0.5 ? 1 : 0, p_yes: py, latency_ms: each };
      });
    },
  });
}
