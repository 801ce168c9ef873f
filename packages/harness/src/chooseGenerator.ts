import { createDefaultGeneratorRegistry, type Generator } from "@fib/induce";

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
  return registry.get(o.generator ?? "carb-conditioned");
}

/** The generator's name as recorded in a run's configuration. */
export function generatorName(g: string | Generator | undefined): string {
  return g === undefined ? "carb-conditioned" : typeof g === "string" ? g : g.name;
}
