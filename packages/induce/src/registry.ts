import { carbConditioned } from "./carbConditioned.js";
import { FibError, importPlugin } from "@fib/schemas";
import { createGeneratorRegistry, defineGenerator, type Generator, type GeneratorRegistry } from "./generator.js";

/**
 * A registry with the built-in generators: `carb-conditioned` (budget by cluster size),
 * `carb-conditioned.disagreement` (by size × model disagreement), `carb-conditioned.information` (by the
 * test information of the cluster's items at the models' abilities, measured on the induction split), and
 * `.hard` variants of each (one step deeper, one more distractor than the profile), and `.geometry`
 * variants of size and information (each item the best of 4 candidates: nearest its cluster's centroid in φ);
 * `carb-conditioned.separation` (by the separation V̂ the inducing models show on each cluster's items, on
 * the induction split) and its `.geometry` variant.
 */
export function createDefaultGeneratorRegistry(): GeneratorRegistry {
  return createGeneratorRegistry([
    carbConditioned(),
    carbConditioned({ allocation: "disagreement" }),
    carbConditioned({ harden: true }),
    carbConditioned({ allocation: "disagreement", harden: true }),
    carbConditioned({ allocation: "information" }),
    carbConditioned({ allocation: "information", harden: true }),
    carbConditioned({ candidates: 4 }),
    carbConditioned({ allocation: "information", candidates: 4 }),
    carbConditioned({ allocation: "separation" }),
    carbConditioned({ allocation: "separation", candidates: 4 }),
  ]);
}

/**
 * A generator by name or specifier: a name in `registry` (default: the built-in ones), or a module — a
 * file, a package directory, or an installed package name, resolved from `cwd` — whose default
 * export, or export named `generator`, is a Generator. Built JavaScript only; see docs/plugins.md.
 */
export async function loadGenerator(specifier: string, opts: { cwd?: string; registry?: GeneratorRegistry; typescript?: boolean } = {}): Promise<Generator> {
  const registry = opts.registry ?? createDefaultGeneratorRegistry();
  if (registry.names().includes(specifier)) return registry.get(specifier);
  const { file, module } = await importPlugin(specifier, { kind: "generator", ...(opts.cwd ? { cwd: opts.cwd } : {}), ...(opts.typescript === undefined ? {} : { typescript: opts.typescript }) });
  const g = (module.default ?? module.generator) as Generator | undefined;
  if (!g || typeof g !== "object") throw new FibError("UNKNOWN_PLUGIN", "exports no Generator (export it as default or as `generator`)", { file, field: "generator" });
  try {
    return defineGenerator(g);
  } catch (e) {
    throw new FibError("PLUGIN_INVALID", (e as Error).message, { file, field: "generator", cause: e });
  }
}
