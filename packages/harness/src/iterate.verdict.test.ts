import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateCarb } from "@fib/carb";
import { encodeJsonl } from "@fib/schemas";
import { describe, expect, it } from "vitest";
import { runIterate } from "./runIterate.js";

describe("H3 on degenerate loops", () => {
  it("models that never fail: no verdict, with the reason (not 'not converged')", async () => {
    const work = mkdtempSync(join(tmpdir(), "fib-h3-none-"));
    const dataset = join(work, "carb.jsonl");
    writeFileSync(dataset, encodeJsonl(generateCarb({ n: 120, seed: 4 })));
    const { report } = await runIterate({
      dataset,
      rounds: 3,
      budget: 60,
      nBoot: 20,
      models: ["sim:custom?skill=60", "sim:custom?skill=60&seed=1"],
      k: 3,
      reportsRoot: join(work, "reports"),
      cacheDir: null,
      bandReps: 5,
    });
    expect(report.convergence_series.every((r) => r.n_failures === 0)).toBe(true);
    expect(report.h3_verdict).toBe("no verdict");
    expect(report.h3_reasoning).toMatch(/^No verdict: no round had two or more failures/);
    expect(report.converged_at).toBeNull();
  }, 30_000);
});
