import { FibError } from "@fib/schemas";
import { z } from "zod";
import { EXPERIMENT_DEFAULTS as D, UPDATE_RULES } from "./experimentDefaults.js";

/**
 * The canonical configurations of the experiments that can be pre-registered, as zod schemas.
 * `runHarness` / `runIterate` validate their own canonical config with them (so CLI flags go
 * through them), and `fib preregister` validates a config file with them before hashing it:
 * one set of rules for both, and an invalid config never gets hash-locked.
 */
const seed = z
  .number()
  .int()
  .min(-(2 ** 53) + 1)
  .max(2 ** 53 - 1);
const positiveInt = z.number().int().min(1);
/**
 * The most one experiment may ask for, checked before any work starts (a config file or a run dir
 * is data from outside: `budget: 1e15` must be refused with its field named, not allocated).
 */
export const EXPERIMENT_LIMITS = { budget: 1_000_000, n_seeds: 10_000, n_boot: 1_000_000, rounds: 10_000, window: 10_000, models: 1_000, slices: 100 } as const;
const capped = (field: keyof typeof EXPERIMENT_LIMITS) => positiveInt.max(EXPERIMENT_LIMITS[field], `at most ${EXPERIMENT_LIMITS[field]}`);
const spec = z.union([z.string().min(1), z.object({ kind: z.string().min(1) }).loose()]);
const models = z.array(spec).min(1, "needs at least one model").max(EXPERIMENT_LIMITS.models, `at most ${EXPERIMENT_LIMITS.models} models`);
const kChoice = z.union([positiveInt.max(10_000, "at most 10000"), z.literal("auto")]);

export const HarnessConfig = z.strictObject({
  command: z.literal("harness"),
  slices: z
    .record(z.string().regex(/^[\w.-]+$/, "slice names are letters, digits, '.', '_' or '-'"), z.string().min(1))
    .refine((s) => Object.keys(s).length > 0, "needs at least one slice")
    .refine((s) => Object.keys(s).length <= EXPERIMENT_LIMITS.slices, `at most ${EXPERIMENT_LIMITS.slices} slices`),
  budget: capped("budget"),
  n_seeds: capped("n_seeds"),
  n_boot: capped("n_boot"),
  seed,
  seeds: z.array(seed).max(EXPERIMENT_LIMITS.n_seeds),
  models,
  induce: z.boolean(),
  induce_from: z.string().min(1).nullable(),
  induce_models: models.nullable(),
  induction_fraction: z.number().gt(0).lt(1).nullable(),
  generator: z.string().min(1).nullable(),
  k: kChoice.nullable(),
  thresholds: z.strictObject({ h1_delta: z.number().min(0) }),
});

export const IterateConfig = z.strictObject({
  command: z.literal("iterate"),
  dataset: z.string().min(1),
  rounds: capped("rounds"),
  update: z.enum(UPDATE_RULES),
  budget: capped("budget"),
  seed,
  seeds: z.array(seed).max(EXPERIMENT_LIMITS.rounds),
  n_boot: capped("n_boot"),
  models,
  k: kChoice,
  generator: z.string().min(1),
  thresholds: z.strictObject({
    epsilon: z.union([z.number().gt(0), z.literal("auto")]),
    tau: z.union([z.number().min(-1).max(1), z.literal("auto")]),
    window: capped("window"),
  }),
});

export type HarnessConfigT = z.infer<typeof HarnessConfig>;
export type IterateConfigT = z.infer<typeof IterateConfig>;

/** Parse with a schema, or a FibError naming the first bad field (and the file, when there is one). */
export function parseConfig<S extends z.ZodType>(schema: S, value: unknown, where: { file?: string; code?: "CONFIG_INVALID" | "USAGE" } = {}): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0] as z.core.$ZodIssue;
  const field = issue.path.length > 0 ? issue.path.map(String).join(".") : undefined;
  const more = r.error.issues.length > 1 ? ` (+${r.error.issues.length - 1} more)` : "";
  return fail(where.code ?? "CONFIG_INVALID", `${field ? `field "${field}": ` : ""}${issue.message}${more}`, { ...(where.file ? { file: where.file } : {}), ...(field ? { field } : {}) });
}

function fail(code: "CONFIG_INVALID" | "USAGE", message: string, ctx: { file?: string; field?: string }): never {
  throw new FibError(code, message, ctx);
}

/**
 * The experiment spec as a file holds it (the CLI's names): known keys only, each of the right type,
 * every absent one filled from EXPERIMENT_DEFAULTS. `fib preregister` parses a config file with it.
 */
export const PreregFile = z.discriminatedUnion("command", [
  z.strictObject({
    command: z.literal("harness"),
    slices: z.record(z.string(), z.string()),
    budget: capped("budget").default(D.budget),
    n_seeds: capped("n_seeds").default(D.n_seeds),
    n_boot: capped("n_boot").default(D.n_boot),
    seed: seed.default(D.seed),
    models: models.optional(),
    induce: z.boolean().default(false),
    induce_from: z.string().min(1).optional(),
    induce_models: models.optional(),
    induction_fraction: z.number().gt(0).lt(1).default(D.induction_fraction),
    generator: z.string().min(1).default(D.generator),
    k: kChoice.default(D.k),
    h1_delta: z.number().min(0).default(D.h1_delta),
  }),
  z.strictObject({
    command: z.literal("iterate"),
    dataset: z.string().min(1).default(D.dataset),
    rounds: capped("rounds").default(D.rounds),
    update: z.enum(UPDATE_RULES).default(D.update),
    budget: capped("budget").default(D.budget),
    seed: seed.default(D.seed),
    n_boot: capped("n_boot").default(D.n_boot),
    models: models.optional(),
    k: kChoice.default(D.k),
    generator: z.string().min(1).default(D.generator),
    epsilon: z.union([z.number().gt(0), z.literal("auto")]).default(D.epsilon),
    tau: z.union([z.number().min(-1).max(1), z.literal("auto")]).default(D.tau),
    window: capped("window").default(D.window),
  }),
]);
export type PreregFileT = z.infer<typeof PreregFile>;
