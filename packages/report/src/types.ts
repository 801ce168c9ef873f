/**
 * The report JSON the renderer reads: the shapes are defined once, as zod schemas in
 * `@fib/schemas` (loose: extra fields are ignored); these are their inferred types.
 */
export type { CiJson as Ci, CompareJson, DiscoveryJson, EvalSummaryJson, HarnessJson, IrtJson, IterateJson, ReportBundle } from "@fib/schemas";
