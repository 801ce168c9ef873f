/**
 * Monadic quantified statements over one domain (e.g. "cats") with up to three
 * predicates (adjectives), and a model checker deciding entailment over every finite
 * set model. A model of such statements is characterised, up to truth of every
 * statement, by which of the 2^3 = 8 predicate "regions" are inhabited, so checking the
 * 255 non-empty region sets is checking all finite models with an inhabited domain. The empty
 * set is left out: the domain (the noun, e.g. cats) is taken to exist, so "All cats are black"
 * entails "Some cats are black".
 */

/** A literal over predicate `p` (0, 1 or 2); `neg` negates it. */
export interface Literal {
  p: number;
  neg: boolean;
}

export type Quantifier = "all" | "some" | "no" | "not_all";

/** `Q {noun that satisfy every literal of subject} are {target}` */
export interface Statement {
  q: Quantifier;
  subject: readonly Literal[];
  target: Literal;
}

export const N_PREDICATES = 3;
const N_REGIONS = 1 << N_PREDICATES;
const N_MODELS = 1 << N_REGIONS;

function holdsIn(region: number, lit: Literal): boolean {
  return (((region >> lit.p) & 1) === 1) !== lit.neg;
}

/** Compile a statement to a test on the 8-bit set of inhabited regions. */
function compile(st: Statement): { existential: boolean; mask: number } {
  let good = 0; // regions with subject ∧ target
  let bad = 0; // regions with subject ∧ ¬target
  for (let r = 0; r < N_REGIONS; r++) {
    if (!st.subject.every((l) => holdsIn(r, l))) continue;
    if (holdsIn(r, st.target)) good |= 1 << r;
    else bad |= 1 << r;
  }
  switch (st.q) {
    case "all":
      return { existential: false, mask: bad }; // no inhabited subject∧¬target
    case "no":
      return { existential: false, mask: good }; // no inhabited subject∧target
    case "some":
      return { existential: true, mask: good };
    case "not_all":
      return { existential: true, mask: bad };
  }
}

function holds(c: { existential: boolean; mask: number }, model: number): boolean {
  return c.existential ? (model & c.mask) !== 0 : (model & c.mask) === 0;
}

/**
 * Every model (set of inhabited regions) satisfying all statements, in increasing order (`first`: the
 * first only). The universal statements together forbid one set of regions; each existential one needs
 * one of its regions inhabited.
 */
function models(statements: readonly Statement[], first = false): number[] {
  let forbid = 0;
  const need: number[] = [];
  for (const st of statements) {
    const c = compile(st);
    if (c.existential) need.push(c.mask);
    else forbid |= c.mask;
  }
  const out: number[] = [];
  for (let m = 1; m < N_MODELS; m++) {
    if ((m & forbid) !== 0) continue;
    let ok = true;
    for (const n of need)
      if ((m & n) === 0) {
        ok = false;
        break;
      }
    if (!ok) continue;
    out.push(m);
    if (first) break;
  }
  return out;
}

/** True iff some finite model satisfies every statement. */
export function satisfiable(statements: readonly Statement[]): boolean {
  return models(statements, true).length > 0;
}

/** True iff `conclusion` holds in every finite model of `premises`. */
export function entails(premises: readonly Statement[], conclusion: Statement): boolean {
  const c = compile(conclusion);
  return models(premises).every((m) => holds(c, m));
}

/**
 * Operator kinds a statement's wording uses: "all", "no" and "not all" are universal
 * ("not all" and "no" also negate), "some" is existential, any "not" is negation.
 */
export function statementOperators(st: Statement): Set<"negation" | "universal" | "existential"> {
  const ops = new Set<"negation" | "universal" | "existential">();
  if (st.q === "some") ops.add("existential");
  else ops.add("universal");
  if (st.q === "no" || st.q === "not_all" || st.target.neg || st.subject.some((l) => l.neg)) ops.add("negation");
  return ops;
}
