import { carbConditioned } from "./carbConditioned.js";
import { createGeneratorRegistry, type GeneratorRegistry } from "./generator.js";

/** A registry with the built-in generator, `carb-conditioned` (allocation by size). */
export function createDefaultGeneratorRegistry(): GeneratorRegistry {
  return createGeneratorRegistry([carbConditioned()]);
}
