import { generateCarb } from "@fib/carb";
import type { Bench } from "./_bench.js";
import { timed } from "./_timing.js";

const N = 100_000;

export const carbBench: Bench = {
  name: "carb",
  title: `CARB generation throughput at n = ${N.toLocaleString("en-US")}`,
  rounds: 3,
  repeats: 3,
  peer: false,
  prepare() {},
  fib(_dir, repeats) {
    generateCarb({ n: 5000, seed: 0 });
    const [s] = timed(() => generateCarb({ n: N, seed: 1 }), repeats);
    return { generate: s };
  },
  report(fib) {
    const s = fib.generate as number;
    return [`  generate n=${N}: ${s.toFixed(2)} s → ${Math.round(N / s).toLocaleString("en-US")} items/s`];
  },
};
