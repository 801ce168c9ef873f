// Prints the tables of docs/reports/H1_generators.md from the run dirs run.sh wrote:
//   node docs/reports/h1_generators/table.mjs [OUT]
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const out = process.argv[2] ?? "/tmp/fib-h1-generators";
const runs = readdirSync(out).filter((d) => d.startsWith("run_"));
const json = (d, f) => (existsSync(join(out, d, f)) ? JSON.parse(readFileSync(join(out, d, f), "utf8")) : null);
const sign = (x) => `${x >= 0 ? "+" : ""}${x.toFixed(4)}`;
const cell = (t) => (t ? `${sign(t.diff_mean)} [${sign(t.ci.lo)}, ${sign(t.ci.hi)}] ${t.verdict === "supported" ? "**S**" : t.verdict === "not supported" ? "N" : "i"}` : "–");
const pops = { ladder: "sim ladder (counterfactual weakness 0 / 1.5 / 3 / 6)", zoo: "default zoo (9 models)", neural: "neural zoo + specialists (7 GGUF models)" };
const gens = ["carb-conditioned", "carb-conditioned.disagreement", "carb-conditioned.information"];
console.log("| population | allocation | credited H1 | ΔV induced − static | ΔV induced − blind (failure effect) | ΔV induced − unstructured (structure) | ΔV blind − static | k | failures mined |");
console.log("|---|---|---|---|---|---|---|---|---|");
for (const pop of Object.keys(pops))
  for (const gen of gens) {
    const d = runs.find((r) => r.endsWith(`_harness_${pop}_${gen}`));
    const h = d && json(d, "harness_report.json");
    if (!h) {
      console.log(`| ${pops[pop]} | ${gen.replace("carb-conditioned", "") || "size"} | not run | | | | | | |`);
      continue;
    }
    console.log(
      `| ${pops[pop]} | ${gen.replace("carb-conditioned.", "").replace("carb-conditioned", "size")} | ${h.h1_credited.verdict} (${h.h1_credited.decided_by}) | ${cell(h.h1)} | ${cell(h.failure_effect)} | ${cell(h.structure_effect)} | ${cell(h.h1_blind)} | ${h.induction.k} | ${h.induction.n_failures.toFixed(0)} |`,
    );
  }
console.log("\n| population | calibration (information allocation, 10 seeds × 200) | false positives: equal capability / failure-blind credited / pool decided | power: ladder / observed |");
console.log("|---|---|---|---|");
const pct = (r) => (r?.reps ? `${r.supported}/${r.reps} [${(100 * r.lo).toFixed(0)}–${(100 * r.hi).toFixed(0)} %]` : "–");
for (const pop of Object.keys(pops)) {
  const d = runs.find((r) => r.endsWith(`_calibrate_cal_${pop}`));
  const c = d && json(d, "calibration_report.json");
  if (!c) {
    console.log(`| ${pops[pop]} | not run | | |`);
    continue;
  }
  console.log(`| ${pops[pop]} | ${c.verdict} | ${pct(c.false_positive)} / ${pct(c.false_positive_blind)} / ${pct(c.false_positive_pool)} | ${pct(c.power)} / ${pct(c.power_observed)} |`);
}
