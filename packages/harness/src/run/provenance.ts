import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { arch, platform, release } from "node:os";
import { type Provenance, sha256File } from "@fib/schemas";
import { redactSecrets } from "./redact.js";

export function git(args: string[], cwd: string): string | null {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
}

/**
 * Files that differ between a commit and HEAD that can change what a run computes (null when git
 * cannot tell, e.g. an unknown commit). Everything counts — code, package.json, the lockfile, YAML,
 * data — except prose (`*.md`), run outputs (`data/reports/`), changesets and the files in `except`
 * (the registration itself): committing a pre-registration or a report does not change the analysis.
 */
export function codeChangedSince(sha: string, cwd = process.cwd(), except: readonly string[] = []): string[] | null {
  return changedFiles(["diff", "--name-only", sha, "HEAD"], cwd, except);
}

/** Files that cannot change a run's numbers: prose, run outputs, changesets. */
export const isInert = (f: string): boolean => /\.md$/i.test(f) || f.startsWith("data/reports/") || f.startsWith(".changeset/");

/** Tracked files with uncommitted changes that can change a run (see codeChangedSince); null outside git. */
export function uncommittedChanges(cwd = process.cwd(), except: readonly string[] = []): string[] | null {
  return changedFiles(["diff", "--name-only", "HEAD"], cwd, except);
}

/** The files a `git diff --name-only` lists that can change a run (null outside git). */
function changedFiles(args: string[], cwd: string, except: readonly string[]): string[] | null {
  const out = git(args, cwd);
  if (out === null) return null;
  return out
    .split("\n")
    .filter(Boolean)
    .filter((f) => !isInert(f) && !except.includes(f));
}

/** @fib/harness's version: the nearest package.json above this module (src/run/ in a checkout, dist/ when built). */
export function fibVersion(): string {
  const req = createRequire(import.meta.url);
  for (const rel of ["../package.json", "../../package.json"]) {
    try {
      const p = req(rel) as { name?: string; version: string };
      if (p.name === "@fib/harness") return p.version;
    } catch {
      // not there: one level up
    }
  }
  throw new Error("@fib/harness: its package.json was not found");
}

/** The code that runs: fib's version and, in a git checkout, the commit and whether tracked files differ from it. */
export function codeVersion(cwd = process.cwd()): { fib_version: string; git_sha: string | null; git_dirty: boolean | null } {
  const sha = git(["rev-parse", "HEAD"], cwd);
  const status = sha === null ? null : git(["status", "--porcelain", "--untracked-files=no"], cwd);
  return { fib_version: fibVersion(), git_sha: sha, git_dirty: status === null ? null : status.length > 0 };
}

export interface ProvenanceInput {
  runId: string;
  startedAt: string;
  seeds: Record<string, number>;
  models: Record<string, unknown>[];
  /** dataset paths (as the user gave them) → hashed here */
  datasets: Record<string, string>;
  config: Record<string, unknown>;
  argv?: string[];
  cwd?: string;
  /** secret values to scrub (see secretValuesFromEnv) */
  secrets?: readonly string[];
}

/**
 * Everything a report needs to be replayed: code (version, git sha and dirtiness), runtime,
 * seeds, models with their descriptions, sha256 of every dataset, and the config — with
 * every secret-named field and every known secret value redacted.
 */
export async function captureProvenance(input: ProvenanceInput): Promise<Provenance> {
  const cwd = input.cwd ?? process.cwd();
  const code = codeVersion(cwd);
  const dataset_hashes: Record<string, string> = {};
  for (const [name, path] of Object.entries(input.datasets)) dataset_hashes[name] = await sha256File(path);
  const prov: Provenance = {
    package_version: fibVersion(),
    node_version: process.version,
    platform: `${platform()}-${arch()} ${release()}`,
    git_sha: code.git_sha,
    git_dirty: code.git_dirty,
    timestamp_utc: input.startedAt,
    run_id: input.runId,
    ...(input.argv ? { argv: input.argv } : {}),
    seeds: input.seeds,
    models: input.models,
    dataset_hashes,
    config: input.config,
  };
  return redactSecrets(prov, input.secrets ?? []);
}
