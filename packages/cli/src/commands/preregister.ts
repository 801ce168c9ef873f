import { readFileSync } from "node:fs";
import { relative } from "node:path";
import {
  createPreregistration,
  EXPERIMENT_DEFAULTS as D,
  harnessConfigFrom,
  harnessOptionsFromSpec,
  iterateConfigFrom,
  iterateOptionsFromSpec,
  parseConfig,
  PreregFile,
  preregWarning,
} from "@fib/harness";
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
    "reports-dir": {
      type: "string",
      value: "DIR",
      description: "where earlier runs are looked for: a run with the same configuration is recorded in the registration and named in every later report",
      default: D.reports_dir,
    },
  },
  details:
    'Then: fib harness … --prereg prereg.json (refuses to run if anything differs).\nConfig example:\n  {"command": "harness", "slices": {"carb": "data/static/carb_benchmark.jsonl"}, "budget": 200, "n_seeds": 10,\n   "n_boot": 1000, "models": ["sim:novice", "sim:intermediate", "sim:expert"], "induce": true, "h1_delta": 0}',
  async run(v, _pos, io) {
    const file = str(v, "config");
    if (!file) throw new FibError("USAGE", "--config FILE is required (see 'fib preregister --help')");
    const path = userPath(io.cwd, file);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, "utf8"));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code) throw fileError(e, path);
      throw new FibError("CONFIG_INVALID", `not valid JSON (${(e as Error).message})`, { file: path });
    }
    // the spec, every absent setting filled from the same defaults the CLI's flags and the run use
    const spec = parseConfig(PreregFile, json, { file: path });
    const at = (p: string) => userPath(io.cwd, p);
    const config = spec.command === "harness" ? harnessConfigFrom(harnessOptionsFromSpec(spec, at)) : iterateConfigFrom(iterateOptionsFromSpec(spec, at));
    const datasets = config.command === "harness" ? Object.values(config.slices) : [config.dataset];
    const prereg = await createPreregistration(spec.command, config, datasets, { file: path, reportsDir: userPath(io.cwd, str(v, "reports-dir")), cwd: io.cwd });
    const out = userPath(io.cwd, str(v, "out"));
    writeJsonAtomic(out, prereg);
    const warning = preregWarning(prereg);
    if (warning) io.stderr.write(`fib preregister: ${warning}\n`);
    io.stdout.write(`pre-registered ${spec.command}: ${prereg.hypotheses.join("; ")}\nsha256 ${prereg.prereg_sha256}\nwrote ${relative(io.cwd, out) || out}\n`);
    return 0;
  },
});
