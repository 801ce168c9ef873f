export { type CentroidDrift, centroidDrift } from "./centroidDrift.js";
export { convergenceNoiseBand, type NoiseBand, type Rows } from "./noiseBand.js";
export { type OverlapAri, overlapAri } from "./overlapAri.js";
export { applyStoppingRule, type LongRangeDrift, type RoundSignal, type StoppingDecision, type StoppingRule } from "./stoppingRule.js";
