export { parseModelsConfig } from "./modelsConfig.js";
export { definePredictor, type PredictContext, type Predictor, type PredictorDescription, ruleBasedPredictor } from "./predictor.js";
export {
  createDefaultRegistry,
  createPredictorRegistry,
  DEFAULT_ZOO,
  type ParsedSpec,
  type PredictorFactory,
  type PredictorKind,
  type PredictorRegistry,
  type PredictorSpec,
  parseSpec,
  type ResolveContext,
  SIM_KIND,
  STUB_KIND,
  TRAINED_KIND,
} from "./registry.js";
export { type Capability, SIM_PRESET_NAMES, SIM_PRESETS, simCorrectProbability, simPredictor } from "./sim.js";
export { STUB_NAMES, STUB_RULES, stubPredictor } from "./stubs.js";
export { type Algorithm, TRAINED_PRESET_NAMES, TRAINED_PRESETS, type TrainedConfig, trainedConfigHash, trainedPredictor } from "./trained/trainedPredictor.js";
