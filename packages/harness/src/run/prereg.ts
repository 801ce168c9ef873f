import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { canonicalJson, FibError, fileError, sha256File } from "@fib/schemas";
import { HarnessConfig, IterateConfig, parseConfig } from "../experiments/experimentConfig.js";
import { codeChangedSince, codeVersion, git, uncommittedChanges } from "./provenance.js";
import { runDirStarted } from "./runDir.js";

/** Canonical JSON lives in @fib/schemas (the response cache hashes with it too). */
export { canonicalJson };

export const sha256Of = (s: string) => createHash("sha256").update(s).digest("hex");

export const PREREG_VERSION = 2;

export interface Preregistration {
  prereg_version: 2;
  created_utc: string;
  command: "harness" | "iterate";
  hypotheses: string[];
  metrics: string[];
  thresholds: Record<string, number | string>;
  seeds: number[];
  models: unknown[];
  budget: number;
  /** the run configuration, canonical: what harness / iterate compare themselves with */
  config: Record<string, unknown>;
  /** sha256 of every dataset the config names, at registration time */
  dataset_hashes: Record<string, string>;
  /** the code that will analyse the data: a run with another version or commit is refused */
  code: { fib_version: string; git_sha: string | null; git_dirty: boolean | null };
  /** runs with this configuration that already existed in the reports directory when it was written */
  prior_runs: string[];
  /** sha256 of the canonical JSON of everything above (created_utc included) */
  prereg_sha256: string;
}

const HYPOTHESES = {
  harness: ["H1: an induced benchmark separates capability levels more than a static one of equal budget (debiased between-model variance of accuracy)"],
  iterate: ["H3: iterated failure feedback converges (centroid drift and ARI on overlapping failures inside the noise band measured in the run, for `window` rounds)"],
};
const METRICS = {
  harness: ["model_separation_S and its debiased variance V̂ per seed and slice", "ΔV = V̂(induced) − V̂(static), bootstrap over seeds (and items below 10 seeds)"],
  iterate: [
    "per round: model_separation_S at equal budget, macro purity vs structure_id, Hungarian-matched centroid drift, ARI on overlapping failure ids, failure count; the drift/ARI noise band of round 0",
  ],
};

/** Validate a canonical experiment config with the schema its command runs with (exit 2 naming the field). */
export function validateExperimentConfig(command: "harness" | "iterate", config: Record<string, unknown>, file?: string): void {
  parseConfig(command === "harness" ? HarnessConfig : IterateConfig, config, { ...(file ? { file } : {}) });
}

/** Run dirs under `reportsDir` whose harness or iterate report has exactly this configuration. */
export function runsWithConfig(reportsDir: string, config: Record<string, unknown>): string[] {
  if (!existsSync(reportsDir)) return [];
  const want = canonicalJson(config);
  const out: string[] = [];
  const visit = (dir: string, depth: number) => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of entries.sort()) {
      if (!name.startsWith("run_")) continue;
      const d = join(dir, name);
      for (const f of ["harness_report.json", "iterate_report.json"]) {
        try {
          const r = JSON.parse(readFileSync(join(d, f), "utf8")) as { config?: unknown };
          if (canonicalJson(r.config) === want) out.push(name);
        } catch {
          // no such report, or not JSON: not a matching run
        }
      }
      if (depth < 1) visit(d, depth + 1); // a demo directory holds runs one level down
    }
  };
  visit(reportsDir, 0);
  return out;
}

/**
 * Build a hash-locked pre-registration from a run's canonical configuration: the config is
 * validated first (an invalid one is never locked), the datasets are hashed, the code version
 * is recorded, and runs with the same configuration already in `reportsDir` are listed.
 */
export async function createPreregistration(
  command: "harness" | "iterate",
  config: Record<string, unknown>,
  datasets: readonly string[],
  opts: { now?: Date; reportsDir?: string; file?: string; cwd?: string } = {},
): Promise<Preregistration> {
  validateExperimentConfig(command, config, opts.file);
  const dataset_hashes: Record<string, string> = {};
  for (const p of datasets) dataset_hashes[p] = await sha256File(p);
  const body = {
    prereg_version: 2 as const,
    created_utc: (opts.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, "Z"),
    command,
    hypotheses: HYPOTHESES[command],
    metrics: METRICS[command],
    thresholds: (config.thresholds as Record<string, number>) ?? {},
    seeds: (config.seeds as number[]) ?? [],
    models: (config.models as unknown[]) ?? [],
    budget: config.budget as number,
    config,
    dataset_hashes,
    code: codeVersion(opts.cwd),
    prior_runs: opts.reportsDir ? runsWithConfig(opts.reportsDir, config) : [],
  };
  return { ...body, prereg_sha256: sha256Of(canonicalJson(body)) };
}

