/**
 * Re-derives every label from the rendered text alone, with a parser and solvers written
 * here independently of the generator's templates and solvers: relational questions by
 * graph reachability, quantified ones by brute force over explicit finite domains.
 */
import { describe, expect, it } from "vitest";
import { generateCarb } from "./index.js";

const CONVERSE: Record<string, string[]> = {
  shorter: ["taller", "longer"],
  lighter: ["heavier"],
  younger: ["older"],
  slower: ["faster"],
  weaker: ["stronger"],
  poorer: ["richer"],
  quieter: ["louder"],
  sadder: ["happier"],
  smaller: ["bigger"],
  colder: ["hotter"],
  softer: ["harder"],
};

const sentencesOf = (x: string) => x.split(/(?<=[.?])\s+/);
const entity = (s: string) =>
  s
    .trim()
    .replace(/^(a|an)\s+/i, "")
    .toLowerCase();

/** y by reachability over stated comparatives; null when the text is not a relational item. */
function solveRelational(x: string): 0 | 1 | null {
  const sentences = sentencesOf(x);
  const question = sentences.pop() as string;
  const q = /^Is (.+) (\w+) than (.+)\?$/.exec(question) ?? /^In that case, would (.+) be (\w+) than (.+)\?$/.exec(question);
  if (!q) return null;
  const edges = new Map<string, Map<string, Set<string>>>(); // relation -> a -> {b : a R b}
  for (const s of sentences) {
    const body = s.replace(/^Suppose that /, "").replace(/\.$/, "");
    for (const clause of body.split(", and ")) {
      const m = /^(.+) (?:is|were) (\w+) than (.+)$/.exec(clause);
      if (!m) continue; // a filler fact
      const [, a, rel, b] = m as unknown as [string, string, string, string];
      const byRel = edges.get(rel) ?? new Map<string, Set<string>>();
      edges.set(rel, byRel);
      const out = byRel.get(entity(a)) ?? new Set<string>();
      out.add(entity(b));
      byRel.set(entity(a), out);
    }
  }
  const [, qa, qrel, qb] = q as unknown as [string, string, string, string];
  const reach = (rel: string, from: string, to: string) => {
    const g = edges.get(rel);
    const stack = [from];
    const seen = new Set(stack);
    while (stack.length > 0) {
      for (const nxt of g?.get(stack.pop() as string) ?? []) {
        if (nxt === to) return true;
        if (!seen.has(nxt)) {
          stack.push(nxt);
          seen.add(nxt);
        }
      }
    }
    return false;
  };
  const a = entity(qa);
  const b = entity(qb);
  const rels = edges.has(qrel) ? [[qrel, a, b]] : (CONVERSE[qrel] ?? []).filter((r) => edges.has(r)).map((r) => [r, b, a]);
  expect(rels.length, `question relation "${qrel}" matches no premise in: ${x}`).toBe(1);
  const [rel, from, to] = rels[0] as [string, string, string];
  const yes = reach(rel, from, to);
  expect(yes || reach(rel, to, from), `undetermined pair in: ${x}`).toBe(true);
  return yes ? 1 : 0;
}

interface Quantified {
  q: string;
  noun: string;
  subject: { adj: string; neg: boolean } | null;
  target: { adj: string; neg: boolean };
}

function parseQuantified(text: string): Quantified | null {
  const m = /^(All|Some|No|Not all) (.+) are (not )?(\w+)$/i.exec(text.replace(/\.$/, ""));
  if (!m) return null;
  const [, q, subj, tneg, tadj] = m as unknown as [string, string, string, string | undefined, string];
  const target = { adj: tadj, neg: tneg !== undefined };
  const rel = /^(\w+) that are (not )?(\w+)$/.exec(subj);
  if (rel) return { q: q.toLowerCase(), noun: rel[1] as string, subject: { adj: rel[3] as string, neg: rel[2] !== undefined }, target };
  const adjNoun = /^(\w+) (\w+)$/.exec(subj);
  if (adjNoun) return { q: q.toLowerCase(), noun: adjNoun[2] as string, subject: { adj: adjNoun[1] as string, neg: false }, target };
  return { q: q.toLowerCase(), noun: subj, subject: null, target };
}

