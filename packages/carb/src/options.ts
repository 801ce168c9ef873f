import { FibError } from "@fib/schemas";

export const CARB_TYPES = ["compositional", "distractor", "logic_mix", "counterfactual"] as const;
export type CarbType = (typeof CARB_TYPES)[number];

export type Range = readonly [min: number, max: number];

export interface CarbOptions {
  /** number of items */
  n: number;
  /** seed of every random choice */
  seed: number;
  /** relative weights of the four types (default: equal); missing types get weight 0 when any is given */
  typeMix?: Partial<Record<CarbType, number>>;
  /** inclusive range of compositional depth: premises in the reasoning core (default 1..6) */
  depth?: Range;
  /** inclusive range of irrelevant sentences in `distractor` items (default 1..4) */
  distractors?: Range;
  /** inclusive range of operator kinds in `logic_mix` items (default 1..4) */
  operators?: Range;
  /** share of items whose label is 1 (default 0.5; exact per type, up to rounding) */
  labelBalance?: number;
  /** probability that a chain's premises are presented shuffled (default 0.5) */
  shufflePremises?: number;
  /** id prefix (default "carb") */
  idPrefix?: string;
}

export type ResolvedCarbOptions = Required<Omit<CarbOptions, "typeMix">> & { typeMix: Record<CarbType, number> };

/** Feasible depth per type: the vocabularies bound how long a chain or how many premises can be. */
export const DEPTH_LIMITS: Record<CarbType, Range> = {
  compositional: [1, 12],
  distractor: [1, 12],
  logic_mix: [1, 4],
  counterfactual: [1, 6],
};
export const MAX_DISTRACTORS = 10;
export const MAX_OPERATORS = 4;

/** CARB's defaults, written once: `normalizeCarbOptions` and `fib build-carb --help` read them here. */
export const CARB_DEFAULTS = {
  depth: [1, 6] as Range,
  distractors: [1, 4] as Range,
  operators: [1, 4] as Range,
  labelBalance: 0.5,
  shufflePremises: 0.5,
  idPrefix: "carb",
} as const;

function bad(field: string, message: string): never {
  throw new FibError("CONFIG_INVALID", message, { field });
}

function checkRange(field: string, r: Range | undefined, def: Range, lo: number, hi: number): Range {
  const range = r ?? def;
  const [a, b] = range;
  if (!Number.isInteger(a) || !Number.isInteger(b)) bad(field, `range bounds must be integers, got ${a}..${b}`);
  if (a > b) bad(field, `empty range ${a}..${b} (min is greater than max)`);
  if (a < lo || b > hi) bad(field, `range ${a}..${b} is outside ${lo}..${hi}`);
  return [a, b];
}

/** Validate options and fill in defaults; a bad option is a CONFIG_INVALID error naming the field. */
export function resolveCarbOptions(opts: CarbOptions): ResolvedCarbOptions {
  if (!Number.isInteger(opts.n) || opts.n < 0) bad("n", `must be a non-negative integer, got ${opts.n}`);
  if (!Number.isInteger(opts.seed)) bad("seed", `must be an integer, got ${opts.seed}`);
  const typeMix = {} as Record<CarbType, number>;
  for (const t of CARB_TYPES) {
    const w = opts.typeMix === undefined ? 1 : (opts.typeMix[t] ?? 0);
    if (!(Number.isFinite(w) && w >= 0)) bad(`typeMix.${t}`, `weight must be a non-negative number, got ${w}`);
    typeMix[t] = w;
  }
  const unknown = Object.keys(opts.typeMix ?? {}).filter((k) => !(CARB_TYPES as readonly string[]).includes(k));
  if (unknown.length > 0) bad("typeMix", `unknown type ${unknown.map((u) => `'${u}'`).join(", ")} (types: ${CARB_TYPES.join(", ")})`);
  if (CARB_TYPES.every((t) => typeMix[t] === 0)) bad("typeMix", "every type has weight 0");
  const depth = checkRange("depth", opts.depth, CARB_DEFAULTS.depth, 1, 12);
  for (const t of CARB_TYPES) {
    const [lo, hi] = DEPTH_LIMITS[t];
    if (typeMix[t] > 0 && (depth[1] < lo || depth[0] > hi)) {
      bad("depth", `range ${depth[0]}..${depth[1]} has no depth that ${t} items can have (${lo}..${hi})`);
    }
  }
  const labelBalance = opts.labelBalance ?? CARB_DEFAULTS.labelBalance;
  if (!(labelBalance >= 0 && labelBalance <= 1)) bad("labelBalance", `must be in [0, 1], got ${labelBalance}`);
  const shufflePremises = opts.shufflePremises ?? CARB_DEFAULTS.shufflePremises;
  if (!(shufflePremises >= 0 && shufflePremises <= 1)) bad("shufflePremises", `must be in [0, 1], got ${shufflePremises}`);
  const idPrefix = opts.idPrefix ?? CARB_DEFAULTS.idPrefix;
  if (!/^[A-Za-z0-9_.-]+$/.test(idPrefix)) bad("idPrefix", `must match [A-Za-z0-9_.-]+, got ${JSON.stringify(idPrefix)}`);
  return {
    n: opts.n,
    seed: opts.seed,
    typeMix,
    depth,
    distractors: checkRange("distractors", opts.distractors, CARB_DEFAULTS.distractors, 1, MAX_DISTRACTORS),
    operators: checkRange("operators", opts.operators, CARB_DEFAULTS.operators, 1, MAX_OPERATORS),
    labelBalance,
    shufflePremises,
    idPrefix,
  };
}

/** Parse "2..5" or "3" into a range (CLI and config files). */
export function parseRange(text: string, field: string): Range {
  const m = /^\s*(-?\d+)\s*(?:(?:\.\.|-|:)\s*(-?\d+)\s*)?$/.exec(text);
  if (!m) bad(field, `expected a range like 2..5 or a single integer, got ${JSON.stringify(text)}`);
  const a = Number(m[1]);
  const b = m[2] === undefined ? a : Number(m[2]);
  return [a, b];
}
