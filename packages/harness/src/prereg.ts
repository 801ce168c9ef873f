import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { FibError, fileError, sha256File } from "@fib/schemas";

/** Deterministic JSON: object keys sorted at every depth. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

export const sha256Of = (s: string) => createHash("sha256").update(s).digest("hex");

export interface Preregistration {
  prereg_version: 1;
  created_utc: string;
  command: "harness" | "iterate";
  hypotheses: string[];
  metrics: string[];
  thresholds: Record<string, number>;
  seeds: number[];
  models: unknown[];
  budget: number;
  /** the run configuration, canonical: what harness / iterate compare themselves with */
  config: Record<string, unknown>;
  /** sha256 of every dataset the config names, at registration time */
  dataset_hashes: Record<string, string>;
  /** sha256 of the canonical JSON of everything above except created_utc and this field */
  prereg_sha256: string;
}

const HYPOTHESES = {
  harness: ["H1: an induced benchmark separates capability levels more than a static one of equal budget (model_separation_S)"],
  iterate: ["H3: iterated failure feedback converges (centroid drift < epsilon and ARI > tau for `window` rounds)"],
};
const METRICS = {
  harness: ["model_separation_S per seed and slice with percentile bootstrap CI", "ΔS = S(induced) − S(static), paired bootstrap over seeds and items"],
  iterate: ["per round: model_separation_S, macro purity vs structure_id, Hungarian-matched centroid drift, ARI on overlapping failure ids, failure count"],
};

/** Build a hash-locked pre-registration from a run's canonical configuration. */
export async function createPreregistration(
  command: "harness" | "iterate",
  config: Record<string, unknown>,
  datasets: readonly string[],
  now = new Date(),
): Promise<Preregistration> {
  const dataset_hashes: Record<string, string> = {};
  for (const p of datasets) dataset_hashes[p] = await sha256File(p);
  const body = {
    prereg_version: 1 as const,
    command,
    hypotheses: HYPOTHESES[command],
    metrics: METRICS[command],
    thresholds: (config.thresholds as Record<string, number>) ?? {},
    seeds: (config.seeds as number[]) ?? [],
    models: (config.models as unknown[]) ?? [],
    budget: config.budget as number,
    config,
    dataset_hashes,
  };
  return { ...body, created_utc: now.toISOString().replace(/\.\d{3}Z$/, "Z"), prereg_sha256: sha256Of(canonicalJson(body)) };
}

export function readPreregistration(path: string): Preregistration {
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
  const { created_utc: _c, prereg_sha256, ...body } = p;
  if (!prereg_sha256 || sha256Of(canonicalJson(body)) !== prereg_sha256) {
    throw new FibError("PREREG_MISMATCH", "the pre-registration was edited after it was written (its hash does not match its content)", { file: path, field: "prereg_sha256" });
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

/**
 * Refuse to run when the configuration or the data differ from the pre-registration:
 * a PREREG_MISMATCH error naming every field that changed.
 */
export async function checkPreregistration(path: string, command: "harness" | "iterate", config: Record<string, unknown>, datasets: readonly string[]): Promise<Preregistration> {
  const p = readPreregistration(path);
  const changes: string[] = [];
  if (p.command !== command) changes.push(`command (registered ${p.command}, now ${command})`);
  diffPaths(p.config, config, "", changes);
  for (const d of datasets) {
    const h = await sha256File(d);
    if (p.dataset_hashes[d] !== undefined && p.dataset_hashes[d] !== h) changes.push(`dataset ${d} (its sha256 changed)`);
  }
  if (changes.length > 0) {
    throw new FibError("PREREG_MISMATCH", `the run differs from its pre-registration in: ${changes.join("; ")}`, { file: path });
  }
  return p;
}
