export { renderReport } from "./renderReport.js";
export type { CompareJson, DiscoveryJson, EvalSummaryJson, HarnessJson, IterateJson, ReportBundle } from "./types.js";
