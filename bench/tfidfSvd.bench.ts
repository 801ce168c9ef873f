import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateCarb } from "@fib/carb";
import { tfidf, truncatedSvd } from "@fib/geometry";
import type { Bench } from "./_bench.js";
import { ratioLine } from "./_peer.js";
import { timed } from "./_timing.js";

const N = 50_000;
const K = 64;
const N_ITER = 5;
const OVERSAMPLE = 10;

export const tfidfSvdBench: Bench = {
  name: "tfidf-svd",
  title: `TF-IDF + randomized SVD(${K}) on ${N.toLocaleString("en-US")} short texts (CARB prompts), ${N_ITER} power iterations, ${OVERSAMPLE} oversamples (peer: TfidfVectorizer + TruncatedSVD(algorithm="randomized"))`,
  rounds: 3,
  repeats: 3,
  peer: true,
  ratios: ["tfidf_svd"],
  targets: { tfidf_svd: 0.5 },
  prepare(dir) {
    const texts = generateCarb({ n: N, seed: 77 }).map((i) => i.x);
    writeFileSync(join(dir, "texts.txt"), texts.join("\n"));
    writeFileSync(join(dir, "meta.json"), JSON.stringify({ n: N, k: K, n_iter: N_ITER, oversample: OVERSAMPLE }));
  },
  fib(dir, repeats) {
    const texts = readFileSync(join(dir, "texts.txt"), "utf8").split("\n");
    const [t, svd] = timed(() => truncatedSvd(tfidf(texts).matrix, K, { seed: 0, nIter: N_ITER, oversample: OVERSAMPLE }), repeats);
    const [tTf] = timed(() => tfidf(texts), repeats);
    return { tfidf_svd: t, tfidf_only: tTf, top_singular_values: Array.from(svd.singularValues.subarray(0, 3)) };
  },
  report(fib, peer, info) {
    const fmt = (v: unknown) => (Array.isArray(v) ? v.map((x: number) => x.toFixed(3)).join(", ") : "-");
    return [
      `  top singular values: fib ${fmt(info.fib.top_singular_values)}; peer ${fmt(info.peer?.top_singular_values)}`,
      `  (fib TF-IDF alone: ${((fib.tfidf_only as number) * 1e3).toFixed(0)} ms)`,
      ratioLine("TF-IDF + SVD", fib.tfidf_svd as number, peer?.tfidf_svd, 0.5),
    ];
  },
};
