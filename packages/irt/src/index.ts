export { type AbilityEstimate, abilityFromResponses, estimateAbilities } from "./abilities.js";
export { analyseIrt, INFORMATION_GRID, type IrtAnalysis } from "./analyse.js";
export { itemsCsv, toPyIrtJsonl, toResponsesCsv } from "./export.js";
export { DEFAULT_PRIORS, type FitOptions, fitIrt, type IrtFit, type IrtModel, type IrtPriors } from "./fit.js";
export { type ItemFlag, type ItemStatistics, itemStatistics } from "./itemFit.js";
export { matrixFromCorrectness, type ResponseMatrix, responseMatrix, selectItems, withoutPersons } from "./matrix.js";
export { type ItemParameters, itemInformation, probability, testInformation } from "./probability.js";
export {
  ANCHOR_METHODS,
  type AnchorEvaluation,
  type AnchorEvaluationRow,
  type AnchorMethod,
  anchorEstimate,
  anchorEvaluation,
  chooseAnchors,
  estimateAccuracy,
  selectAnchors,
  strataAnchors,
} from "./select.js";
