import { createHash } from "node:crypto";
import { FibError, Item } from "@fib/schemas";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { apportion, CARB_TYPES, entails, generateCarb, parseRange, resolveCarbOptions, type Statement, summarizeItems } from "./index.js";

const digest = (xs: unknown[]) =>
  createHash("sha256")
    .update(xs.map((x) => JSON.stringify(x)).join("\n"))
    .digest("hex");

describe("generateCarb", () => {
  const items = generateCarb({ n: 2000, seed: 42 });
  it("is deterministic: same seed, byte-identical output; another seed differs", () => {
    expect(digest(generateCarb({ n: 2000, seed: 42 }))).toBe(digest(items));
    expect(digest(generateCarb({ n: 2000, seed: 43 }))).not.toBe(digest(items));
  });
  it("every item validates, ids and x are unique, all four types present, labels balanced", () => {
    for (const it of items) expect(Item.safeParse(it).success).toBe(true);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    expect(new Set(items.map((i) => i.x)).size).toBe(items.length);
    const s = summarizeItems(items);
    expect(Object.keys(s.by_type).sort()).toEqual([...CARB_TYPES].sort());
    expect(s.label_1_share).toBeGreaterThanOrEqual(0.45);
    expect(s.label_1_share).toBeLessThanOrEqual(0.55);
  });
  it("labels are balanced within every type", () => {
    for (const t of CARB_TYPES) {
      const ofType = items.filter((i) => i.type === t);
      expect(Math.abs(ofType.filter((i) => i.y === 1).length / ofType.length - 0.5)).toBeLessThan(0.01);
    }
  });
  it("honours the axes' ranges and the type mix", () => {
    const xs = generateCarb({ n: 600, seed: 1, depth: [3, 5], distractors: [2, 3], operators: [3, 4], typeMix: { distractor: 1, logic_mix: 1 } });
    expect(new Set(xs.map((i) => i.type))).toEqual(new Set(["distractor", "logic_mix"]));
    for (const it of xs) {
      expect(it.depth).toBeGreaterThanOrEqual(3);
      expect(it.depth).toBeLessThanOrEqual(it.type === "logic_mix" ? 4 : 5);
      if (it.type === "distractor") expect([2, 3]).toContain(it.distractor_count);
      if (it.type === "logic_mix") expect(it.operator_count).toBeGreaterThanOrEqual(3);
    }
  });
  it("labelBalance is honoured", () => {
    const xs = generateCarb({ n: 400, seed: 3, labelBalance: 0.2 });
    expect(summarizeItems(xs).label_1_share).toBeCloseTo(0.2, 2);
  });
  it("a distractor/chain item states depth + distractor_count sentences, and only depth mention the core", () => {
    for (const it of items.filter((i) => i.structure_id === "distractor/chain")) {
      const sentences = it.x.split(/(?<=[.?])\s+/);
      const question = sentences.pop() as string;
      expect(sentences.length).toBe(it.depth + it.distractor_count);
      // the core is the connected component of the question's entities under "X is R than Y"
      const core = new Set(/^Is (\w+) \w+ than (\w+)\?$/.exec(question)?.slice(1));
      let grew = true;
      while (grew) {
        grew = false;
        for (const s of sentences) {
          const m = /^(\w+) is \w+ than (\w+)\.$/.exec(s);
          if (m && (core.has(m[1] as string) || core.has(m[2] as string)) && !(core.has(m[1] as string) && core.has(m[2] as string))) {
            core.add(m[1] as string).add(m[2] as string);
            grew = true;
          }
        }
      }
      const touching = sentences.filter((s) => [...core].some((n) => new RegExp(`\\b${n}\\b`).test(s)));
      expect(touching.length).toBe(it.depth);
    }
  });
  it("no-regression snapshot of the first items for seed 42", () => {
    expect(generateCarb({ n: 4, seed: 42 }).map((i) => [i.type, i.structure_id, i.y, i.x])).toMatchSnapshot();
  });
});

describe("options", () => {
  const fieldOf = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(FibError);
      return (e as FibError).field;
    }
    throw new Error("expected an error");
  };
  it("rejects bad values naming the field", () => {
    expect(fieldOf(() => resolveCarbOptions({ n: -3, seed: 1 }))).toBe("n");
    expect(fieldOf(() => resolveCarbOptions({ n: 3, seed: 1, depth: [9, 2] }))).toBe("depth");
    expect(fieldOf(() => resolveCarbOptions({ n: 3, seed: 1, depth: [1, 40] }))).toBe("depth");
    expect(fieldOf(() => resolveCarbOptions({ n: 3, seed: 1, labelBalance: 2 }))).toBe("labelBalance");
    expect(fieldOf(() => resolveCarbOptions({ n: 3, seed: 1, typeMix: { logic_mix: 0 } }))).toBe("typeMix");
    expect(fieldOf(() => resolveCarbOptions({ n: 3, seed: 1, typeMix: { logic_mix: 1 }, depth: [6, 8] }))).toBe("depth");
    expect(fieldOf(() => parseRange("x..3", "depth"))).toBe("depth");
  });
  it("parses ranges", () => {
    expect(parseRange("2..5", "d")).toEqual([2, 5]);
    expect(parseRange("4", "d")).toEqual([4, 4]);
    expect(parseRange("9..2", "d")).toEqual([9, 2]);
  });
  it("an exhausted space is a clear error, not a loop", () => {
    expect(() => generateCarb({ n: 5000, seed: 1, typeMix: { counterfactual: 1 }, depth: [1, 1] })).toThrow(/could not draw a new distinct counterfactual/);
  });
});

describe("apportion", () => {
  it("sums to n and is within 1 of the exact share", () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: 1, maxLength: 6 }), (n, ws) => {
        const c = apportion(n, ws);
        expect(c.reduce((a, b) => a + b, 0)).toBe(n);
        const total = ws.reduce((a, b) => a + b, 0);
        for (const [i, ci] of c.entries()) expect(Math.abs(ci - (n * (ws[i] as number)) / total)).toBeLessThan(1);
      }),
    );
  });
});

describe("model checker", () => {
  const st = (q: Statement["q"], target: number, tneg = false, subject: Statement["subject"] = []): Statement => ({ q, subject, target: { p: target, neg: tneg } });
  it("decides textbook syllogisms", () => {
    // Barbara: all A are B (as: all [p0] are p1), all B are C → all A are C
    expect(entails([st("all", 1, false, [{ p: 0, neg: false }]), st("all", 2, false, [{ p: 1, neg: false }])], st("all", 2, false, [{ p: 0, neg: false }]))).toBe(true);
    // some cats are black ⊭ all cats are black
    expect(entails([st("some", 0)], st("all", 0))).toBe(false);
    // the noun class is non-empty: all cats are black ⊨ some cats are black
    expect(entails([st("all", 0)], st("some", 0))).toBe(true);
    // no cats are black ⊨ not all cats are black
    expect(entails([st("no", 0)], st("not_all", 0))).toBe(true);
  });
});
