import { generateCarb } from "@fib/carb";
import { median, time } from "./_timing.js";

/** CARB generation throughput at n = 100k (median of 3 runs after a warm-up). */
export function benchCarb(): void {
  const n = 100_000;
  generateCarb({ n: 5_000, seed: 0 }); // warm-up (JIT)
  const secs = [1, 2, 3].map((seed) => time(() => generateCarb({ n, seed })));
  const m = median(secs);
  console.log(`carb generate n=${n}: median ${m.toFixed(2)} s over ${secs.length} runs → ${Math.round(n / m).toLocaleString("en-US")} items/s`);
}
