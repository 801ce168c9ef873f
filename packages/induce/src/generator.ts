import { type ClusterProfile, FibError, type Item, textKey } from "@fib/schemas";

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

/**
 * Check what a generator returned: budget met, ids new and unique, no text that repeats an
 * excluded or earlier one (by `textKey`: same words in any order).
 */
export function checkGenerated(g: Generator, items: readonly Item[], ctx: GenerateContext): void {
  if (items.length !== ctx.budget) throw new FibError("INTERNAL", `generator ${g.name} returned ${items.length} items for a budget of ${ctx.budget}`);
  const ids = new Set(ctx.exclude?.ids ?? []);
  const texts = new Set([...(ctx.exclude?.texts ?? [])].map(textKey));
  for (const it of items) {
    if (ids.has(it.id)) throw new FibError("INTERNAL", `generator ${g.name} produced a colliding id "${it.id}"`, { field: "id" });
    const key = textKey(it.x);
    if (texts.has(key)) throw new FibError("INTERNAL", `generator ${g.name} repeated an existing text, or its words in another order (item ${it.id})`, { field: "x" });
    ids.add(it.id);
    texts.add(key);
  }
}
