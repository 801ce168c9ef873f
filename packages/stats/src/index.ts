export { type BootstrapOptions, bootstrapCi, type ConfidenceInterval, percentileInterval } from "./bootstrapCi.js";
export { extent, mean, quantile, quantileSorted, std } from "./descriptive.js";
export { modelSeparation } from "./modelSeparation.js";
export { type DifferenceInterval, pairedBootstrapDiff } from "./pairedBootstrapDiff.js";
export { createRng, deriveSeed, type Rng } from "./rng.js";
export { sampleIndices, sampleWithoutReplacement } from "./sampleWithoutReplacement.js";
export { shuffle } from "./shuffle.js";
export { binomialUpperTail, clopperPearson, logGamma } from "./clopperPearson.js";
export { type DebiasedSeparation, debiasedSeparation, separationDebiasedVariance, separationVarianceParts } from "./debiasedSeparation.js";