export function readPreregistration(path: string, now = new Date()): Preregistration {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw fileError(e, path);
  }
  let p: Preregistration;
  try {
    p = JSON.parse(text) as Preregistration;
  } catch (e) {
    throw new FibError("INPUT_INVALID", `not valid JSON (${(e as Error).message})`, { file: path });
  }
  if (!p || typeof p !== "object" || p.prereg_version !== PREREG_VERSION) {
    throw new FibError(
      "PREREG_MISMATCH",
      `not a version-${PREREG_VERSION} pre-registration (prereg_version ${JSON.stringify((p as { prereg_version?: unknown })?.prereg_version)}): register again with this fib`,
      { file: path, field: "prereg_version" },
    );
  }
  const { prereg_sha256, ...body } = p;
  if (!prereg_sha256 || sha256Of(canonicalJson(body)) !== prereg_sha256) {
    throw new FibError("PREREG_MISMATCH", "the pre-registration was edited after it was written (its hash does not match its content, created_utc included)", { file: path, field: "prereg_sha256" });
  }
  const created = Date.parse(p.created_utc);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(String(p.created_utc)) || !Number.isFinite(created)) {
    throw new FibError("PREREG_MISMATCH", `created_utc is not an ISO-8601 UTC time: ${JSON.stringify(p.created_utc)}`, { file: path, field: "created_utc" });
  }
  if (created > now.getTime() + 5 * 60_000) {
    throw new FibError("PREREG_MISMATCH", `created_utc ${p.created_utc} lies in the future`, { file: path, field: "created_utc" });
  }
  return p;
}

function diffPaths(a: unknown, b: unknown, path: string, out: string[]): void {
  if (canonicalJson(a) === canonicalJson(b)) return;
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) diffPaths((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k, out);
    return;
  }
  out.push(`${path} (registered ${JSON.stringify(a)}, now ${JSON.stringify(b)})`);
}

/** Where a registration is anchored: the commit that added its file (a local file alone cannot prove its date). */
export interface PreregAnchor {
  commit: string;
  committed_utc: string;
}

/** A registration as a run checked it: its anchor, and what the run must say about it. */
export type CheckedPreregistration = Preregistration & { anchor: PreregAnchor | null; run_warnings: string[] };

/**
 * The commit that anchors a registration file: it must be committed, unchanged since the commit
 * that added it (no later commit, no uncommitted edit). Null when the file is in no git
 * repository; PREREG_MISMATCH when it is in one but not committed, or was changed after.
 */
export function preregAnchor(path: string): PreregAnchor | null {
  const abs = resolve(path);
  const dir = dirname(abs);
  const top = git(["rev-parse", "--show-toplevel"], dir);
  if (top === null) return null;
  const rel = relative(top, abs);
  const history = git(["log", "--format=%H %cI", "--", rel], top);
  if (!history) throw new FibError("PREREG_MISMATCH", "the registration is not committed: commit it before the run (its commit anchors its date; a file alone can be rewritten)", { file: path });
  const commits = history.split("\n").filter(Boolean);
  if (commits.length > 1) throw new FibError("PREREG_MISMATCH", `the registration was changed after it was committed (${commits.length} commits touch it): register again`, { file: path });
  if (git(["diff", "--name-only", "HEAD", "--", rel], top)) throw new FibError("PREREG_MISMATCH", "the registration differs from its committed version", { file: path });
  const [commit, when] = (commits[0] as string).split(" ") as [string, string];
  return { commit, committed_utc: new Date(when).toISOString().replace(/\.\d{3}Z$/, "Z") };
}

/**
 * Refuse to run when the configuration, the data or the code differ from the
 * pre-registration: a PREREG_MISMATCH error naming every field that changed. The registration is
 * anchored to the commit that added its file: that commit must descend from the registered code,
 * the code may not have changed since (anything but prose and run outputs counts), runs with this
 * configuration that predate the anchor must be the ones it lists, and uncommitted changes are
 * warned in the run's report. An unanchored file (in no git repository) runs with a warning.
 */