/** Truth of a statement in an explicit domain: each element is the set of adjectives it has. */
function truth(st: Quantified, domain: Set<string>[]): boolean {
  const has = (e: Set<string>, l: { adj: string; neg: boolean }) => e.has(l.adj) !== l.neg;
  const inSubject = domain.filter((e) => st.subject === null || has(e, st.subject));
  switch (st.q) {
    case "all":
      return inSubject.every((e) => has(e, st.target));
    case "some":
      return inSubject.some((e) => has(e, st.target));
    case "no":
      return !inSubject.some((e) => has(e, st.target));
    case "not all":
      return !inSubject.every((e) => has(e, st.target));
  }
  throw new Error(`quantifier ${st.q}`);
}

/** Multisets of size k over 0..m-1. */
function* multisets(m: number, k: number, start = 0, acc: number[] = []): Generator<number[]> {
  if (acc.length === k) return yield acc.slice();
  for (let v = start; v < m; v++) yield* multisets(m, k, v, [...acc, v]);
}

/** y by searching a non-empty finite domain where the premises hold and the conclusion fails. */
function solveQuantified(x: string): 0 | 1 | null {
  const sentences = sentencesOf(x);
  const question = sentences.pop() as string;
  const cond = /^If (.+), does it follow that (.+)\?$/.exec(question);
  const plain = /^Does it follow that (.+)\?$/.exec(question);
  if (!cond && !plain) return null;
  const conclusion = parseQuantified((cond ? cond[2] : plain?.[1]) as string);
  if (!conclusion) throw new Error(`unparsed conclusion: ${x}`);
  const premises = sentences.map(parseQuantified).filter((p): p is Quantified => p !== null && p.noun === conclusion.noun);
  if (cond) premises.push(parseQuantified(cond[1] as string) as Quantified);
  const adjs = [...new Set([...premises, conclusion].flatMap((s) => [s.target.adj, ...(s.subject ? [s.subject.adj] : [])]))];
  const valuations = Array.from({ length: 1 << adjs.length }, (_, v) => new Set(adjs.filter((_, i) => (v >> i) & 1)));
  // a countermodel needs at most one witness per existential claim
  const existential = premises.filter((p) => p.q === "some" || p.q === "not all").length + (["all", "no"].includes(conclusion.q) ? 1 : 0);
  for (let size = 1; size <= Math.max(1, existential); size++) {
    for (const ms of multisets(valuations.length, size)) {
      const domain = ms.map((i) => valuations[i] as Set<string>);
      if (premises.every((p) => truth(p, domain)) && !truth(conclusion, domain)) return 0;
    }
  }
  return 1;
}

describe("every label re-derived from the text (10k items)", () => {
  const items = generateCarb({ n: 10_000, seed: 7, depth: [1, 8], distractors: [1, 6] });
  it("agrees with the generator's label on every item", () => {
    const wrong: string[] = [];
    for (const it of items) {
      const y = solveRelational(it.x) ?? solveQuantified(it.x);
      if (y === null) throw new Error(`unparsed item ${it.id}: ${it.x}`);
      if (y !== it.y) wrong.push(`${it.id} (${it.structure_id}) says ${it.y}, text says ${y}: ${it.x}`);
    }
    expect(wrong.slice(0, 5)).toEqual([]);
  });
  it("the independent solvers are not trivially constant", () => {
    expect(solveRelational("A is taller than B. B is taller than C. Is C shorter than A?")).toBe(1);
    expect(solveRelational("A is taller than B. B is taller than C. Is C taller than A?")).toBe(0);
    expect(solveQuantified("All cats are black. All black cats are small. Does it follow that all cats are small?")).toBe(1);
    expect(solveQuantified("Some cats are black. Does it follow that all cats are black?")).toBe(0);
    expect(solveQuantified("Not all cats are black. All black cats are small. If some cats are not small, does it follow that some cats are not black?")).toBe(1);
  });
});
