/**
 * `pnpm bench [name …]`: performance is measured here, never asserted in tests. Each bench
 * writes its data once; then, for several rounds, fib's side runs in a fresh process and the
 * Python peer (Debian's scikit-learn / scipy, when installed) on the same data, interleaved
 * A/B; every figure is the median over rounds of the per-process medians, and each ratio is
 * fib / peer from this one run.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BENCHES } from "./_registry.js";
import { pythonPeer, runFibSide, runPeer } from "./_peer.js";
import { median } from "./_timing.js";

const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!BENCHES[name]) {
    console.error(`bench: unknown benchmark '${name}' (have: ${Object.keys(BENCHES).join(", ")})`);
    process.exit(2);
  }
}
const py = pythonPeer();
console.log(`fib benchmarks — node ${process.version}; peer: ${py ? `${py} (scikit-learn / scipy)` : "none installed (apt-get install python3-sklearn python3-scipy python3-threadpoolctl)"}`);
for (const name of wanted.length > 0 ? wanted : Object.keys(BENCHES)) {
  const b = BENCHES[name]!;
  const dir = mkdtempSync(join(tmpdir(), `fib-bench-${name}-`));
  try {
    await b.prepare(dir);
    const fibRounds: Record<string, unknown>[] = [];
    const peerRounds: Record<string, unknown>[] = [];
    for (let r = 0; r < b.rounds; r++) {
      fibRounds.push(runFibSide(name, dir, b.repeats));
      if (b.peer && py) peerRounds.push(runPeer(py, name, dir, b.repeats));
    }
    const med = (rounds: Record<string, unknown>[]) => {
      const out: Record<string, number> = {};
      for (const key of Object.keys(rounds[0] ?? {})) {
        if (typeof rounds[0]?.[key] === "number") out[key] = median(rounds.map((x) => x[key] as number));
      }
      return out;
    };
    console.log(`\n## ${name} — ${b.title}`);
    console.log(`  (${b.rounds} rounds × ${b.repeats} repeats${b.peer && py ? ", fib and peer interleaved" : ""})`);
    if (b.peer && py) console.log(`  peer thread pools: ${JSON.stringify(peerRounds[0]?.threads)}`);
    for (const line of b.report(med(fibRounds), peerRounds.length ? med(peerRounds) : null, { fib: fibRounds[0] ?? {}, peer: peerRounds[0] ?? null })) console.log(line);
    // a ratio that swings across 1.0 between rounds is parity: each round's ratio (fresh processes,
    // interleaved), the median and the worst, so a claim of "ahead" holds in every round or says it does not
    for (const key of b.ratios ?? []) {
      const per = fibRounds.map((f, i) => (f[key] as number) / (peerRounds[i]?.[key] as number)).filter((x) => Number.isFinite(x));
      if (per.length === 0) continue;
      const worst = per.reduce((a, b) => Math.max(a, b), 0);
      const target = b.targets?.[key];
      console.log(
        `  ${key}: fib / peer per round ${per.map((x) => x.toFixed(2)).join(", ")} — median ${median(per).toFixed(2)}, worst ${worst.toFixed(2)} (${per.length} rounds)${target === undefined ? "" : `; target ≤ ${target} in every round: ${worst <= target ? "met" : "NOT met"}`}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
