export { apportion, CARB_VERSION, generateCarb, iterateCarb } from "./generateCarb.js";
export { type CarbItemSpec, generateCarbItem } from "./generateItem.js";
export { entails, type Literal, type Quantifier, type Statement, satisfiable, statementOperators } from "./logic.js";
export {
  CARB_TYPES,
  type CarbOptions,
  CARB_DEFAULTS,
  type CarbType,
  DEPTH_LIMITS,
  MAX_DISTRACTORS,
  MAX_OPERATORS,
  parseRange,
  type Range,
  type ResolvedCarbOptions,
  resolveCarbOptions,
} from "./options.js";
export { summarizeItems, type ItemSummary } from "./summarizeItems.js";
