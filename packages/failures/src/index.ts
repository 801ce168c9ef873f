export { type EvaluateOptions, type EvaluateProgress, evaluate } from "./evaluate.js";
export { extractFailures } from "./extractFailures.js";
export { type AccuracyCell, accuracyByModel, accuracyBySlice, defineSlice, type Slice, slicesBy } from "./slices.js";
