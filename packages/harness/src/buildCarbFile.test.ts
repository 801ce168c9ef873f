import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readItems } from "@fib/schemas";
import { describe, expect, it } from "vitest";
import { buildCarbFile } from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "fib-harness-"));

describe("buildCarbFile", () => {
  it("writes the items, reports their sha256 and summary, and progress reaches the total", async () => {
    const seen: number[] = [];
    const out = join(dir, "a.jsonl");
    const r = await buildCarbFile({ n: 300, seed: 5 }, out, { onProgress: (e) => seen.push(e.done) });
    expect((await readItems(out)).length).toBe(300);
    expect(r.summary.n).toBe(300);
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(seen.at(-1)).toBe(300);
  });
  it("a generation that fails part-way leaves no file and no temp file", async () => {
    const sub = join(dir, "fail");
    const out = join(sub, "x.jsonl");
    await expect(buildCarbFile({ n: 5000, seed: 1, typeMix: { counterfactual: 1 }, depth: [1, 1] }, out)).rejects.toThrow(/could not draw/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(sub)).toEqual([]);
  });
  it("invalid options fail before anything is written", async () => {
    const out = join(dir, "never", "x.jsonl");
    await expect(buildCarbFile({ n: -1, seed: 1 }, out)).rejects.toMatchObject({ code: "CONFIG_INVALID", field: "n", message: expect.stringMatching(/must be a non-negative integer, got -1/) });
    expect(existsSync(join(dir, "never"))).toBe(false);
  });
});
