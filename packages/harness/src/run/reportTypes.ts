import type { DiscoveryJson, EvalSummaryJson, HarnessJson, IrtJson, IterateJson } from "@fib/schemas";
import type { z } from "zod";
import type { EvalStaticSummary } from "../experiments/evalStatic.js";
import type { HarnessReport } from "../experiments/harnessTypes.js";
import type { DiscoveryReport } from "../experiments/runDiscover.js";
import type { IterateReport } from "../experiments/runIterate.js";
import type { IrtReport } from "../experiments/runIrt.js";

/**
 * One report schema, checked by the compiler: each report the harness writes must be a value its
 * reader's zod schema (in @fib/schemas, which `fib report`, `--html` and the demo read through)
 * accepts. A field renamed or retyped on one side fails the build here, not a user's report.
 */
export type WrittenAs<Schema extends z.ZodType, T extends z.input<Schema>> = T;

export type CheckedReports = [
  WrittenAs<typeof EvalSummaryJson, EvalStaticSummary>,
  WrittenAs<typeof DiscoveryJson, DiscoveryReport>,
  WrittenAs<typeof HarnessJson, HarnessReport>,
  WrittenAs<typeof IterateJson, IterateReport>,
  WrittenAs<typeof IrtJson, IrtReport>,
];
