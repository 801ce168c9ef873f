import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateCarb } from "@fib/carb";
import { evaluateLogged, openEventLog } from "@fib/harness";
import { createDefaultRegistry } from "@fib/models";
import type { Bench } from "./_bench.js";
import { fmtS } from "./_peer.js";

const N = 100_000;
const MODELS = ["sim:novice", "sim:intermediate", "sim:expert", "sim:shallow", "sim:literalist"];
const TARGET = 100_000;

/** Evaluation throughput: in-process models, every record written to the event log (batched), as eval-static does. */
export const evalBench: Bench = {
  name: "eval",
  title: `evaluation throughput: ${N.toLocaleString("en")} CARB items × ${MODELS.length} sims = ${(N * MODELS.length).toLocaleString("en")} records into events.jsonl (no peer)`,
  rounds: 2,
  repeats: 1,
  peer: false,
  prepare() {},
  async fib() {
    const items = generateCarb({ n: N, seed: 1 });
    const predictors = await createDefaultRegistry().resolveAll(MODELS, { cacheDir: null });
    const dir = mkdtempSync(join(tmpdir(), "fib-bench-eval-"));
    try {
      const log = openEventLog(dir, "bench");
      const t0 = performance.now();
      const records = await evaluateLogged(predictors, items, log);
      log.close();
      const seconds = (performance.now() - t0) / 1000;
      const path = join(dir, "events.jsonl");
      const lines = readFileSync(path, "utf8").split("\n").filter(Boolean).length;
      return { seconds, records: records.length, lines, bytes: statSync(path).size, rss_mb: process.memoryUsage().rss / 2 ** 20 };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  report(fib, _peer, info) {
    const rate = (info.fib.records as number) / fib.seconds!;
    return [
      `  ${(info.fib.records as number).toLocaleString("en")} records in ${fmtS(fib.seconds!)}: ${Math.round(rate).toLocaleString("en")} records/s  (target ≥ ${TARGET.toLocaleString("en")}: ${rate >= TARGET ? "met" : "NOT met"})`,
      `  events.jsonl: ${(info.fib.lines as number).toLocaleString("en")} lines, ${((info.fib.bytes as number) / 2 ** 20).toFixed(0)} MiB; RSS ${(info.fib.rss_mb as number).toFixed(0)} MiB`,
    ];
  },
};
