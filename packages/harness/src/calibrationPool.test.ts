import { deriveSeed } from "@fib/stats";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calibrationFixture } from "./_calibrateFixture.js";
import { type Executor, type ReplicationStream, runReplications, workerExecutor } from "./experiments/calibrationPool.js";
import type { CalibrationPopulation, ReplicationResult, ReplicationTask } from "./experiments/calibrationReps.js";
import { prepareHarness, runCalibrate } from "./index.js";

/** A fake executor: each replication's result a function of (population, replication), finishing after a random delay. */
function fakeExecutor(slots: number, seed: number): Executor {
  return {
    slots,
    run: (t: ReplicationTask) =>
      new Promise<ReplicationResult>((resolve) => {
        const h = deriveSeed(seed, `${t.kind}/${t.rep}`);
        setTimeout(() => resolve({ verdict: h % 5 === 0 ? "supported" : "inconclusive", decided: h % 3 === 0, stat: h }), h % 7);
      }),
    close: async () => {},
  };
}

/** Streams that count hits and stop at `stopAt` hits, logging every result taken. */
function streams(max: Record<CalibrationPopulation, number>, stopAt: number, log: string[]): ReplicationStream[] {
  return (["null", "blind", "power", "observed", "h2"] as const).map((kind) => {
    let hits = 0;
    return {
      kind,
      max: max[kind],
      take(r: ReplicationResult, rep: number) {
        if (r.verdict === "supported") hits++;
        log.push(`${kind}/${rep}/${r.stat}`);
        return hits >= stopAt;
      },
    };
  });
}

describe("calibration replications side by side", () => {
  it("results are taken in replication order, and streams stop where one at a time stops, whatever order they finish in", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 4 }),
        fc.nat(),
        fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 5, maxLength: 5 }),
        fc.integer({ min: 1, max: 4 }),
        async (slots, seed, maxes, stopAt) => {
          const max = { null: maxes[0], blind: maxes[1], power: maxes[2], observed: maxes[3], h2: maxes[4] } as Record<CalibrationPopulation, number>;
          const one: string[] = [];
          const many: string[] = [];
          const a = await runReplications(streams(max, stopAt, one), fakeExecutor(1, seed));
          const b = await runReplications(streams(max, stopAt, many), fakeExecutor(slots, seed));
          expect(many).toEqual(one);
          expect([...b]).toEqual([...a]);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("two worker threads give the report one at a time gives (fib calibrate --workers 2 vs 1)", async () => {
    const o = { ...calibrationFixture("workers"), reps: 2, h2Reps: 1, nSeeds: 2 };
    const strip = ({ provenance: _p, ...rest }: { provenance: unknown }) => rest;
    const one = await runCalibrate({ ...o, workers: 1 });
    const two = await runCalibrate({ ...o, workers: 2 });
    expect(strip(two.report)).toEqual(strip(one.report));
    expect(two.report.false_positive.reps).toBe(2);
  }, 60_000);

  it("a worker that cannot start fails the replication sent to it with its error (no hang)", async () => {
    const prepared = await prepareHarness({ ...calibrationFixture("dead-worker"), induce: true });
    const exec = workerExecutor({ ...prepared, records: [], nModels: 2, nInducers: 0, options: { budget: 60, generator: "no-such-generator" } }, 1);
    try {
      await expect(exec.run({ kind: "null", rep: 0 })).rejects.toThrow(/no-such-generator/);
    } finally {
      await exec.close();
    }
  }, 30_000);
});
