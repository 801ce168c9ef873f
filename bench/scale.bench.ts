import { createReadStream, writeFileSync, createWriteStream } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { generateCarb } from "@fib/carb";
import { discover } from "@fib/clustering";
import type { Failure, Item } from "@fib/schemas";
import type { Bench } from "./_bench.js";
import { fmtS, ratioLine } from "./_peer.js";

/** Sizes (failures); FIB_SCALE_SIZES=70000,1000000 to choose. Each failure is one of 10 models failing an item, 5 per item on average. */
const SIZES = (process.env.FIB_SCALE_SIZES ?? "70000,1000000").split(",").map(Number);

/** Discovery at scale: read failures from JSONL, featurise, choose k, cluster, profile — time and peak RSS per size, beside scikit-learn. */
export const scaleBench: Bench = {
  name: "scale",
  title: `discover on ${SIZES.map((n) => n.toLocaleString("en")).join(" and ")} failures read from JSONL (peer: the same steps in scikit-learn — TF-IDF, TruncatedSVD(16), standardised metadata, KMeans k = 2..10 by silhouette on 2,000 rows, profiles)`,
  // three rounds (fresh processes, worst ratio beside the median) when only sizes up to 100,000 are asked for; one with the million
  rounds: SIZES.every((n) => n <= 100_000) ? 3 : 1,
  ratios: SIZES.map((n) => `discover_${n}`),
  targets: Object.fromEntries(SIZES.filter((n) => n <= 70_000).map((n) => [`discover_${n}`, 0.7])),
  repeats: 1,
  peer: true,
  async prepare(dir: string) {
    for (const n of SIZES) {
      const items = generateCarb({ n: Math.ceil(n / 5), seed: 3 });
      const out = createWriteStream(join(dir, `failures-${n}.jsonl`));
      for (let j = 0; j < n; j++) {
        const it = items[(j * 7919) % items.length] as Item;
        if (!out.write(`${JSON.stringify({ failure_id: `m${j % 10}::${it.id}::${j}`, item_id: it.id, model_id: `m${j % 10}`, item: it, prediction: 1 - it.y, reason: "wrong" })}\n`))
          await once(out, "drain");
      }
      out.end();
      await once(out, "finish");
    }
    writeFileSync(join(dir, "meta.json"), JSON.stringify({ sizes: SIZES }));
  },
  async fib(dir: string) {
    const out: Record<string, number> = {};
    for (const n of SIZES) {
      const t0 = performance.now();
      const failures: Failure[] = [];
      // items shared by id: a failure holds a reference to its item, not a copy
      const items = new Map<string, Item>();
      for await (const line of createInterface({ input: createReadStream(join(dir, `failures-${n}.jsonl`)) })) {
        const f = JSON.parse(line) as Failure;
        const it = items.get(f.item_id) ?? f.item;
        items.set(f.item_id, it);
        failures.push({ ...f, item: it });
      }
      const tRead = performance.now();
      const d = discover(failures, { seed: 1, maxPoints: 5000 }); // as fib discover keeps them
      out[`read_${n}`] = (tRead - t0) / 1000;
      out[`discover_${n}`] = (performance.now() - tRead) / 1000;
      out[`k_${n}`] = d.k ?? 0;
      out[`peak_rss_mb_${n}`] = process.resourceUsage().maxRSS / 1024;
    }
    return out;
  },
  report(fib, peer) {
    return SIZES.flatMap((n) => {
      const rss = fib[`peak_rss_mb_${n}`] as number;
      const lines = [
        `  ${n.toLocaleString("en")} failures — fib: read ${fmtS(fib[`read_${n}`] as number)}, discover ${fmtS(fib[`discover_${n}`] as number)} (k = ${fib[`k_${n}`]}); peak RSS ${rss.toFixed(0)} MiB = ${((1024 * rss) / n).toFixed(2)} KiB per failure  (target ≤ 2 GiB at 1e6: ${n < 1e6 ? "—" : rss <= 2048 ? "met" : "NOT met"})`,
      ];
      if (peer?.[`discover_${n}`] !== undefined) {
        lines.push(
          `  ${n.toLocaleString("en")} failures — scikit-learn: read ${fmtS(peer[`read_${n}`] as number)}, discover ${fmtS(peer[`discover_${n}`] as number)} (k = ${peer[`k_${n}`]}); peak RSS ${(peer[`peak_rss_mb_${n}`] as number).toFixed(0)} MiB`,
          ratioLine(`discover ${n.toLocaleString("en")}`, fib[`discover_${n}`] as number, peer[`discover_${n}`], n <= 70_000 ? 0.7 : 1),
        );
      }
      return lines;
    });
  },
};
