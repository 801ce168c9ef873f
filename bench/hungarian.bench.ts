import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { hungarian } from "@fib/clustering";
import { createRng } from "@fib/stats";
import type { Bench } from "./_bench.js";
import { ratioLine } from "./_peer.js";
import { timed } from "./_timing.js";

const N = 200;

export const hungarianBench: Bench = {
  name: "hungarian",
  title: `Hungarian assignment, ${N}×${N} uniform random costs (peer: scipy.optimize.linear_sum_assignment)`,
  rounds: 3,
  repeats: 30,
  peer: true,
  ratios: ["hungarian"],
  targets: { hungarian: 0.9 },
  prepare(dir) {
    const rng = createRng(5, "bench/hungarian");
    writeFileSync(
      join(dir, "cost.bin"),
      Float64Array.from({ length: N * N }, () => rng.float()),
    );
    writeFileSync(join(dir, "meta.json"), JSON.stringify({ n: N }));
  },
  fib(dir, repeats) {
    const buf = readFileSync(join(dir, "cost.bin"));
    const data = new Float64Array(buf.buffer, buf.byteOffset, N * N).slice();
    const [t, r] = timed(() => hungarian({ rows: N, cols: N, data }), repeats);
    return { hungarian: t, cost: r.cost };
  },
  report(fib, peer, info) {
    return [
      `  optimal cost: fib ${(info.fib.cost as number).toFixed(6)}; peer ${(info.peer?.cost as number | undefined)?.toFixed(6) ?? "-"}`,
      ratioLine("assignment", fib.hungarian as number, peer?.hungarian, 0.9),
    ];
  },
};
