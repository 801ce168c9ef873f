import { createDefaultGeneratorRegistry, type Generator } from "@fib/induce";

/** Which generator G a run uses: a registered name (default carb-conditioned), and extra generators to register. */
export interface GeneratorChoice {
  generator?: string;
  generators?: readonly Generator[];
}

/** The default registry plus the caller's generators, and the one chosen (UNKNOWN_PLUGIN when no such name). */
export function chooseGenerator(o: GeneratorChoice): Generator {
  const registry = createDefaultGeneratorRegistry();
  for (const g of o.generators ?? []) registry.register(g);
  return registry.get(o.generator ?? "carb-conditioned");
}
