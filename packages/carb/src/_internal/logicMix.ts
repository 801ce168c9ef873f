import type { Rng } from "@fib/stats";
import { entails, type Literal, N_PREDICATES, type Quantifier, type Statement, satisfiable, statementOperators } from "../logic.js";
import { capitalise, type Draft, pick, pickDistinct } from "./draft.js";
import { ADJECTIVES, NOUNS } from "./vocab.js";

export type LogicSchema = "syllogism/universal" | "syllogism/existential" | "logic/conditional";
const SCHEMAS: readonly LogicSchema[] = ["syllogism/universal", "syllogism/existential", "logic/conditional"];

export interface Vocabulary {
  noun: string;
  adjectives: readonly string[];
}

function randomStatement(rng: Rng, universalOnly: boolean): Statement {
  const q: Quantifier = universalOnly ? pick(["all", "no"] as const, rng) : pick(["all", "some", "no", "not_all"] as const, rng);
  const tp = rng.int(0, N_PREDICATES - 1);
  // "no" and "not all" take a positive target: "No cats are not small" is not English we write
  const target: Literal = { p: tp, neg: q === "all" || q === "some" ? rng.float() < 0.3 : false };
  const subject: Literal[] = [];
  if (rng.float() < 0.5) {
    const others = [0, 1, 2].filter((p) => p !== tp);
    subject.push({ p: pick(others, rng), neg: rng.float() < 0.25 });
  }
  return { q, subject, target };
}

export function renderStatement(st: Statement, v: Vocabulary): string {
  const adj = (l: Literal) => v.adjectives[l.p] as string;
  const s = st.subject[0];
  const subj = s === undefined ? v.noun : s.neg ? `${v.noun} that are not ${adj(s)}` : `${adj(s)} ${v.noun}`;
  const tgt = `${st.target.neg ? "not " : ""}${adj(st.target)}`;
  const q = { all: "all", some: "some", no: "no", not_all: "not all" }[st.q];
  return `${q} ${subj} are ${tgt}`;
}

/** The same statement, field by field (what comparing their JSON did, without building two strings per check). */
function sameStatement(a: Statement, b: Statement): boolean {
  const same = (x: Literal, y: Literal) => x.p === y.p && x.neg === y.neg;
  return a.q === b.q && same(a.target, b.target) && a.subject.length === b.subject.length && a.subject.every((l, i) => same(l, b.subject[i] as Literal));
}

export interface LogicCore {
  schema: LogicSchema;
  premises: Statement[];
  antecedent: Statement | null;
  conclusion: Statement;
  y: 0 | 1;
  operators: number;
}

/**
 * Draw premises and a conclusion until the label (decided by the model checker) is the
 * target and the operator count lies in range. `depth` counts premises, antecedent included.
 */
export function logicCore(depth: number, target: 0 | 1, operators: readonly [number, number], rng: Rng): LogicCore | null {
  for (let attempt = 0; attempt < 400; attempt++) {
    const schema = pick(SCHEMAS, rng);
    const universal = schema === "syllogism/universal";
    const conditional = schema === "logic/conditional";
    const premises = Array.from({ length: conditional ? depth - 1 : depth }, () => randomStatement(rng, universal));
    const antecedent = conditional ? randomStatement(rng, false) : null;
    const conclusion = randomStatement(rng, universal);
    const all = antecedent ? [...premises, antecedent] : premises;
    if (schema === "syllogism/existential" && ![...all, conclusion].some((s) => s.q === "some" || s.q === "not_all")) continue;
    if (all.some((p) => sameStatement(p, conclusion))) continue;
    if (!satisfiable(all)) continue;
    const kinds = new Set<string>(conditional ? ["implication"] : []);
    for (const s of [...all, conclusion]) for (const k of statementOperators(s)) kinds.add(k);
    if (kinds.size < operators[0] || kinds.size > operators[1]) continue;
    const y = entails(all, conclusion) ? 1 : 0;
    if (y !== target) continue;
    return { schema, premises, antecedent, conclusion, y, operators: kinds.size };
  }
  return null;
}

export function renderLogic(core: LogicCore, v: Vocabulary): { premises: string[]; question: string } {
  const premises = core.premises.map((p) => `${capitalise(renderStatement(p, v))}.`);
  const c = renderStatement(core.conclusion, v);
  const question = core.antecedent ? `If ${renderStatement(core.antecedent, v)}, does it follow that ${c}?` : `Does it follow that ${c}?`;
  return { premises, question };
}

export function drawVocabulary(rng: Rng, avoidNouns: readonly string[] = []): Vocabulary {
  return {
    noun: pick(
      NOUNS.filter((n) => !avoidNouns.includes(n)),
      rng,
    ),
    adjectives: pickDistinct(ADJECTIVES, N_PREDICATES, rng),
  };
}

export function logicMix(depth: number, target: 0 | 1, operators: readonly [number, number], rng: Rng): Draft | null {
  const core = logicCore(depth, target, operators, rng);
  if (core === null) return null;
  const v = drawVocabulary(rng);
  const { premises, question } = renderLogic(core, v);
  return {
    type: "logic_mix",
    structure_id: core.schema,
    x: [...premises, question].join(" "),
    y: core.y,
    depth,
    distractor_count: 0,
    operator_count: core.operators,
    design: { noun: v.noun },
  };
}
