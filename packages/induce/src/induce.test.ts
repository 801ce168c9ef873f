import { generateCarb } from "@fib/carb";
import { discover } from "@fib/clustering";
import { transformFeatures } from "@fib/geometry";
import { evaluate, extractFailures } from "@fib/failures";
import { createDefaultRegistry } from "@fib/models";
import { Item } from "@fib/schemas";
import { describe, expect, it } from "vitest";
import { carbConditioned, checkGenerated, createDefaultGeneratorRegistry, createGeneratorRegistry } from "./index.js";

const seedItems = generateCarb({ n: 600, seed: 4 });
const preds = await createDefaultRegistry().resolveAll(["sim:literalist", "sim:shallow", "sim:negation-blind"], { cacheDir: null });
const failures = extractFailures(await evaluate(preds, seedItems), seedItems);
const d = discover(failures, { k: 4, seed: 1 });
const exclude = { ids: seedItems.map((i) => i.id), texts: seedItems.map((i) => i.x) };

describe("carb-conditioned generator", () => {
  const g = carbConditioned();
  const items = g.generate(d.profiles, { budget: 200, seed: 9, round: 1, exclude });
  it("meets the budget with valid, new items: no id or text collides with the source", () => {
    expect(items).toHaveLength(200);
    for (const it of items) expect(Item.safeParse(it).success).toBe(true);
    expect(() => checkGenerated(g, items, { budget: 200, seed: 9, round: 1, exclude })).not.toThrow();
    const src = new Set(exclude.texts);
    expect(items.some((i) => src.has(i.x))).toBe(false);
  });
  it("is deterministic in (profiles, seed, round)", () => {
    expect(g.generate(d.profiles, { budget: 200, seed: 9, round: 1, exclude })).toEqual(items);
    expect(g.generate(d.profiles, { budget: 200, seed: 10, round: 1, exclude })).not.toEqual(items);
  });
  it("allocates the budget by cluster size and carries lineage", () => {
    const bySource = new Map<number, number>();
    for (const it of items) {
      const lin = (it.meta as { lineage: { source_cluster: number; round: number; generator: string } }).lineage;
      expect(lin.round).toBe(1);
      expect(lin.generator).toBe("carb-conditioned");
      bySource.set(lin.source_cluster, (bySource.get(lin.source_cluster) ?? 0) + 1);
    }
    const total = d.profiles.reduce((s, p) => s + p.size, 0);
    for (const p of d.profiles) expect(Math.abs((bySource.get(p.cluster_id) ?? 0) - (200 * p.size) / total)).toBeLessThan(1);
  });
  it("draws designs from the profile: a cluster's items follow its type mix", () => {
    for (const p of d.profiles) {
      const mine = items.filter((i) => (i.meta as { lineage: { source_cluster: number } }).lineage.source_cluster === p.cluster_id);
      const [topType, share] = Object.entries(p.type_distribution)[0] as [string, number];
      if (share === 1 && mine.length > 0) expect(mine.every((i) => i.type === topType)).toBe(true);
    }
  });
  it("balances labels and keeps structure_id as ground truth", () => {
    expect(Math.abs(items.filter((i) => i.y === 1).length - 100)).toBeLessThanOrEqual(d.profiles.length);
    expect(items.every((i) => typeof i.structure_id === "string")).toBe(true);
  });
  it("harden makes items deeper; disagreement allocation shifts the budget", () => {
    const hard = carbConditioned({ harden: true }).generate(d.profiles, { budget: 200, seed: 9, round: 1, exclude });
    const mean = (xs: Item[]) => xs.reduce((s, i) => s + i.depth, 0) / xs.length;
    expect(mean(hard)).toBeGreaterThan(mean(items));
    const dis = carbConditioned({ allocation: "disagreement" }).generate(d.profiles, { budget: 200, seed: 9, round: 1, exclude });
    expect(dis).toHaveLength(200);
  });
  it("information allocation splits the budget by each profile's information (size × disagreement where a profile has none), and says it uses it", () => {
    const gen = carbConditioned({ allocation: "information" });
    expect(gen.name).toBe("carb-conditioned.information");
    expect(gen.uses).toEqual(["information"]);
    expect(carbConditioned().uses).toBeUndefined();
    const two = d.profiles.slice(0, 2).map((p, i) => ({ ...p, information: i === 0 ? 30 : 10 }));
    const out = gen.generate(two, { budget: 100, seed: 3, round: 0, exclude });
    const from = (c: number) => out.filter((it) => (it.meta as { lineage: { source_cluster: number } }).lineage.source_cluster === c).length;
    expect(from(two[0]?.cluster_id as number)).toBe(75);
    expect(from(two[1]?.cluster_id as number)).toBe(25);
    // without the measurement it is the disagreement allocation, item for item
    const plain = d.profiles.map(({ information: _, ...p }) => p);
    const a = gen.generate(plain, { budget: 60, seed: 3, round: 0, exclude }).map((it) => (it.meta as { lineage: { source_cluster: number } }).lineage.source_cluster);
    const b = carbConditioned({ allocation: "disagreement" })
      .generate(plain, { budget: 60, seed: 3, round: 0, exclude })
      .map((it) => (it.meta as { lineage: { source_cluster: number } }).lineage.source_cluster);
    expect(a).toEqual(b);
  });
  it("geometry selection keeps, of each slot's candidates, the one nearest its cluster's centroid in φ; without geometry, one candidate a slot", () => {
    const gen = carbConditioned({ candidates: 4 });
    expect(gen.name).toBe("carb-conditioned.geometry");
    expect(gen.uses).toEqual(["geometry"]);
    const space = d.feature_space as NonNullable<typeof d.feature_space>;
    const geometry = { space, centroids: d.centroids };
    const ctx = { budget: 80, seed: 5, round: 0, exclude, geometry };
    const picked = gen.generate(d.profiles, ctx);
    expect(picked).toHaveLength(80);
    expect(() => checkGenerated(gen, picked, ctx)).not.toThrow();
    expect(gen.generate(d.profiles, ctx)).toEqual(picked); // deterministic
    // nearer its source cluster's centroid, on average, than the plain generator's items
    const meanDist = (xs: Item[]) => {
      const x = transformFeatures(space, xs);
      let s = 0;
      xs.forEach((it, i) => {
        const c = d.centroids[(it.meta as { lineage: { source_cluster: number } }).lineage.source_cluster] as number[];
        for (let j = 0; j < x.cols; j++) s += ((x.data[i * x.cols + j] as number) - (c[j] as number)) ** 2;
      });
      return s / xs.length;
    };
    const plain = carbConditioned().generate(d.profiles, { budget: 80, seed: 5, round: 0, exclude });
    expect(meanDist(picked)).toBeLessThan(0.8 * meanDist(plain));
    // no geometry given: one candidate a slot (its own stream, by name), the same allocation as the plain generator
    const noGeo = gen.generate(d.profiles, { budget: 80, seed: 5, round: 0, exclude });
    const sources = (xs: Item[]) => xs.map((it) => (it.meta as { lineage: { source_cluster: number } }).lineage.source_cluster);
    expect(sources(noGeo)).toEqual(sources(plain));
    expect(meanDist(noGeo)).toBeGreaterThan(meanDist(picked));
  });
  it("separation allocation splits the budget by each profile's measured V̂, shrunk by its item count (size × disagreement where a profile has none)", () => {
    const gen = carbConditioned({ allocation: "separation" });
    expect(gen.name).toBe("carb-conditioned.separation");
    expect(gen.uses).toEqual(["separation"]);
    expect(carbConditioned({ allocation: "separation", candidates: 4 }).uses).toEqual(["separation", "geometry"]);
    // 0.04 on 40 items → 0.032; 0.02 on 10 items → 0.01; a negative V̂ → almost nothing
    const three = d.profiles.slice(0, 3).map((p, i) => ({ ...p, separation: [0.04, 0.02, -0.01][i] as number, separation_items: [40, 10, 25][i] as number }));
    const out = gen.generate(three, { budget: 84, seed: 3, round: 0, exclude });
    const from = (c: number) => out.filter((it) => (it.meta as { lineage: { source_cluster: number } }).lineage.source_cluster === c).length;
    expect(from(three[0]?.cluster_id as number)).toBe(64);
    expect(from(three[1]?.cluster_id as number)).toBe(20);
    expect(from(three[2]?.cluster_id as number)).toBe(0);
    const plain = d.profiles.map(({ separation: _, separation_items: __, ...p }) => p);
    const src = (g: ReturnType<typeof carbConditioned>) =>
      g.generate(plain, { budget: 60, seed: 3, round: 0, exclude }).map((it) => (it.meta as { lineage: { source_cluster: number } }).lineage.source_cluster);
    expect(src(gen)).toEqual(src(carbConditioned({ allocation: "disagreement" })));
  });
  it("with no profiles it falls back to uniform CARB designs", () => {
    expect(g.generate([], { budget: 20, seed: 1, round: 0 })).toHaveLength(20);
  });
});

describe("generator registry", () => {
  it("has the default generator; duplicates and unknown names are errors", () => {
    const reg = createDefaultGeneratorRegistry();
    expect(reg.names()).toEqual([
      "carb-conditioned",
      "carb-conditioned.disagreement",
      "carb-conditioned.hard",
      "carb-conditioned.disagreement.hard",
      "carb-conditioned.information",
      "carb-conditioned.information.hard",
      "carb-conditioned.geometry",
      "carb-conditioned.information.geometry",
      "carb-conditioned.separation",
      "carb-conditioned.separation.geometry",
    ]);
    expect(() => reg.register(carbConditioned())).toThrow(/already registered/);
    expect(() => reg.get("nope")).toThrow(/unknown generator "nope"/);
    expect(() => createGeneratorRegistry([{ name: "bad name!", version: "1", generate: () => [] }])).toThrow(/generator name/);
  });
});
