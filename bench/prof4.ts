import { blobs } from "./kmeans.bench.js";
import { kmeans } from "../packages/clustering/src/index.js";
const x = blobs(100_000, 32, 12, 2.5, 1);
for (let r = 0; r < 6; r++) { const t0 = performance.now(); kmeans(x, { k: 8, seed: 0 }); console.log("total", (performance.now() - t0).toFixed(1)); }
