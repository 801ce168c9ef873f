import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FibError, Item, parseJsonl, readItems, sha256File, writeJsonAtomic, writeJsonl } from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "fib-schemas-"));
const item = (i: number, extra: Record<string, unknown> = {}) => ({
  id: `it_${i}`,
  x: `A is taller than B. Question ${i}?`,
  y: i % 2,
  type: "compositional",
  depth: 1,
  distractor_count: 0,
  operator_count: 1,
  ...extra,
});

async function errorOf(p: Promise<unknown>): Promise<FibError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof FibError) return e;
    throw e;
  }
  throw new Error("expected an error");
}

describe("readItems", () => {
  it("names file, line 57 and the field of a bad line, in one line", async () => {
    const lines = Array.from({ length: 80 }, (_, i) => JSON.stringify(item(i + 1)));
    lines[56] = JSON.stringify(item(57, { y: 2 }));
    const path = join(dir, "bad57.jsonl");
    writeFileSync(path, `${lines.join("\n")}\n`);
    const e = await errorOf(readItems(path));
    expect(e.code).toBe("INPUT_INVALID");
    expect(e.line).toBe(57);
    expect(e.field).toBe("y");
    expect(e.message).toBe(`${path}:57 field "y": expected 0 or 1, got 2`);
    expect(e.message).not.toContain("\n");
  });
  it("reports invalid JSON and missing fields with their line", async () => {
    const path = join(dir, "badjson.jsonl");
    writeFileSync(path, `${JSON.stringify(item(1))}\n{"id": \n`);
    expect((await errorOf(readItems(path))).message).toMatch(/badjson\.jsonl:2: not valid JSON/);
    const { depth: _, ...noDepth } = item(3);
    writeFileSync(path, `${JSON.stringify(noDepth)}\n`);
    const e = await errorOf(readItems(path));
    expect([e.line, e.field]).toEqual([1, "depth"]);
  });
  it("accepts a BOM, CRLF and blank lines", async () => {
    const path = join(dir, "crlf.jsonl");
    writeFileSync(path, `\uFEFF${JSON.stringify(item(1))}\r\n\r\n   \r\n${JSON.stringify(item(2))}\r\n`);
    const items = await readItems(path);
    expect(items.map((i) => i.id)).toEqual(["it_1", "it_2"]);
  });
  it("rejects duplicate ids naming both lines", async () => {
    const path = join(dir, "dup.jsonl");
    writeFileSync(path, [item(1), item(2), item(1)].map((r) => JSON.stringify(r)).join("\n"));
    const e = await errorOf(readItems(path));
    expect(e.code).toBe("DUPLICATE_ID");
    expect(e.message).toMatch(/:3 field "id": duplicate id "it_1" \(first seen on line 1\)/);
  });
  it("missing and empty files are input errors naming the file", async () => {
    expect((await errorOf(readItems(join(dir, "nope.jsonl")))).code).toBe("INPUT_NOT_FOUND");
    const empty = join(dir, "empty.jsonl");
    writeFileSync(empty, "\n\n");
    const e = await errorOf(readItems(empty));
    expect(e.code).toBe("INPUT_EMPTY");
    expect(e.message).toContain(empty);
  });
});

describe("Item", () => {
  it("accepts reasoning_type as an alias of type", () => {
    const { type: _, ...rest } = item(1);
    const parsed = Item.parse({ ...rest, reasoning_type: "logic_mix" });
    expect(parsed.type).toBe("logic_mix");
    expect("reasoning_type" in parsed).toBe(false);
  });
  it("rejects negative counts and non-integer depth", () => {
    expect(Item.safeParse(item(1, { depth: -1 })).success).toBe(false);
    expect(Item.safeParse(item(1, { depth: 1.5 })).success).toBe(false);
  });
  it("parseJsonl decodes in-memory text", () => {
    expect(parseJsonl(`${JSON.stringify(item(1))}\n`, Item)).toHaveLength(1);
  });
});

describe("atomic writers", () => {
  it("writeJsonl round-trips and sha256File matches sha256sum", async () => {
    const path = join(dir, "out", "items.jsonl");
    const n = await writeJsonl(path, [item(1), item(2)]);
    expect(n).toBe(2);
    expect((await readItems(path)).length).toBe(2);
    const expected = execFileSync("sha256sum", [path], { encoding: "utf8" }).split(" ")[0];
    expect(await sha256File(path)).toBe(expected);
  });
  it("a failing source leaves neither the target nor a temp file", async () => {
    const sub = join(dir, "fail");
    const path = join(sub, "items.jsonl");
    async function* rows() {
      yield item(1);
      throw new Error("boom");
    }
    await expect(writeJsonl(path, rows())).rejects.toThrow("boom");
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(sub)).toEqual([]);
  });
  it("writeJsonAtomic replaces the whole file", () => {
    const path = join(dir, "r.json");
    writeJsonAtomic(path, { a: 1 });
    writeJsonAtomic(path, { b: 2 });
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual({ b: 2 });
  });
});
