import { carbConditioned } from "./carbConditioned.js";
import { createGeneratorRegistry, type GeneratorRegistry } from "./generator.js";

/**
 * A registry with the built-in generators: `carb-conditioned` (budget by cluster size),
 * `carb-conditioned.disagreement` (by size × model disagreement), and `.hard` variants of both
 * (one step deeper, one more distractor than the profile).
 */
export function createDefaultGeneratorRegistry(): GeneratorRegistry {
  return createGeneratorRegistry([
    carbConditioned(),
    carbConditioned({ allocation: "disagreement" }),
    carbConditioned({ harden: true }),
    carbConditioned({ allocation: "disagreement", harden: true }),
  ]);
}
