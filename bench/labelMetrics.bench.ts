import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { adjustedRandIndex, normalizedMutualInfo } from "@fib/clustering";
import { createRng } from "@fib/stats";
import type { Bench } from "./_bench.js";
import { ratioLine } from "./_peer.js";
import { timed } from "./_timing.js";

const N = 1_000_000;

export const labelMetricsBench: Bench = {
  name: "label-metrics",
  title: `ARI and NMI on ${N.toLocaleString("en-US")} labels, 10 clusters, 70 % agreement (peer: sklearn.metrics)`,
  rounds: 3,
  repeats: 7,
  peer: true,
  ratios: ["ari", "nmi"],
  prepare(dir) {
    const rng = createRng(11, "bench/labels");
    const a = Int32Array.from({ length: N }, () => rng.int(0, 9));
    const b = a.map((x) => (rng.float() < 0.7 ? x : rng.int(0, 9)));
    writeFileSync(join(dir, "a.bin"), a);
    writeFileSync(join(dir, "b.bin"), b);
    writeFileSync(join(dir, "meta.json"), JSON.stringify({ n: N }));
  },
  fib(dir, repeats) {
    const read = (f: string) => {
      const buf = readFileSync(join(dir, f));
      return new Int32Array(buf.buffer, buf.byteOffset, N).slice();
    };
    const a = read("a.bin");
    const b = read("b.bin");
    const [ari, ariV] = timed(() => adjustedRandIndex(a, b), repeats);
    const [nmi, nmiV] = timed(() => normalizedMutualInfo(a, b), repeats);
    return { ari, nmi, ari_value: ariV, nmi_value: nmiV };
  },
  report(fib, peer, info) {
    return [
      `  values: ARI fib ${(info.fib.ari_value as number).toFixed(9)} peer ${(info.peer?.ari_value as number | undefined)?.toFixed(9) ?? "-"}; NMI fib ${(info.fib.nmi_value as number).toFixed(9)} peer ${(info.peer?.nmi_value as number | undefined)?.toFixed(9) ?? "-"}`,
      ratioLine("ARI", fib.ari as number, peer?.ari, 0.2),
      ratioLine("NMI", fib.nmi as number, peer?.nmi, 0.2),
    ];
  },
};
