import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateCarb } from "@fib/carb";
import { encodeJsonl } from "@fib/schemas";

/** The loop tests' shared ground (tests): a work dir with 2,000 CARB items and a 3-item slice, and the model set. */
export function loopFixture(name: string) {
  const work = mkdtempSync(join(tmpdir(), `fib-${name}-`));
  const carb = join(work, "carb.jsonl");
  writeFileSync(carb, encodeJsonl(generateCarb({ n: 2000, seed: 42 })));
  const three = join(work, "three.jsonl");
  writeFileSync(three, encodeJsonl(generateCarb({ n: 3, seed: 1, idPrefix: "tiny" })));
  return { work, carb, three };
}

export const MODELS = "stub:heuristic_a,stub:heuristic_b,stub:discovery_skew,sim:novice,sim:intermediate,sim:expert";

/** The one run dir under `reports`. */
export const onlyRun = (reports: string) => join(reports, readdirSync(reports).find((d) => d.startsWith("run_")) as string);

/** A report without what differs between two runs of the same command (time, run id). */
export const stripVolatile = (r: { provenance: Record<string, unknown> }) => {
  const { timestamp_utc: _t, run_id: _r, ...prov } = r.provenance;
  return { ...r, provenance: prov };
};

/** a command line as the user would type it (no argument holds a space) */
export const words = (line: string) => line.split(/\s+/).filter(Boolean);
