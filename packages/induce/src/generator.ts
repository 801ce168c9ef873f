import type { FeatureSpace } from "@fib/geometry";
import { type ClusterProfile, FibError, isFibError, Item, textKey } from "@fib/schemas";

export interface GenerateContext {
  /** number of items to generate */
  budget: number;
  seed: number;
  /** iteration round (0 for a one-shot induction) */
  round: number;
  /**
   * ids and texts the new items must not repeat (the items they were induced from, and more).
   * Texts are compared by `textKey` (the same words in any order count as a repeat).
   */
  exclude?: { ids?: Iterable<string>; texts?: Iterable<string> };
  /**
   * the failure geometry the profiles came from, given to a generator that `uses` "geometry": the fitted
   * feature space φ and each cluster's centroid in it (`centroids[cluster_id]`)
   */
  geometry?: { space: FeatureSpace; centroids: readonly (readonly number[])[] };
}

/**
 * G: a benchmark generator conditioned on failure structure. `generate` is pure: the same
 * profiles and context give the same items. Every item should carry its lineage in `meta`.
 */
export interface Generator {
  readonly name: string;
  readonly version: string;
  /** a JSON description for provenance */
  describe?(): Record<string, unknown>;
  /**
   * profile fields beyond the clusters' own that the generator reads, which the caller measures only when
   * asked: "information" (each profile's `information`, from an IRT fit on the induction split);
   * "separation" (each profile's `separation`: the inducers' V̂ on its items, on the induction split);
   * "geometry" (`ctx.geometry`: the feature space and the clusters' centroids)
   */
  readonly uses?: readonly ("information" | "separation" | "geometry")[];
  generate(profiles: readonly ClusterProfile[], ctx: GenerateContext): Item[];
}

/** Identity helper that checks a generator's shape. */
export function defineGenerator<G extends Generator>(g: G): G {
  if (!g || typeof g.name !== "string" || !/^[\w.@/-]+$/.test(g.name)) {
    throw new FibError("CONFIG_INVALID", `generator name must match [A-Za-z0-9_.@/-]+, got ${JSON.stringify(g?.name)}`, { field: "name" });
  }
  if (typeof g.version !== "string") throw new FibError("CONFIG_INVALID", `generator ${g.name} needs a version string`, { field: "version" });
  if (typeof g.generate !== "function") throw new FibError("CONFIG_INVALID", `generator ${g.name} needs generate()`, { field: "generate" });
  return g;
}

export interface GeneratorRegistry {
  register(g: Generator): GeneratorRegistry;
  get(name: string): Generator;
  names(): string[];
}

/** A registry object (not a global map); registering a name twice throws. */
export function createGeneratorRegistry(initial: readonly Generator[] = []): GeneratorRegistry {
  const map = new Map<string, Generator>();
  const reg: GeneratorRegistry = {
    register(g) {
      defineGenerator(g);
      if (map.has(g.name)) throw new FibError("DUPLICATE_PLUGIN", `generator "${g.name}" is already registered`);
      map.set(g.name, g);
      return reg;
    },
    get(name) {
      const g = map.get(name);
      if (!g) throw new FibError("UNKNOWN_PLUGIN", `unknown generator "${name}" (known: ${[...map.keys()].join(", ")})`, { field: "generator" });
      return g;
    },
    names: () => [...map.keys()],
  };
  for (const g of initial) reg.register(g);
  return reg;
}

/** Where an item came from, for messages: its id and, when its lineage says, its source cluster. */
function itemLabel(it: unknown, i: number): string {
  const o = (it ?? {}) as { id?: unknown; meta?: { lineage?: { source_cluster?: unknown } } };
  const cluster = o.meta?.lineage?.source_cluster;
  return `item ${i}${typeof o.id === "string" ? ` (${o.id})` : ""}${cluster === undefined ? "" : ` from cluster ${String(cluster)}`}`;
}

/**
 * Check what a generator returned, as a contract: an array of exactly `budget` items, each a
 * valid `Item` (the schema every input file meets), ids new and unique, no text that repeats an
 * excluded or earlier one (by `textKey`: same words in any order). A breach is a PLUGIN_INVALID
 * FibError (exit 2) naming the generator, the item and, from its lineage, the cluster.
 */
export function checkGenerated(g: Generator, items: readonly Item[], ctx: GenerateContext): void {
  const bad = (message: string, field?: string) => new FibError("PLUGIN_INVALID", `generator ${g.name}: ${message}`, { field: field ?? "generator" });
  if (!Array.isArray(items)) throw bad(`generate() must return an array of items, got ${items === null ? "null" : typeof items}`);
  if (items.length !== ctx.budget) throw bad(`returned ${items.length} items for a budget of ${ctx.budget} (round ${ctx.round})`);
  const ids = new Set(ctx.exclude?.ids ?? []);
  const texts = new Set([...(ctx.exclude?.texts ?? [])].map(textKey));
  items.forEach((it, i) => {
    const parsed = Item.safeParse(it);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue?.path.join(".") || "(item)";
      throw bad(`${itemLabel(it, i)} is not a valid item: ${path}: ${issue?.message}`, path);
    }
    if (ids.has(it.id)) throw bad(`${itemLabel(it, i)} has an id that already exists`, "id");
    const key = textKey(it.x);
    if (texts.has(key)) throw bad(`${itemLabel(it, i)} repeats an existing text, or its words in another order`, "x");
    ids.add(it.id);
    texts.add(key);
  });
}

/**
 * Run a generator and check its output (`checkGenerated`): what the harness and the iterate loop
 * call. A generator that throws fails with PLUGIN_INVALID naming it (its own FibErrors keep their code).
 */
export function runGenerator(g: Generator, profiles: readonly ClusterProfile[], ctx: GenerateContext): Item[] {
  let items: Item[];
  try {
    items = g.generate(profiles, ctx);
  } catch (e) {
    if (isFibError(e)) throw e;
    throw new FibError("PLUGIN_INVALID", `generator ${g.name} threw: ${String((e as Error)?.message ?? e).split("\n")[0]}`, { field: "generator", cause: e });
  }
  checkGenerated(g, items, ctx);
  return items;
}
