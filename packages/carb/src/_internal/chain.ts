import type { Rng } from "@fib/stats";
import { shuffleInPlace } from "@fib/stats";

/**
 * The reasoning core shared by compositional, distractor and counterfactual items: a
 * strict total order (most-R first) stated as `depth` adjacent premises, and one question
 * about a pair at a chosen distance. The label is decided by {@link chainAnswer} from the
 * order, never from the rendered sentences.
 */
export interface ChainCore {
  /** entities, the one with the most of the property first */
  order: readonly string[];
  /** premises as [greater, lesser] pairs, in presentation order */
  premises: [string, string][];
  /** the question asks whether `ask[0]` is R (or, with `converse`, the converse of R) than `ask[1]` */
  ask: [string, string];
  converse: boolean;
  distance: number;
  shuffled: boolean;
  y: 0 | 1;
}

/** Solver: is `a` R-er than `b` in `order` (or, for the converse relation, less R)? */
export function chainAnswer(order: readonly string[], a: string, b: string, converse: boolean): 0 | 1 {
  const ia = order.indexOf(a);
  const ib = order.indexOf(b);
  if (ia < 0 || ib < 0 || ia === ib) throw new Error(`chainAnswer: ${a} and ${b} must be two entities of the order`);
  return (converse ? ia > ib : ia < ib) ? 1 : 0;
}

export function buildChain(order: readonly string[], target: 0 | 1, converse: boolean, shuffleProb: number, rng: Rng): ChainCore {
  const depth = order.length - 1;
  const premises: [string, string][] = [];
  for (let i = 0; i < depth; i++) premises.push([order[i] as string, order[i + 1] as string]);
  const shuffled = depth > 1 && rng.float() < shuffleProb;
  if (shuffled) shuffleInPlace(premises, rng);
  const distance = rng.int(1, depth);
  const i = rng.int(0, depth - distance);
  const hi = order[i] as string;
  const lo = order[i + distance] as string;
  // forward "is hi R than lo" is 1; the converse "is lo R' than hi" is 1
  const yesPair: [string, string] = converse ? [lo, hi] : [hi, lo];
  const ask: [string, string] = target === 1 ? yesPair : [yesPair[1], yesPair[0]];
  const y = chainAnswer(order, ask[0], ask[1], converse);
  return { order, premises, ask, converse, distance, shuffled, y };
}
