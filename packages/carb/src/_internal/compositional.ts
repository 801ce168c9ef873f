import type { Rng } from "@fib/stats";
import { buildChain, type ChainCore } from "./chain.js";
import { type Draft, pick, pickDistinct } from "./draft.js";
import { NAMES, RELATIONS } from "./vocab.js";

export interface ChainText {
  relation: string;
  converse: string;
  core: ChainCore;
  premises: string[];
  question: string;
}

/** A relational chain over people: "Ada is taller than Bram. … Is Ada taller than Cleo?" */
export function chainText(depth: number, target: 0 | 1, shuffleProb: number, rng: Rng, names: readonly string[]): ChainText {
  const [relation, converse] = pick(RELATIONS, rng);
  const order = pickDistinct(names, depth + 1, rng);
  const core = buildChain(order, target, rng.float() < 0.5, shuffleProb, rng);
  const premises = core.premises.map(([a, b]) => `${a} is ${relation} than ${b}.`);
  const question = `Is ${core.ask[0]} ${core.converse ? converse : relation} than ${core.ask[1]}?`;
  return { relation, converse, core, premises, question };
}

export function compositional(depth: number, target: 0 | 1, shuffleProb: number, rng: Rng): Draft {
  const t = chainText(depth, target, shuffleProb, rng, NAMES);
  return {
    type: "compositional",
    structure_id: t.core.converse ? "chain/converse" : "chain/forward",
    x: [...t.premises, t.question].join(" "),
    y: t.core.y,
    depth,
    distractor_count: 0,
    operator_count: t.core.converse ? 2 : 1,
    design: { relation: t.relation, distance: t.core.distance, shuffled: t.core.shuffled },
  };
}
