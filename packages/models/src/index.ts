export { type ExecConfig, execPredictor } from "./exec/execPredictor.js";
export { parseModelsConfig } from "./modelsConfig.js";
export { DEFAULT_PROMPT, DEFAULT_SYSTEM, type OpenAIConfig, openaiPredictor, parseResponse, publicUrl, requestBody } from "./openai/openaiPredictor.js";
export { firstTopLogprobs, normalizeToken, type ParsedAnswer, parseLogprobAnswer, parseTextAnswer } from "./openai/parseAnswer.js";
export { cacheKey, fileCache, memoryCache, type ResponseCache } from "./responseCache.js";
export { definePredictor, type PredictContext, type Predictor, type PredictorDescription, ruleBasedPredictor } from "./predictor.js";
export {
  createDefaultRegistry,
  createPredictorRegistry,
  DEFAULT_ZOO,
  EXEC_KIND,
  GGUF_KIND,
  loadLlamaKinds,
  loadPredictor,
  MODULE_KIND,
  neuralZooSpecs,
  OPENAI_KIND,
  openaiConfigFromSpec,
  type ParsedSpec,
  type PredictorFactory,
  type PredictorKind,
  type PredictorRegistry,
  type PredictorSpec,
  parseSpec,
  type ResolveContext,
  responseCacheFor,
  SIM_KIND,
  STUB_KIND,
  TRAINED_KIND,
  ZOO_KIND,
} from "./registry.js";
export { type Capability, SIM_PRESET_NAMES, SIM_PRESETS, simCorrectProbability, simPredictor } from "./sim.js";
export { STUB_NAMES, STUB_RULES, stubPredictor } from "./stubs.js";
export { type Algorithm, TRAINED_PRESET_NAMES, TRAINED_PRESETS, type TrainedConfig, trainedConfigHash, trainedPredictor } from "./trained/trainedPredictor.js";
export {
  num as specNumber,
  optNum as specOptionalNumber,
  type ParamType,
  readParams as readSpecParams,
  refuseKeys as refuseSpecKeys,
  str as specString,
  unknownName as unknownPredictorName,
} from "./kinds/params.js";
