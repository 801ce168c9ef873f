import { kmeans, adjustedRandIndex } from "@fib/clustering";
import { debiasedSeparation, bootstrapCi, mean } from "@fib/stats";
import { generateCarb } from "@fib/carb";
import { runHarness } from "@fib/harness";
const r = kmeans(
  [
    [0, 0],
    [0.1, 0],
    [5, 5],
    [5.1, 5],
  ],
  { k: 2, seed: 1 },
);
console.log("esm kmeans", Array.from(r.labels).join(","), "ari", adjustedRandIndex([0, 0, 1, 1], Array.from(r.labels)));
console.log("esm stats", debiasedSeparation([Uint8Array.from([1, 0, 1]), Uint8Array.from([1, 1, 0])]).S2_debiased.toFixed(4), bootstrapCi([1, 0, 1, 1], mean, { nBoot: 100, seed: 1 }).value);
console.log("esm carb", generateCarb({ n: 2, seed: 1 }).length, typeof runHarness);
// the installed kernels: 100,000 × 32 runs the WebAssembly SIMD kernel in helper threads; the JavaScript kernel must agree
{
  const n = 100000;
  const d = 32;
  const data = new Float64Array(n * d).map((_, i) => Math.sin(i * 0.37) + (i % 7));
  const a = kmeans({ rows: n, cols: d, data }, { k: 8, seed: 1 });
  const b = kmeans({ rows: n, cols: d, data }, { k: 8, seed: 1, simd: false });
  if (a.labels.some((l, i) => l !== b.labels[i])) throw new Error("esm: SIMD and JavaScript k-means disagree");
  console.log("esm kmeans 100k×32 (SIMD, threads)", a.iterations, "iterations, inertia", a.inertia.toFixed(1));
}
