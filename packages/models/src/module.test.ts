import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateCarb } from "@fib/carb";
import { afterAll, describe, expect, it } from "vitest";
import { createDefaultRegistry, loadPredictor } from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "fib-pred-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const items = generateCarb({ n: 6, seed: 2 });

describe("module: predictors (the user's own adapter, loaded by specifier)", () => {
  it("a factory receives the spec's parameters; the id can be set from the spec", async () => {
    const f = join(dir, "always.mjs");
    writeFileSync(
      f,
      `export default function (params) {
        const answer = params.answer ?? 1;
        return { id: "always-" + answer, describe: () => ({ id: "always-" + answer, kind: "module", answer }), async predict(items) { return items.map((it) => ({ item_id: it.id, answer, latency_ms: 0 })); } };
      }`,
    );
    const p = await createDefaultRegistry().resolve(`module:${f}?answer=0`, { cacheDir: null });
    expect(p.id).toBe("always-0");
    expect((await p.predict(items)).map((o) => o.answer)).toEqual(items.map(() => 0));
    const renamed = await createDefaultRegistry().resolve(`module:${f}?answer=1&id=yes-man`, { cacheDir: null });
    expect([renamed.id, renamed.describe().id]).toEqual(["yes-man", "yes-man"]);
  });
  it("an exported predictor object works; parameters it cannot take are refused", async () => {
    const f = join(dir, "obj.mjs");
    writeFileSync(
      f,
      `export const predictor = { id: "obj", describe: () => ({ id: "obj", kind: "module" }), async predict(items) { return items.map((it) => ({ item_id: it.id, answer: it.y, latency_ms: 0 })); } };`,
    );
    const p = await loadPredictor(f);
    expect((await p.predict(items)).map((o) => o.answer)).toEqual(items.map((i) => i.y));
    await expect(loadPredictor(f, { temperature: 0 })).rejects.toThrow(/exports a predictor object, which takes no parameters \(got temperature\)/);
  });
  it("a broken module is named: no export, a bad shape, a factory that throws, TypeScript", async () => {
    const none = join(dir, "none.mjs");
    writeFileSync(none, "export const x = 1;");
    await expect(loadPredictor(none)).rejects.toMatchObject({ code: "UNKNOWN_PLUGIN", file: none });
    const shape = join(dir, "shape.mjs");
    writeFileSync(shape, 'export default { id: "has space", predict() {}, describe() {} };');
    await expect(loadPredictor(shape)).rejects.toMatchObject({ code: "PLUGIN_INVALID", file: shape });
    const boom = join(dir, "boom.mjs");
    writeFileSync(boom, 'export default () => { throw new Error("no GPU"); };');
    await expect(loadPredictor(boom)).rejects.toThrow(/the predictor factory threw: no GPU/);
    const ts = join(dir, "model.ts");
    writeFileSync(ts, "export default {}");
    const { importPlugin } = await import("@fib/schemas");
    await expect(importPlugin(ts, { kind: "predictor", typescript: false })).rejects.toThrow(/not TypeScript: build the predictor first/);
  });
});
