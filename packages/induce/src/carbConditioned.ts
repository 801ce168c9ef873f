import { apportion, CARB_TYPES, type CarbType, generateCarbItem } from "@fib/carb";
import { transformFeatures } from "@fib/geometry";
import { type ClusterProfile, type Item, textKey } from "@fib/schemas";
import { createRng, deriveSeed, type Rng, shuffleInPlace } from "@fib/stats";
import { defineGenerator, type Generator } from "./generator.js";

export interface CarbConditionedOptions {
  /**
   * how the budget is split across clusters: by cluster size (default), by size × disagreement, or by the
   * test information the cluster's items carry at the models' abilities (a profile's `information`; size ×
   * disagreement where a profile has none), or by the separation V̂ the inducing models show on the
   * cluster's items (a profile's `separation`, shrunk by its item count n as n / (n + 10); clusters at or below 0
   * get almost nothing; size × disagreement where a profile has none)
   */
  allocation?: "size" | "disagreement" | "information" | "separation";
  /** make items one step harder than the profile: depth + 1 and, for distractor items, one more distractor */
  harden?: boolean;
  /** share of label 1 (default 0.5) */
  labelBalance?: number;
  /** id prefix of generated items (default "induced") */
  idPrefix?: string;
  /**
   * draw this many candidate items per slot, each from its own design drawn from the profile, and keep
   * the one nearest its cluster's centroid in the failure geometry (`ctx.geometry`: φ and the centroids);
   * default 1 (no selection). The profile's design fields (type, depth, distractors, operators) cannot
   * ask for what φ sees beyond them — the reasoning's form, e.g. a converse question — and selection can.
   */
  candidates?: number;
}

