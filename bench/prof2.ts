import { blobs } from "./kmeans.bench.js";
import { createRunner } from "../packages/clustering/src/_internal/pool.js";
import { assignKernel } from "../packages/clustering/src/_internal/kernels.js";
const x = blobs(100_000, 32, 12, 2.5, 1);
const r = createRunner(x.data, 100000, 32, 8, 4, 2);
const st = r.st;
st.c.set(x.data.subarray(0, 8 * 32));
for (let a = 0; a < 8; a++) { let q = 0; for (let j = 0; j < 32; j++) q += st.c[a*32+j]**2; st.cn[a] = q; }
for (let i = 0; i < 20; i++) r.assign(0);
let t0 = performance.now();
for (let i = 0; i < 10; i++) r.assign(0);
console.log("2 threads after warm-up", ((performance.now() - t0) / 10).toFixed(2));
t0 = performance.now();
for (let i = 0; i < 10; i++) assignKernel(st.x, st.xn, 32, st.c, st.cn, 8, st.s, st.labels, st.upper, st.lower, st.sums, st.counts, 0, 0, 0, 50000);
console.log("main half alone", ((performance.now() - t0) / 10).toFixed(2));
