export { sha256File, writeFileAtomic, writeJsonAtomic, writeJsonl } from "./atomicWrite.js";
export {
  ERROR_CODES,
  FibError,
  type FibErrorCode,
  type FibErrorKind,
  type FibErrorLocation,
  fileError,
  isFibError,
} from "./errors.js";
export { Item, Label, textKey } from "./item.js";
export {
  type DecodeOptions,
  decodeJsonlLine,
  encodeJsonl,
  parseJsonl,
  type ReadJsonlOptions,
  readJsonl,
  streamJsonl,
} from "./jsonl.js";
export { readItems } from "./readItems.js";
export { Provenance, RunEvent, type RunEventName, type RunEventPayload } from "./events.js";
export { Answer, EvalRecord, Failure, FailureReason, failureId, Prediction } from "./records.js";
export { ClusterProfile } from "./discovery.js";
export {
  bounded,
  holdsSecret,
  isSecretField,
  knownSecrets,
  MAX_ERROR_CHARS,
  PROVIDER_SECRET_VARS,
  REDACTED,
  redactSecrets,
  registerSecrets,
  SECRET_NAME,
  scrubSecrets,
  secretValuesFromEnv,
} from "./redact.js";
export { canonicalJson } from "./canonicalJson.js";
export { terminalSafe, terminalSafeLines } from "./terminal.js";
export { CiJson, CompareJson, DiscoveryJson, EvalSummaryJson, HarnessJson, IrtJson, IterateJson, type ReportBundle } from "./reports.js";
export { definePredictor, type PredictContext, type Predictor, type PredictorDescription } from "./predictor.js";
export { importPlugin, type PluginKind } from "./plugin.js";
