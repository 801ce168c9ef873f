export { adjustedRandIndex } from "./adjustedRandIndex.js";
export { hungarian } from "./hungarian.js";
export { inertiaOf, type KMeansOptions, type KMeansResult, kmeans } from "./kmeans.js";
export { entropy, mutualInfo, normalizedMutualInfo } from "./mutualInfo.js";
export { purity } from "./purity.js";
export { silhouetteScore } from "./silhouette.js";
