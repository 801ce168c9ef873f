export { type BuildCarbFileResult, buildCarbFile, type OnProgress, type ProgressEvent } from "./buildCarbFile.js";
export { type EvalStaticOptions, type EvalStaticSummary, runEvalStatic, type SliceScores, scoreSlice } from "./evalStatic.js";
export { EVENTS_FILE, type EventLog, openEventLog, readEvents } from "./eventLog.js";
export { captureProvenance, fibVersion, type ProvenanceInput } from "./provenance.js";
export { REDACTED, redactSecrets, SECRET_NAME, secretValuesFromEnv } from "./redact.js";
export { type ModelSelection, modelSpecs, resolveModels } from "./resolveModels.js";
export { compactTimestamp, createRunDir, isoSeconds, type RunDir } from "./runDir.js";
export { type DiscoveryReport, type RunDiscoverOptions, runDiscover } from "./runDiscover.js";
