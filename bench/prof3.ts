import { blobs } from "./kmeans.bench.js";
import { kmeans } from "../packages/clustering/src/index.js";
import { createRunner } from "../packages/clustering/src/_internal/pool.js";
const x = blobs(100_000, 32, 12, 2.5, 1);
const init = kmeans(x, { k: 8, seed: 3, maxIter: 1 }).centroids;
for (let r = 0; r < 3; r++) {
  let t0 = performance.now(); createRunner(x.data, 100000, 32, 8, 4, 2); const tc = performance.now() - t0;
  t0 = performance.now(); const a = kmeans(x, { k: 8, init, maxIter: 1, tol: 0 }); const t1 = performance.now() - t0;
  t0 = performance.now(); const b = kmeans(x, { k: 8, init, maxIter: 30, tol: 0 }); const t30 = performance.now() - t0;
  t0 = performance.now(); const c = kmeans(x, { k: 8, init, maxIter: 30, tol: 0, threads: 1 }); const t30s = performance.now() - t0;
  console.log({ createRunner: tc.toFixed(1), it1: t1.toFixed(1), full: t30.toFixed(1), iters: b.iterations, single: t30s.toFixed(1) });
}
