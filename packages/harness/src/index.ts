/**
 * @fib/harness, in three rooms:
 * - `stats/` — pure statistics over plain data: H1's tests and correctness matrices, H2 on slices,
 *   the verdict rules (no I/O);
 * - `run/` — the run machinery: run dirs, the event log, provenance, pre-registration, replay,
 *   redaction, resolving models (I/O at the edge);
 * - `experiments/` — each experiment a composition of the two: eval-static, discover, compare,
 *   harness, calibrate, iterate, demo, batch, with the typed experiment spec and its defaults.
 */
export { type BuildCarbFileResult, buildCarbFile, type OnProgress, type ProgressEvent } from "./experiments/buildCarbFile.js";
export { type EvalStaticOptions, type EvalStaticSummary, runEvalStatic, type SliceScores, scoreSlice } from "./experiments/evalStatic.js";
export { EVENTS_FILE, type EventLog, openEventLog, readEvents } from "./run/eventLog.js";
export { captureProvenance, codeVersion, fibVersion, type ProvenanceInput } from "./run/provenance.js";
export { type ModelSelection, modelSpecs, resolveModels } from "./run/resolveModels.js";
export { compactTimestamp, createRunDir, isoSeconds, type RunDir } from "./run/runDir.js";
export { type PlantedRecovery, plantedRecovery } from "./experiments/plantedRecovery.js";
export { type DiscoveryReport, type ModelMode, modelModes, type RunDiscoverOptions, runDiscover } from "./experiments/runDiscover.js";
export { type IrtReport, type RunIrtOptions, runIrt, runResponses } from "./experiments/runIrt.js";
export { type H2SlicesResult, h2Slices, type SliceRecovery, sliceRecovery } from "./stats/h2Slices.js";
export { h2Verdict, type H2Verdict, h3Verdict, type H3Verdict } from "./stats/verdicts.js";
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
} from "./stats/h1.js";
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
} from "./run/prereg.js";
export { EXPERIMENT_LIMITS, HarnessConfig, type HarnessConfigT, IterateConfig, type IterateConfigT, parseConfig, PreregFile, type PreregFileT } from "./experiments/experimentConfig.js";
export { EXPERIMENT_DEFAULTS, UPDATE_RULES } from "./experiments/experimentDefaults.js";
export { blindProfile, type InduceForSeedOptions, induceForSeed, inductionSize, type SeedInduction, splitInformation } from "./experiments/induction.js";
export { modelIdentity, sharedModels } from "./run/modelIdentity.js";
export { type CompareOptions, runCompare } from "./experiments/runCompare.js";
export { correctnessMatrix, type HarnessOptions, type HarnessReport, harnessConfigFrom, type SliceSeedResult } from "./experiments/harnessCore.js";
export { harnessOptionsFromSpec } from "./experiments/harnessTypes.js";
export { runHarness } from "./experiments/runHarness.js";
export { calibrateH3, type H3CalibrationBlock, h3Controls } from "./experiments/calibrateH3.js";
export { type IterateOptions, type IterateReport, iterateConfigFrom, iterateOptionsFromSpec, type RoundRecord, runIterate, type UpdateRule } from "./experiments/runIterate.js";
export { checkAborted, evaluateLogged, type Progress, type RunContext, type RunOptions, type RunSettings, runOptionsFor, withRun } from "./run/withRun.js";
export { chooseGenerator, type GeneratorChoice, generatorChoice, generatorName } from "./experiments/chooseGenerator.js";
export { batchExport, batchImport } from "./experiments/batch.js";
export { type RunReports, readRunReports, reportBundle, type WrittenReports } from "./run/readRunReports.js";
export { DEMO_INDUCE_MODELS, type DemoOptions, type DemoResult, runDemo } from "./experiments/runDemo.js";
export { changedDatasets, compareReports, REPLAYABLE, type ReplayOptions, type ReplayPlan, type ReplayResult, type ReportDiff, replayPlan, replayRun, SAFE_MODEL_KINDS } from "./run/replay.js";
export {
  type CalibrateOptions,
  type CalibrationBlock,
  type CalibrationReport,
  calibrateH1,
  type CalibrationPopulation,
  calibrationStage,
  MAX_FP_UPPER,
  repsNeeded,
  DIFFICULTY_GRANULARITIES,
  type DifficultyGranularity,
  type DifficultyModel,
  difficultyModel,
  probabilityOf,
  type RateEstimate,
  runCalibrate,
} from "./experiments/calibrate.js";
export { defaultCalibrationWorkers } from "./experiments/calibrationPool.js";
export { type HarnessCoreInput, type HarnessCoreResult, harnessCore, prepareHarness } from "./experiments/harnessCore.js";
