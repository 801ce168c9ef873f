import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { createPreregistration, harnessConfig, iterateConfig } from "@fib/harness";
import { FibError, fileError, writeJsonAtomic } from "@fib/schemas";
import { defineCommand } from "../_internal/command.js";
import { userPath } from "../_internal/paths.js";
import { str } from "../_internal/values.js";

/**
 * The config file holds the run's settings with the CLI's names, e.g.
 * {"command": "harness", "slices": {"carb": "data/static/carb_benchmark.jsonl"}, "budget": 200,
 *  "n_seeds": 10, "n_boot": 1000, "models": ["sim:novice", "sim:expert"], "induce": true, "h1_delta": 0}
 */
export default defineCommand({
  name: "preregister",
  summary: "Write a hash-locked prereg.json (hypotheses, metrics, thresholds, seeds, models, budget) before any induced-slice accuracy is seen.",
  options: {
    config: { type: "string", value: "FILE", description: "JSON with the harness or iterate settings (see docs/experiment_design.md)" },
    out: { type: "string", value: "FILE", description: "where to write it", default: "prereg.json" },
  },
  details: 'Then: fib harness … --prereg prereg.json (refuses to run if anything differs).\nConfig example:\n  {"command": "harness", "slices": {"carb": "data/static/carb_benchmark.jsonl"}, "budget": 200, "n_seeds": 10,\n   "n_boot": 1000, "models": ["sim:novice", "sim:intermediate", "sim:expert"], "induce": true, "h1_delta": 0}',
  async run(v, _pos, io) {
    const file = str(v, "config");
    if (!file) throw new FibError("USAGE", "--config FILE is required (see 'fib preregister --help')");
    const path = userPath(io.cwd, file);
    let raw: Record<string, unknown>;
    try {
      raw = JSON.parse(readFileSync(path, "utf8"));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code) throw fileError(e, path);
      throw new FibError("CONFIG_INVALID", `not valid JSON (${(e as Error).message})`, { file: path });
    }
    const num = (k: string, d?: number) => {
      const x = raw[k] ?? d;
      if (typeof x !== "number") throw new FibError("CONFIG_INVALID", `must be a number, got ${JSON.stringify(x)}`, { file: path, field: k });
      return x;
    };
    const models = raw.models as string[] | undefined;
    const command = raw.command;
    let config: Record<string, unknown>;
    let datasets: string[];
    if (command === "harness") {
      const slices = Object.fromEntries(Object.entries((raw.slices ?? {}) as Record<string, string>).map(([k, p]) => [k, userPath(io.cwd, p)]));
      if (Object.keys(slices).length === 0) throw new FibError("CONFIG_INVALID", "needs at least one slice", { file: path, field: "slices" });
      config = harnessConfig({
        slices,
        budget: num("budget", 200),
        nSeeds: num("n_seeds", 10),
        nBoot: num("n_boot", 1000),
        seed: num("seed", 0),
        ...(models ? { models } : {}),
        induce: raw.induce === true,
        ...(typeof raw.induce_from === "string" ? { induceFrom: raw.induce_from } : {}),
        ...(Array.isArray(raw.induce_models) ? { induceModels: raw.induce_models as string[] } : {}),
        inductionFraction: num("induction_fraction", 0.5),
        generator: (raw.generator as string) ?? "carb-conditioned",
        k: (raw.k as number | "auto") ?? "auto",
        h1Delta: num("h1_delta", 0),
      });
      datasets = Object.values(slices);
    } else if (command === "iterate") {
      const dataset = userPath(io.cwd, (raw.dataset as string) ?? "data/static/static_benchmark.jsonl");
      config = iterateConfig({
        dataset,
        rounds: num("rounds", 5),
        update: (raw.update as "substitute") ?? "substitute",
        budget: num("budget", 200),
        seed: num("seed", 0),
        nBoot: num("n_boot", 1000),
        ...(models ? { models } : {}),
        k: (raw.k as number | "auto") ?? "auto",
        generator: (raw.generator as string) ?? "carb-conditioned",
        epsilon: num("epsilon", 0.25),
        tau: num("tau", 0.8),
        window: num("window", 2),
      });
      datasets = [dataset];
    } else throw new FibError("CONFIG_INVALID", `"command" must be "harness" or "iterate", got ${JSON.stringify(command)}`, { file: path, field: "command" });
    const prereg = await createPreregistration(command, config, datasets);
    const out = userPath(io.cwd, str(v, "out") as string);
    writeJsonAtomic(out, prereg);
    io.stdout.write(`pre-registered ${command}: ${prereg.hypotheses.join("; ")}\nsha256 ${prereg.prereg_sha256}\nwrote ${relative(io.cwd, out) || out}\n`);
    return 0;
  },
});
