export { type CentroidDrift, centroidDrift } from "./centroidDrift.js";
export { type OverlapAri, overlapAri } from "./overlapAri.js";
export { applyStoppingRule, type RoundSignal, type StoppingDecision, type StoppingRule } from "./stoppingRule.js";
