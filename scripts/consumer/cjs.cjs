const { kmeans } = require("@fib/clustering");
const { createRng, clopperPearson } = require("@fib/stats");
const { textKey } = require("@fib/schemas");
const big = Float64Array.from({ length: 300000 * 4 }, (_, i) => (i % 7) + Math.floor(i / 400000));
const r = kmeans({ rows: 300000, cols: 4, data: big }, { k: 3, seed: 0 }); // large enough for worker threads
console.log("cjs kmeans", r.k, r.iterations > 0, createRng(1).float() < 1, clopperPearson(3, 10).lo.toFixed(4), textKey("B a A"));
// the installed kernels: 100,000 × 32 runs the WebAssembly SIMD kernel in helper threads; the JavaScript kernel must agree
{
  const n = 100000;
  const d = 32;
  const data = new Float64Array(n * d).map((_, i) => Math.sin(i * 0.37) + (i % 7));
  const a = kmeans({ rows: n, cols: d, data }, { k: 8, seed: 1 });
  const b = kmeans({ rows: n, cols: d, data }, { k: 8, seed: 1, simd: false });
  if (a.labels.some((l, i) => l !== b.labels[i])) throw new Error("cjs: SIMD and JavaScript k-means disagree");
  console.log("cjs kmeans 100k×32 (SIMD, threads)", a.iterations, "iterations, inertia", a.inertia.toFixed(1));
}
// item response theory from the installed tarball
{
  const { analyseIrt, responseMatrix } = require("@fib/irt");
  const m = responseMatrix(
    ["a", "b", "c"],
    ["q1", "q2", "q3"],
    [
      [1, 1, 0],
      [1, 0, 0],
      [1, 1, 1],
    ],
  );
  const r = analyseIrt(m, { model: "rasch" });
  if (r.items.length !== 3 || !(r.abilities[2].theta > r.abilities[1].theta)) throw new Error("cjs: @fib/irt misranked the persons");
  console.log("cjs irt", r.model, r.converged);
}
// calibration in worker threads from the installed tarball (the CommonJS build's own worker file):
// the same report as one replication at a time in this thread
(async () => {
  const { mkdtempSync, rmSync, writeFileSync } = require("node:fs");
  const { tmpdir } = require("node:os");
  const { join } = require("node:path");
  const { runCalibrate } = require("@fib/harness");
  const { generateCarb } = require("@fib/carb");
  const { encodeJsonl } = require("@fib/schemas");
  const dir = mkdtempSync(join(tmpdir(), "fib-consumer-calibrate-"));
  writeFileSync(join(dir, "carb.jsonl"), encodeJsonl(generateCarb({ n: 200, seed: 4 })));
  const o = {
    slices: { carb: join(dir, "carb.jsonl") },
    budget: 40,
    nSeeds: 2,
    nBoot: 200,
    models: ["sim:novice", "sim:expert", "sim:shallow"],
    k: 2,
    reps: 2,
    h2Reps: 1,
    reportsRoot: join(dir, "runs"),
    cacheDir: null,
  };
  const strip = ({ provenance: _p, ...rest }) => JSON.stringify(rest);
  const one = (await runCalibrate({ ...o, workers: 1 })).report;
  const two = (await runCalibrate({ ...o, workers: 2 })).report;
  if (strip(one) !== strip(two)) throw new Error("cjs: calibration in two worker threads differs from one at a time");
  console.log("cjs calibrate in worker threads: the same report,", one.verdict);
  rmSync(dir, { recursive: true, force: true });
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
