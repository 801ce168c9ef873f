import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kmeans } from "@fib/clustering";
import type { DenseMatrix } from "@fib/geometry";
import { createRng } from "@fib/stats";
import { pythonPeer, ratioLine, runPeer } from "./_peer.js";
import { median, time } from "./_timing.js";

/** Overlapping Gaussian blobs: enough overlap that Lloyd runs many iterations. */
export function blobs(n: number, d: number, centers: number, spread: number, seed: number): DenseMatrix {
  const rng = createRng(seed, "bench/blobs");
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng.float())) * Math.cos(2 * Math.PI * rng.float());
  const mu = Array.from({ length: centers * d }, () => normal() * 3);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = rng.int(0, centers - 1);
    for (let j = 0; j < d; j++) data[i * d + j] = (mu[c * d + j] as number) + normal() * spread;
  }
  return { rows: n, cols: d, data };
}

export function benchKmeans(): void {
  const n = 100_000;
  const d = 32;
  const k = 8;
  const x = blobs(n, d, 12, 2.5, 1);
  const init = kmeans(x, { k, seed: 3, maxIter: 1 }).centroids; // k-means++ centres, shared with the peer
  const path = join(tmpdir(), "fib-bench-kmeans");
  writeFileSync(`${path}.x.bin`, x.data);
  writeFileSync(`${path}.init.bin`, init.data);
  const iters = 30;
  const repeats = 5;
  // fib: fixed init, same iteration cap, tol 0 (both stop at strict convergence)
  kmeans(x, { k, init, maxIter: 3, tol: 0 }); // warm-up
  let fixed = kmeans(x, { k, init, maxIter: iters, tol: 0 });
  const fixedT = median(Array.from({ length: repeats }, () => time(() => (fixed = kmeans(x, { k, init, maxIter: iters, tol: 0 })))));
  const lloydT = median(Array.from({ length: 3 }, () => time(() => kmeans(x, { k, init, maxIter: iters, tol: 0, algorithm: "lloyd" }))));
  let e2e = kmeans(x, { k, seed: 0 });
  const e2eT = median(Array.from({ length: repeats }, () => time(() => (e2e = kmeans(x, { k, seed: 0 })))));
  const py = pythonPeer();
  const peer = py ? (runPeer(py, join(import.meta.dirname, "python/kmeans_peer.py"), [path, n, d, k, iters, repeats]) as {
    fixed: { seconds: number; iterations: number; inertia: number };
    end_to_end: { seconds: number; iterations: number; inertia: number };
    threads: unknown;
  }) : null;
  console.log(`k-means n=${n} d=${d} k=${k} (median of ${repeats}; the peer is scikit-learn KMeans(algorithm="lloyd") with its default threads)`);
  if (peer) console.log(`peer thread pools: ${JSON.stringify(peer.threads)}`);
  console.log(`same init: fib ${fixed.iterations} iterations, inertia ${fixed.inertia.toFixed(3)}; peer ${peer?.fixed.iterations ?? "-"} iterations, inertia ${peer?.fixed.inertia.toFixed(3) ?? "-"}`);
  console.log(ratioLine("per iteration (hamerly)", fixedT / fixed.iterations, peer ? peer.fixed.seconds / peer.fixed.iterations : null, 1.5));
  console.log(ratioLine("per iteration (plain lloyd, for reference)", lloydT / fixed.iterations, peer ? peer.fixed.seconds / peer.fixed.iterations : null, 1.5));
  console.log(ratioLine(`end to end incl. k-means++ (fib ${e2e.iterations} it, inertia ${e2e.inertia.toFixed(0)}; peer ${peer?.end_to_end.iterations ?? "-"} it, inertia ${peer?.end_to_end.inertia.toFixed(0) ?? "-"})`, e2eT, peer?.end_to_end.seconds ?? null, 1.5));
}
