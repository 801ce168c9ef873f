/**
 * Every experiment default, written once. The CLI's flags (and so `--help`), the library's
 * options, the canonical run config and the pre-registration file's schema all read them here: a
 * default changed in this file changes the help text, the run and the prereg hash together.
 */
export const EXPERIMENT_DEFAULTS = {
  /** items per slice per seed (harness) or per round (iterate) */
  budget: 200,
  n_seeds: 10,
  n_boot: 1000,
  seed: 0,
  induction_fraction: 0.5,
  generator: "carb-conditioned",
  k: "auto",
  h1_delta: 0,
  dataset: "data/static/static_benchmark.jsonl",
  rounds: 5,
  update: "substitute",
  epsilon: "auto",
  tau: "auto",
  window: 2,
  reports_dir: "data/reports",
} as const;

/** How a round's new items replace the old (`fib iterate --update`). */
export const UPDATE_RULES = ["substitute", "augment", "mix"] as const;
export type UpdateRuleName = (typeof UPDATE_RULES)[number];
