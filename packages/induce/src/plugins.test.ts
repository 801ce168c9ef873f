import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Item } from "@fib/schemas";
import { afterAll, describe, expect, it } from "vitest";
import { carbConditioned, checkGenerated, checkGeneratorContract, createDefaultGeneratorRegistry, defineGenerator, loadGenerator, runGenerator, sampleProfile } from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "fib-gen-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const item = (i: number, over: Partial<Item> = {}): Item => ({
  id: `g${i}`,
  x: `Is item ${"abcdefghij"[i % 10]} number ${i}?`,
  y: 1,
  type: "compositional",
  depth: 1,
  distractor_count: 0,
  operator_count: 1,
  ...over,
});
const ctx = { budget: 2, seed: 0, round: 1 };

describe("the generator contract", () => {
  const g = defineGenerator({ name: "t", version: "1", generate: () => [] });
  it("every item must be a valid Item: the error names the generator, the item, its cluster and the field", () => {
    const bad = [item(0), { ...item(1, { meta: { lineage: { source_cluster: 3 } } }), y: 2 } as unknown as Item];
    expect(() => checkGenerated(g, bad, ctx)).toThrow(expect.objectContaining({ code: "PLUGIN_INVALID", field: "y" }));
    expect(() => checkGenerated(g, bad, ctx)).toThrow(/generator t: item 1 \(g1\) from cluster 3 is not a valid item: y:/);
    const { type: _omit, ...noType } = item(1);
    expect(() => checkGenerated(g, [item(0), noType as Item], ctx)).toThrow(/item 1 \(g1\) is not a valid item: type:/);
  });
  it("a wrong count, a non-array, a repeated id or text are PLUGIN_INVALID (exit 2), not internal errors", () => {
    expect(() => checkGenerated(g, [item(0)], ctx)).toThrow(
      expect.objectContaining({ code: "PLUGIN_INVALID", message: expect.stringMatching(/generator t: returned 1 items for a budget of 2 \(round 1\)$/) }),
    );
    expect(() => checkGenerated(g, null as unknown as Item[], ctx)).toThrow(/must return an array of items, got null/);
    expect(() => checkGenerated(g, [item(0), item(0)], ctx)).toThrow(/item 1 \(g0\) has an id that already exists/);
    expect(() => checkGenerated(g, [item(0), item(1)], { ...ctx, exclude: { texts: ["number 1 item b Is?"] } })).toThrow(/item 1 \(g1\) repeats an existing text/);
  });
  it("a generator that throws is named; its own FibErrors keep their code", () => {
    const boom = defineGenerator({
      name: "boom",
      version: "1",
      generate: () => {
        throw new TypeError("cannot read x of undefined");
      },
    });
    expect(() => runGenerator(boom, [], ctx)).toThrow(expect.objectContaining({ code: "PLUGIN_INVALID", message: expect.stringMatching(/generator boom threw: cannot read x of undefined$/) }));
  });
  it("checkGeneratorContract passes every built-in generator", () => {
    for (const name of createDefaultGeneratorRegistry().names()) {
      const r = checkGeneratorContract(createDefaultGeneratorRegistry().get(name));
      expect(r.cases.map((c) => c.name)).toContain("no clusters (every model answered everything)");
    }
  });
  it("checkGeneratorContract catches what fib would refuse: [] for empty profiles, nondeterminism, ignored exclusions", () => {
    const base = carbConditioned();
    const emptyOnEmpty = defineGenerator({ name: "e", version: "1", generate: (p, c) => (p.length === 0 ? [] : base.generate(p, c)) });
    expect(() => checkGeneratorContract(emptyOnEmpty)).toThrow(/generator e: returned 0 items for a budget of 24/);
    let calls = 0;
    const drifting = defineGenerator({ name: "d", version: "1", generate: (p, c) => base.generate(p, { ...c, seed: c.seed + calls++ }) });
    expect(() => checkGeneratorContract(drifting)).toThrow(/generator d: not deterministic/);
    const forgetful = defineGenerator({ name: "f", version: "1", generate: (p, c) => base.generate(p, { ...c, exclude: {} }) });
    expect(() => checkGeneratorContract(forgetful)).toThrow(/generator f: item 0 \(.*\) .*(has an id that already exists|repeats an existing text)/);
    expect(sampleProfile({ cluster_id: 4 }).cluster_id).toBe(4);
  });
});

describe("loadGenerator", () => {
  it("loads a module's default export by path; built-in names come from the registry", async () => {
    const file = join(dir, "gen.mjs");
    // a minimal generator that honours ctx.exclude (skips ids already taken)
    writeFileSync(
      file,
      `export default { name: "mine", version: "0.1.0", generate(profiles, ctx) {
        const taken = new Set(ctx.exclude?.ids ?? []);
        const out = [];
        for (let i = 0; out.length < ctx.budget; i++) {
          const id = "m" + ctx.round + "_" + ctx.seed + "_" + i;
          if (!taken.has(id)) out.push({ id, x: "Is " + id + " mine?", y: i % 2, type: "compositional", depth: 1, distractor_count: 0, operator_count: 1 });
        }
        return out;
      } };`,
    );
    const g = await loadGenerator(file);
    expect(g.name).toBe("mine");
    expect(checkGeneratorContract(g).cases).toHaveLength(5);
    expect((await loadGenerator("carb-conditioned")).name).toBe("carb-conditioned");
  });
  it("refuses TypeScript with how to build it, a module without a generator, and a bad shape — each naming the file", async () => {
    const ts = join(dir, "gen.ts");
    writeFileSync(ts, "export default {}");
    // as the installed CLI runs it: no TypeScript loader
    await expect(loadGenerator(ts, { typescript: false })).rejects.toThrow(/gen\.ts.*fib loads built JavaScript \(\.js, \.mjs, \.cjs\), not TypeScript: build the generator first/);
    const none = join(dir, "none.mjs");
    writeFileSync(none, "export const x = 1;");
    await expect(loadGenerator(none)).rejects.toThrow(/none\.mjs.*exports no Generator/);
    const shape = join(dir, "shape.mjs");
    writeFileSync(shape, 'export default { name: "no spaces allowed", version: "1", generate() { return []; } };');
    await expect(loadGenerator(shape)).rejects.toMatchObject({ code: "PLUGIN_INVALID", file: shape });
    await expect(loadGenerator("./missing.mjs", { cwd: dir })).rejects.toMatchObject({ code: "UNKNOWN_PLUGIN" });
    await expect(loadGenerator("not-installed-generator-pkg", { cwd: dir })).rejects.toThrow(/unknown generator "not-installed-generator-pkg"/);
  });
});
