export {
  type FailureFeatureOptions,
  type FeatureSpace,
  type FeatureWeights,
  failureFeatures,
  fitFeatureSpace,
  type MetadataFeatures,
  type TextBlock,
  metadataFeatures,
  transformFeatures,
} from "./failureFeatures.js";
export { type CsrMatrix, csrToDense, type DenseMatrix, denseMatrix, fromRows, toRows } from "./matrix.js";
export { type KeyedAnalyzer, type TfidfOptions, type TfidfResult, tfidf, tokenize } from "./tfidf.js";
export { type TruncatedSvdOptions, type TruncatedSvdResult, transposeCsr, truncatedSvd } from "./truncatedSvd.js";
export { pca2d } from "./pca2d.js";
export { FUNCTION_WORDS, skeletonTerms, skeletonText, skeletonTokens } from "./skeleton.js";
