export { type BuildCarbFileResult, buildCarbFile, type OnProgress, type ProgressEvent } from "./buildCarbFile.js";
export { type EvalStaticOptions, type EvalStaticSummary, runEvalStatic, type SliceScores, scoreSlice } from "./evalStatic.js";
export { EVENTS_FILE, type EventLog, openEventLog, readEvents } from "./eventLog.js";
export { captureProvenance, codeVersion, fibVersion, type ProvenanceInput } from "./provenance.js";
export { type ModelSelection, modelSpecs, resolveModels } from "./resolveModels.js";
export { compactTimestamp, createRunDir, isoSeconds, type RunDir } from "./runDir.js";
export { type PlantedRecovery, plantedRecovery } from "./plantedRecovery.js";
export { type DiscoveryReport, type ModelMode, modelModes, type RunDiscoverOptions, runDiscover } from "./runDiscover.js";
export { type H2SlicesResult, h2Slices, type SliceRecovery, sliceRecovery } from "./h2Slices.js";
export { h2Verdict, type H2Verdict, h3Verdict, type H3Verdict } from "./verdicts.js";
export {
  type CorrectnessMatrix,
  type CreditedH1,
  creditedH1,
  debiasedVarianceOf,
  type H1Pair,
  type H1Result,
  h1Test,
  MIN_ITEMS_FOR_VERDICT,
  MIN_N_BOOT_FOR_VERDICT,
  type RankingAgreement,
  rankingAgreement,
  separationOf,
  type Verdict,
} from "./h1.js";
export {
  type CheckedPreregistration,
  canonicalJson,
  checkPreregistration,
  createPreregistration,
  PREREG_VERSION,
  type PreregAnchor,
  type Preregistration,
  preregAnchor,
  preregWarning,
  readPreregistration,
  runsWithConfig,
  validateExperimentConfig,
} from "./prereg.js";
export { EXPERIMENT_LIMITS, HarnessConfig, type HarnessConfigT, IterateConfig, type IterateConfigT, parseConfig, PreregFile, type PreregFileT } from "./experimentConfig.js";
export { EXPERIMENT_DEFAULTS, UPDATE_RULES } from "./experimentDefaults.js";
export { blindProfile, type InduceForSeedOptions, induceForSeed, inductionSize, type SeedInduction } from "./induction.js";
export { modelIdentity, sharedModels } from "./modelIdentity.js";
export { type CompareOptions, runCompare } from "./runCompare.js";
export { correctnessMatrix, type HarnessOptions, type HarnessReport, harnessConfig, type SliceSeedResult } from "./harnessCore.js";
export { harnessOptionsFromSpec } from "./harnessTypes.js";
export { runHarness } from "./runHarness.js";
export { calibrateH3, type H3CalibrationBlock, h3Controls } from "./calibrateH3.js";
export { type IterateOptions, type IterateReport, iterateConfig, iterateOptionsFromSpec, type RoundRecord, runIterate, type UpdateRule } from "./runIterate.js";
export { checkAborted, evaluateLogged, type Progress, type RunContext, type RunOptions, type RunSettings, runOptionsFor, withRun } from "./withRun.js";
export { chooseGenerator, type GeneratorChoice, generatorChoice, generatorName } from "./chooseGenerator.js";
export { batchExport, batchImport } from "./batch.js";
export { type RunReports, readRunReports } from "./readRunReports.js";
export { DEMO_INDUCE_MODELS, type DemoOptions, type DemoResult, runDemo } from "./runDemo.js";
export { changedDatasets, compareReports, REPLAYABLE, type ReplayOptions, type ReplayPlan, type ReplayResult, type ReportDiff, replayPlan, replayRun, SAFE_MODEL_KINDS } from "./replay.js";
export {
  type CalibrateOptions,
  type CalibrationBlock,
  type CalibrationReport,
  calibrateH1,
  type CalibrationPopulation,
  calibrationStage,
  MAX_FP_UPPER,
  repsNeeded,
  type DifficultyModel,
  difficultyModel,
  probabilityOf,
  type RateEstimate,
  runCalibrate,
} from "./calibrate.js";
export { type HarnessCoreInput, type HarnessCoreResult, harnessCore, prepareHarness } from "./harnessCore.js";
