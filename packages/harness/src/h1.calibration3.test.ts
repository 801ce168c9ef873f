import { clopperPearson, createRng, type Rng } from "@fib/stats";
import { describe, expect, it } from "vitest";
import { equal, slice } from "./_h1calibration.js";
import { h1Test } from "./stats/h1.js";

describe("H1 calibration (seeded), part 3: seeds sharing one static pool of equally capable models", () => {
  it("whole-seed resampling is too narrow, the default is not", () => {
    // one pool of 1000 items answered once by six equally capable models; each of 20 seeds scores 200 of them
    const pooled = (rng: Rng) => {
      const pool = slice(rng, 6, 1000, 0.75, equal);
      return Array.from({ length: 20 }, () => {
        const idx = Array.from({ length: 200 }, () => rng.int(0, 999));
        return { static: pool.map((row) => Uint8Array.from(idx, (i) => row[i] as number)), induced: slice(rng, 6, 200, 0.6, equal) };
      });
    };
    const reps = 80;
    let seedsOnly = 0;
    let twoLevel = 0;
    const decided = (v: string) => v === "supported" || v === "not supported";
    for (let r = 0; r < reps; r++) {
      const data = pooled(createRng(r, "h1-calibration"));
      if (decided(h1Test(data, { nBoot: 200, seed: r, method: "seeds" }).verdict)) seedsOnly++;
      if (decided(h1Test(data, { nBoot: 200, seed: r }).verdict)) twoLevel++;
    }
    if (process.env.FIB_CALIBRATION_VERBOSE) console.log(`pooled: decided ${seedsOnly}/${reps} (seeds), ${twoLevel}/${reps} (two-level)`);
    // a 95 % interval decides (either way) at most 5 % of the time under the null
    expect(clopperPearson(twoLevel, reps).lo).toBeLessThanOrEqual(0.05);
    expect(seedsOnly).toBeGreaterThan(twoLevel);
  }, 90_000);
});
