export { renderReport } from "./renderReport.js";
export type { CompareJson, DiscoveryJson, EvalSummaryJson, HarnessJson, IrtJson, IterateJson, ReportBundle } from "./types.js";
export { fmt as formatNumber } from "./_internal/html.js";
