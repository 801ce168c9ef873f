import type { Rng } from "@fib/stats";
import { buildChain } from "./chain.js";
import { capitalise, type Draft, pick, withArticle } from "./draft.js";
import { SCALES } from "./vocab.js";

/**
 * Counterfactual items. `override`: the premises reverse the world's order ("Suppose that
 * a feather were heavier than a brick, …") and the label follows the premises, so every
 * question is a trap for an answer taken from world knowledge. `control`: the premises
 * state the actual order, and premises and world agree.
 */
export function counterfactual(depth: number, target: 0 | 1, shuffleProb: number, rng: Rng): Draft {
  const scale = pick(SCALES, rng);
  const n = scale.entities.length;
  // d+1 entities in ascending world order
  const idx = new Set<number>();
  while (idx.size < depth + 1) idx.add(rng.int(0, n - 1));
  const ascending = [...idx].sort((a, b) => a - b).map((i) => scale.entities[i] as string);
  const override = rng.float() < 0.5;
  // most-R first: in the supposed world the least R thing is the most R
  const order = override ? ascending : ascending.slice().reverse();
  const core = buildChain(order, target, rng.float() < 0.5, shuffleProb, rng);
  const rel = core.converse ? scale.converse : scale.relation;
  const [a, b] = core.ask;
  let x: string;
  if (override) {
    const clauses = core.premises.map(([p, q]) => `${withArticle(p)} were ${scale.relation} than ${withArticle(q)}`);
    x = `Suppose that ${clauses.join(", and ")}. In that case, would ${withArticle(a)} be ${rel} than ${withArticle(b)}?`;
  } else {
    const sentences = core.premises.map(([p, q]) => `${capitalise(withArticle(p))} is ${scale.relation} than ${withArticle(q)}.`);
    x = `${sentences.join(" ")} Is ${withArticle(a)} ${rel} than ${withArticle(b)}?`;
  }
  return {
    type: "counterfactual",
    structure_id: override ? "counterfactual/override" : "counterfactual/control",
    x,
    y: core.y,
    depth,
    distractor_count: 0,
    operator_count: (override ? 2 : 1) + (core.converse ? 1 : 0),
    design: { relation: scale.relation, distance: core.distance, shuffled: core.shuffled, converse: core.converse },
  };
}
