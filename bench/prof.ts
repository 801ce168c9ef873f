import { blobs } from "./kmeans.bench.js";
import { createRunner } from "../packages/clustering/src/_internal/pool.js";
const x = blobs(100_000, 32, 12, 2.5, 1);
for (const threads of [1, 2]) {
  let t0 = performance.now();
  const r = createRunner(x.data, 100000, 32, 8, 4, threads);
  const tc = performance.now() - t0;
  r.st.c.set(x.data.subarray(0, 8 * 32));
  for (let a = 0; a < 8; a++) { let q = 0; for (let j = 0; j < 32; j++) q += r.st.c[a*32+j]**2; r.st.cn[a] = q; }
  r.assign(0);
  t0 = performance.now();
  for (let i = 0; i < 10; i++) r.assign(0);
  const ta = (performance.now() - t0) / 10;
  t0 = performance.now();
  for (let i = 0; i < 10; i++) r.candidates();
  const tcand = (performance.now() - t0) / 10;
  console.log({ threads: r.threads, createMs: tc.toFixed(1), assignMs: ta.toFixed(2), candidatesMs: tcand.toFixed(2) });
}