/** A key drawn with probability proportional to its weight (keys in sorted order: deterministic). */
function sampleKey(h: Readonly<Record<string, number>>, rng: Rng): string | null {
  const entries = Object.entries(h)
    .filter(([, c]) => c > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const total = entries.reduce((s, [, c]) => s + c, 0);
  if (total <= 0) return null;
  let r = rng.float() * total;
  for (const [v, c] of entries) {
    r -= c;
    if (r < 0) return v;
  }
  return (entries.at(-1) as [string, number])[0];
}

function sampleHistogram(h: Readonly<Record<string, number>>, rng: Rng, fallback: number): number {
  const k = sampleKey(h, rng);
  return k === null ? fallback : Number(k);
}

function sampleType(dist: Readonly<Record<string, number>>, rng: Rng): CarbType {
  const known = Object.fromEntries(Object.entries(dist).filter(([t]) => (CARB_TYPES as readonly string[]).includes(t)));
  return (sampleKey(known, rng) ?? CARB_TYPES[rng.int(0, CARB_TYPES.length - 1)]) as CarbType;
}

/** The item count at which a cluster's measured separation counts half (few items: a noisy V̂). */
export const SEPARATION_SHRINK = 10;

/** A cluster's share of the budget before apportioning (no profile: the uniform fallback). */
function allocationWeight(p: ClusterProfile | null, allocation: NonNullable<CarbConditionedOptions["allocation"]>): number {
  if (p === null) return 1;
  const disagreement = p.size * Math.max(0.05, p.disagreement);
  if (allocation === "information") return p.information === undefined ? disagreement : Math.max(1e-9, p.information);
  if (allocation === "separation") {
    if (p.separation === undefined) return disagreement;
    const n = p.separation_items ?? p.size;
    return Math.max(1e-9, (p.separation * n) / (n + SEPARATION_SHRINK));
  }
  return allocation === "disagreement" ? disagreement : p.size;
}

/** One item's CARB design drawn from its cluster's profile (no profile: uniform), optionally one step harder. */
function drawDesign(p: ClusterProfile | null, rng: Rng, harden: boolean): { type: CarbType; depth: number; distractors: number; operators: number } {
  const type = p ? sampleType(p.type_distribution, rng) : (CARB_TYPES[rng.int(0, 3)] as CarbType);
  const depth = p ? sampleHistogram(p.depth_histogram, rng, 2) : rng.int(1, 6);
  const distractors = p ? sampleHistogram(p.distractor_histogram, rng, 1) : rng.int(1, 4);
  const operators = p ? sampleHistogram(p.operator_histogram, rng, 2) : rng.int(1, 4);
  return { type, depth: depth + (harden ? 1 : 0), distractors: distractors + (harden ? 1 : 0), operators };
}

/** What one generate() call shares across its clusters: the stream, the texts and ids to avoid, the items so far. */
interface Draw {
  readonly name: string;
  readonly version: string;
  readonly prefix: string;
  readonly harden: boolean;
  readonly ctx: Parameters<Generator["generate"]>[1];
  readonly rng: Rng;
  readonly avoid: Set<string>;
  readonly ids: Set<string>;
  readonly out: Item[];
}

/** One fresh item of a design drawn from p's profile, with label y, the draw's `index`-th item (not yet added to the draw's avoid set). */
function draftFor(d: Draw, p: ClusterProfile | null, y: 0 | 1, index: number): Item {
  const { ctx, rng } = d;
  const { type, depth, distractors, operators } = drawDesign(p, rng, d.harden);
  // the seed is part of the id: items of different seeds never share one (simulated models key their noise by id)
  let id = `${d.prefix}_s${(ctx.seed >>> 0).toString(36)}_r${ctx.round}_c${p?.cluster_id ?? "u"}_${String(index).padStart(5, "0")}`;
  while (d.ids.has(id)) id = `${id}x`;
  const lineage = {
    generator: d.name,
    generator_version: d.version,
    round: ctx.round,
    seed: ctx.seed,
    source_cluster: p?.cluster_id ?? null,
    source_description: p?.description ?? null,
    harden: d.harden,
  };
  return generateCarbItem({
    id,
    type,
    depth,
    distractors: type === "distractor" ? Math.max(1, distractors) : 0,
    operators,
    y,
    seed: rng.int(0, 0x7fffffff),
    avoid: d.avoid,
    avoidKey: textKey,
    meta: { lineage },
  });
}

/**
 * `n` items of cluster p with labels `labels`: with geometry for p and k > 1, k candidates a slot (each
 * from its own design draw; every candidate kept apart from the others and from what came before), all
 * placed in φ at once, and of each slot's the one nearest p's centroid (ties: the first drawn); the
 * candidates not kept leave no trace but the stream's draws. Else one item a slot.
 */
function selectedItems(d: Draw, p: ClusterProfile | null, labels: readonly (0 | 1)[], k: number): Item[] | null {
  const centroid = p && k > 1 ? d.ctx.geometry?.centroids[p.cluster_id] : undefined;
  const space = d.ctx.geometry?.space;
  if (!centroid || !space) return null;
  const cands: Item[] = [];
  for (const [slot, y] of labels.entries()) {
    for (let c = 0; c < k; c++) {
      const item = draftFor(d, p, y, d.out.length + slot);
      cands.push(item);
      d.avoid.add(textKey(item.x));
    }
  }
  const x = transformFeatures(space, cands);
  const chosen = labels.map((_, slot) => {
    let best = slot * k;
    let bestDist = Number.POSITIVE_INFINITY;
    for (let r = slot * k; r < (slot + 1) * k; r++) {
      let q = 0;
      for (let j = 0; j < x.cols; j++) q += ((x.data[r * x.cols + j] as number) - ((centroid[j] as number | undefined) ?? 0)) ** 2;
      if (q < bestDist) {
        bestDist = q;
        best = r;
      }
    }
    return best;
  });
  const kept = new Set(chosen);
  for (const [r, item] of cands.entries()) if (!kept.has(r)) d.avoid.delete(textKey(item.x));
  return chosen.map((r) => cands[r] as Item);
}

/** `n` fresh items from cluster p's profile, labels balanced exactly at `balance` (each the best of `k` candidates, with geometry). */
function clusterItems(d: Draw, p: ClusterProfile | null, n: number, balance: number, k: number): void {
  const ones = Math.round(n * balance);
  const labels = shuffleInPlace(
    Array.from({ length: n }, (_, i) => (i < ones ? 1 : 0) as 0 | 1),
    d.rng,
  );
  const keep = (item: Item) => {
    d.avoid.add(textKey(item.x));
    d.ids.add(item.id);
    d.out.push(item);
  };
  const selected = selectedItems(d, p, labels, k);
  if (selected) for (const item of selected) keep(item);
  else for (const y of labels) keep(draftFor(d, p, y, d.out.length));
}

/**
 * The default generator: split the budget across clusters (largest remainder, by size or by
 * how much the models disagree there), then for each new item draw a CARB design from its
 * cluster's profile — type from the type mix, depth / distractors / operators from the
 * histograms (optionally one step harder) — and generate a fresh item of that design, with
 * lineage in `meta` (source cluster, round, generator, seed). Labels are balanced exactly
 * within each cluster's share. Never repeats an excluded id or text, nor an excluded text's
 * words in another order; ids carry the seed.
 */
export function carbConditioned(opts: CarbConditionedOptions = {}): Generator {
  const allocation = opts.allocation ?? "size";
  const prefix = opts.idPrefix ?? "induced";
  const balance = opts.labelBalance ?? 0.5;
  // variants have their own names, so a run's config says which one produced its items
  const k = Number.isFinite(opts.candidates) ? Math.max(1, Math.floor(opts.candidates as number)) : 1;
  const name = ["carb-conditioned", ...(allocation === "size" ? [] : [allocation]), ...(opts.harden ? ["hard"] : []), ...(k > 1 ? ["geometry"] : [])].join(".");
  const version = "1.0.0";
  return defineGenerator({
    name,
    version,
    describe: () => ({ name, version, allocation, harden: opts.harden ?? false, label_balance: balance, id_prefix: prefix, ...(k > 1 ? { candidates: k } : {}) }),
    ...(allocation === "information" || allocation === "separation" || k > 1
      ? { uses: [...(allocation === "information" || allocation === "separation" ? [allocation] : []), ...(k > 1 ? (["geometry"] as const) : [])] }
      : {}),
    generate(profiles: readonly ClusterProfile[], ctx): Item[] {
      const usable = profiles.filter((p) => p.size > 0);
      if (ctx.budget === 0) return [];
      // no failure structure at all: fall back to a uniform CARB design
      const targets = usable.length > 0 ? usable : [null];
      const counts = apportion(
        ctx.budget,
        targets.map((p) => allocationWeight(p, allocation)),
      );
      const d: Draw = {
        name,
        version,
        prefix,
        harden: opts.harden ?? false,
        ctx,
        rng: createRng(deriveSeed(ctx.seed, `induce/${name}/round=${ctx.round}`)),
        avoid: new Set([...(ctx.exclude?.texts ?? [])].map(textKey)),
        ids: new Set(ctx.exclude?.ids ?? []),
        out: [],
      };
      for (const [t, p] of targets.entries()) clusterItems(d, p, counts[t] as number, balance, k);
      return d.out;
    },
  });
}
