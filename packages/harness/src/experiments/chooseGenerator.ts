import { createDefaultGeneratorRegistry, type Generator, loadGenerator } from "@fib/induce";
import { EXPERIMENT_DEFAULTS as D } from "./experimentDefaults.js";

/**
 * Which generator G a run uses: a registered name (default carb-conditioned), or a Generator
 * object (e.g. from `loadGenerator("./my-generator")`), and extra generators to register.
 */
export interface GeneratorChoice {
  generator?: string | Generator;
  generators?: readonly Generator[];
}

/** The default registry plus the caller's generators, and the one chosen (UNKNOWN_PLUGIN when no such name). */
export function chooseGenerator(o: GeneratorChoice): Generator {
  const registry = createDefaultGeneratorRegistry();
  for (const g of o.generators ?? []) registry.register(g);
  if (o.generator !== undefined && typeof o.generator !== "string") {
    if (!registry.names().includes(o.generator.name)) registry.register(o.generator);
    return registry.get(o.generator.name);
  }
  return registry.get(o.generator ?? D.generator);
}

/** The generator's name as recorded in a run's configuration. */
export function generatorName(g: string | Generator | undefined): string {
  return g === undefined ? D.generator : typeof g === "string" ? g : g.name;
}

/**
 * What `--generator NAME | PATH | PACKAGE` chooses: a built-in generator's name, or a module
 * loaded by @fib/induce's `loadGenerator` (a file, a package directory, or a package name resolved
 * from `cwd`; see docs/plugins.md). The one registry every command resolves generators through.
 */
export async function generatorChoice(value: string, cwd: string): Promise<{ generator: string; generators?: Generator[] }> {
  const registry = createDefaultGeneratorRegistry();
  if (registry.names().includes(value)) return { generator: value };
  const g = await loadGenerator(value, { cwd, registry });
  return { generator: g.name, generators: [g] };
}