export async function checkPreregistration(
  path: string,
  command: "harness" | "iterate",
  config: Record<string, unknown>,
  datasets: readonly string[],
  opts: { cwd?: string; reportsDir?: string } = {},
): Promise<CheckedPreregistration> {
  const p = readPreregistration(path);
  const changes: string[] = [];
  const warnings: string[] = [];
  if (p.command !== command) changes.push(`command (registered ${p.command}, now ${command})`);
  diffPaths(p.config, config, "", changes);
  for (const d of datasets) {
    const h = await sha256File(d);
    if (p.dataset_hashes[d] !== undefined && p.dataset_hashes[d] !== h) changes.push(`dataset ${d} (its sha256 changed)`);
  }
  const cwd = opts.cwd ?? process.cwd();
  const code = codeVersion(cwd);
  const top = git(["rev-parse", "--show-toplevel"], cwd);
  const self = top ? [relative(top, resolve(path))] : [];
  if (p.code.fib_version !== code.fib_version) changes.push(`fib version (registered ${p.code.fib_version}, now ${code.fib_version})`);
  if (p.code.git_sha !== null && code.git_sha !== null && p.code.git_sha !== code.git_sha) {
    // a later commit is fine when it changed nothing a run computes with (committing the registration itself, say)
    const changed = codeChangedSince(p.code.git_sha, cwd, self);
    if (changed === null) changes.push(`git commit (registered ${p.code.git_sha.slice(0, 12)}, which this repository does not have; now ${code.git_sha.slice(0, 12)})`);
    else if (changed.length > 0)
      changes.push(`code since the registered commit ${p.code.git_sha.slice(0, 12)}: ${changed.slice(0, 5).join(", ")}${changed.length > 5 ? `, … (${changed.length} files)` : ""}`);
  }
  const anchor = changes.length > 0 ? null : preregAnchor(path);
  if (anchor && p.code.git_sha !== null && git(["merge-base", "--is-ancestor", p.code.git_sha, anchor.commit], dirname(resolve(path))) === null)
    changes.push(`anchor (the registration was committed in ${anchor.commit.slice(0, 12)}, which does not descend from the registered code ${p.code.git_sha.slice(0, 12)})`);
  if (changes.length > 0) {
    throw new FibError("PREREG_MISMATCH", `the run differs from its pre-registration in: ${changes.join("; ")}`, { file: path });
  }
  if (!anchor) warnings.push("the registration is not committed in a git repository, so nothing proves when it was made (commit it to anchor it)");
  else {
    const created = Date.parse(p.created_utc);
    const committed = Date.parse(anchor.committed_utc);
    if (committed - created > 86_400_000) warnings.push(`created_utc says ${p.created_utc} but the registration was committed ${anchor.committed_utc}: its date is the commit's`);
    if (opts.reportsDir) {
      const listed = new Set(p.prior_runs);
      const earlier = runsWithConfig(opts.reportsDir, config).filter((r) => !listed.has(r) && (runDirStarted(r) ?? Number.POSITIVE_INFINITY) < committed);
      if (earlier.length > 0)
        warnings.push(
          `${earlier.length} run(s) with this configuration predate the registration's commit but are not among its prior runs (${earlier.slice(0, 3).join(", ")}${earlier.length > 3 ? ", …" : ""}): the data may have been seen first`,
        );
    }
  }
  const dirty = uncommittedChanges(cwd, self);
  if (dirty && dirty.length > 0)
    warnings.push(`run with uncommitted changes to ${dirty.slice(0, 5).join(", ")}${dirty.length > 5 ? `, … (${dirty.length} files)` : ""}: the registered commit does not pin the code that ran`);
  return { ...p, anchor, run_warnings: warnings };
}

/** What every report of a pre-registered run must say about how the registration was made (null when nothing). */
export function preregWarning(p: Preregistration & { run_warnings?: readonly string[] }): string | null {
  const w: string[] = [...(p.run_warnings ?? [])];
  if (p.prior_runs.length > 0)
    w.push(
      `registered after ${p.prior_runs.length} run(s) with the same configuration already existed (${p.prior_runs.slice(0, 3).join(", ")}${p.prior_runs.length > 3 ? ", …" : ""}): the registration does not show the analysis was fixed before the data were seen`,
    );
  if (p.code.git_dirty) w.push("registered from a git tree with uncommitted changes: the commit does not pin the code");
  return w.length ? `Pre-registration caveat: ${w.join("; ")}.` : null;
}

/** The pre-registration fields every report carries: whether the run was pre-registered, the file's hash, and any warning. */
export function preregFields(prereg: Parameters<typeof preregWarning>[0] | null): { pre_registered: boolean; prereg_sha256: string | null; prereg_warning: string | null } {
  return { pre_registered: prereg !== null, prereg_sha256: prereg?.prereg_sha256 ?? null, prereg_warning: prereg ? preregWarning(prereg) : null };
}
