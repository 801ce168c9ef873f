export { type CarbConditionedOptions, carbConditioned } from "./carbConditioned.js";
export {
  checkGenerated,
  runGenerator,
  createGeneratorRegistry,
  defineGenerator,
  type GenerateContext,
  type Generator,
  type GeneratorRegistry,
} from "./generator.js";
export { type ContractReport, checkGeneratorContract, sampleProfile } from "./contract.js";
export { createDefaultGeneratorRegistry, loadGenerator } from "./registry.js";
