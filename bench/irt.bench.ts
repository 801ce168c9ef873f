import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fitIrt } from "@fib/irt";
import { createRng } from "@fib/stats";
import type { Bench } from "./_bench.js";
import { ratioLine } from "./_peer.js";
import { timed } from "./_timing.js";

const P = 50;
const I = 2000;

/** A simulated 2PL population: θ ~ N(0, 1), a ~ LogNormal(0, 0.5²), b ~ N(0, 1). */
function simulate(): Int8Array {
  const rng = createRng(23, "bench/irt");
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng.float())) * Math.cos(2 * Math.PI * rng.float());
  const theta = Array.from({ length: P }, normal);
  const a = Array.from({ length: I }, () => Math.exp(0.5 * normal()));
  const b = Array.from({ length: I }, normal);
  const x = new Int8Array(P * I);
  for (let p = 0; p < P; p++) for (let i = 0; i < I; i++) x[p * I + i] = rng.float() < 1 / (1 + Math.exp(-(a[i] as number) * ((theta[p] as number) - (b[i] as number)))) ? 1 : 0;
  return x;
}

export const irtBench: Bench = {
  name: "irt",
  title: `2PL by marginal ML (EM, 61 nodes, tol 1e-5), ${P} models × ${I} items (peer: the independent numpy EM in packages/irt/fixtures/irt_numpy.py)`,
  rounds: 3,
  repeats: 3,
  peer: true,
  ratios: ["fit"],
  prepare(dir) {
    writeFileSync(join(dir, "x.bin"), simulate());
    writeFileSync(join(dir, "meta.json"), JSON.stringify({ p: P, i: I }));
  },
  fib(dir, repeats) {
    const buf = readFileSync(join(dir, "x.bin"));
    const data = new Int8Array(buf.buffer, buf.byteOffset, P * I).slice();
    const m = { persons: Array.from({ length: P }, (_, p) => `m${p}`), items: Array.from({ length: I }, (_, i) => `i${i}`), data };
    const [t, f] = timed(() => fitIrt(m, { model: "2pl" }), repeats);
    return { fit: t, iterations: f.iterations, loglik: f.loglik };
  },
  report(fib, peer, info) {
    return [
      `  EM iterations: fib ${String(info.fib.iterations)}, peer ${String(info.peer?.iterations ?? "-")}; log-likelihood fib ${(info.fib.loglik as number).toFixed(3)}, peer ${(info.peer?.loglik as number | undefined)?.toFixed(3) ?? "-"}`,
      ratioLine("fit", fib.fit as number, peer?.fit, 1),
    ];
  },
};
