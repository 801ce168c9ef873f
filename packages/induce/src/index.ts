export { type CarbConditionedOptions, carbConditioned } from "./carbConditioned.js";
export {
  checkGenerated,
  createGeneratorRegistry,
  defineGenerator,
  type GenerateContext,
  type Generator,
  type GeneratorRegistry,
} from "./generator.js";
export { createDefaultGeneratorRegistry } from "./registry.js";
