import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { kmeans } from "@fib/clustering";
import type { DenseMatrix } from "@fib/geometry";
import { createRng } from "@fib/stats";
import type { Bench } from "./_bench.js";
import { fmtS, ratioLine } from "./_peer.js";
import { time, timed } from "./_timing.js";

/** warm-up runs before the timed ones, on both sides (bench/python/peer.py uses the same count) */
const WARM = 3;

const n = 100_000;
const d = 32;
const k = 8;
const iters = 100;

/** Overlapping Gaussian blobs (12 true centres for k = 8), so Lloyd takes several iterations. */
export function blobs(rows: number, cols: number, centers: number, spread: number, seed: number): DenseMatrix {
  const rng = createRng(seed, "bench/blobs");
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng.float())) * Math.cos(2 * Math.PI * rng.float());
  const mu = Array.from({ length: centers * cols }, () => normal() * 3);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const c = rng.int(0, centers - 1);
    for (let j = 0; j < cols; j++) data[i * cols + j] = (mu[c * cols + j] as number) + normal() * spread;
  }
  return { rows, cols, data };
}

const load = (dir: string, file: string, rows: number, cols: number): DenseMatrix => {
  const buf = readFileSync(join(dir, file));
  return { rows, cols, data: new Float64Array(buf.buffer, buf.byteOffset, rows * cols).slice() };
};

export const kmeansBench: Bench = {
  name: "kmeans",
  title: `k-means n=${n.toLocaleString("en-US")} d=${d} k=${k}: same data, same initial centroids, same iterations (per iteration); and end to end with k-means++ (peer: scikit-learn KMeans, algorithm="lloyd", its default 2 threads)`,
  rounds: 5,
  repeats: 5,
  peer: true,
  ratios: ["per_iteration", "end_to_end"],
  targets: { per_iteration: 0.7, end_to_end: 0.8 },
  prepare(dir) {
    const x = blobs(n, d, 12, 2.5, 1);
    const init = kmeans(x, { k, seed: 3, maxIter: 1 }).centroids; // k-means++ centres, shared with the peer
    writeFileSync(join(dir, "x.bin"), x.data);
    writeFileSync(join(dir, "init.bin"), init.data);
    writeFileSync(join(dir, "meta.json"), JSON.stringify({ n, d, k, iters }));
  },
  fib(dir, repeats) {
    const x = load(dir, "x.bin", n, d);
    const init = load(dir, "init.bin", k, d);
    // the process's first run (JIT and WebAssembly tier-up included) is reported apart; then, as the
    // peer does, three warm-up runs before the timed ones
    const cold = time(() => kmeans(x, { k, init, maxIter: iters, tol: 0 }));
    const [fixedT, fixed] = timed(() => kmeans(x, { k, init, maxIter: iters, tol: 0 }), repeats, WARM);
    const [lloydT] = timed(() => kmeans(x, { k, init, maxIter: iters, tol: 0, algorithm: "lloyd" }), 3);
    const [e2eT, e2e] = timed(() => kmeans(x, { k, seed: 0 }), repeats, WARM);
    return {
      first_run: cold,
      per_iteration: fixedT / fixed.iterations,
      lloyd_per_iteration: lloydT / fixed.iterations,
      end_to_end: e2eT,
      fixed_iterations: fixed.iterations,
      fixed_inertia: fixed.inertia,
      e2e_iterations: e2e.iterations,
      e2e_inertia: e2e.inertia,
    };
  },
  report(fib, peer, info) {
    return [
      `  from the same init: fib ${info.fib.fixed_iterations} iterations, inertia ${(info.fib.fixed_inertia as number).toFixed(3)}; peer ${info.peer?.fixed_iterations ?? "-"} iterations, inertia ${(info.peer?.fixed_inertia as number | undefined)?.toFixed(3) ?? "-"}`,
      ratioLine("per iteration (Hamerly bounds, 2 threads)", fib.per_iteration as number, peer?.per_iteration, 0.7),
      ratioLine("per iteration (plain Lloyd, for reference)", fib.lloyd_per_iteration as number, peer?.per_iteration, null),
      ratioLine(`end to end incl. k-means++ (fib ${info.fib.e2e_iterations} it, peer ${info.peer?.e2e_iterations ?? "-"} it)`, fib.end_to_end as number, peer?.end_to_end, 0.8),
      `  (fib's first run in a fresh process, JIT and WebAssembly compilation included: ${fmtS(fib.first_run as number)} for ${info.fib.fixed_iterations} iterations; both sides then warm up ${WARM} runs)`,
    ];
  },
};
