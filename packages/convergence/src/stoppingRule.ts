export interface StoppingRule {
  /** drift must be below this (default 0.25, in feature-space units) */
  epsilon?: number;
  /** ARI on overlapping failures must exceed this (default 0.8) */
  tau?: number;
  /** for this many consecutive rounds (default 2) */
  window?: number;
}

export interface RoundSignal {
  round: number;
  drift: number | null;
  ari: number | null;
}

export interface StoppingDecision {
  converged_at: number | null;
  /** per round: whether the criterion held, and why */
  checks: { round: number; stable: boolean; reason: string }[];
  rule: Required<StoppingRule>;
}

/**
 * H3's stopping rule: the loop has converged at the first round that ends a run of `window`
 * consecutive rounds with drift < ε and ARI > τ. A round without overlapping failures (ARI
 * null, e.g. with the `substitute` update) is judged on drift alone, and says so; a round
 * without drift (the first) is never stable.
 */
export function applyStoppingRule(series: readonly RoundSignal[], rule: StoppingRule = {}): StoppingDecision {
  const r = { epsilon: rule.epsilon ?? 0.25, tau: rule.tau ?? 0.8, window: rule.window ?? 2 };
  let run = 0;
  let converged_at: number | null = null;
  const checks = series.map((s) => {
    let stable: boolean;
    let reason: string;
    if (s.drift === null) {
      stable = false;
      reason = "no previous round to compare";
    } else if (s.ari === null) {
      stable = s.drift < r.epsilon;
      reason = `drift ${s.drift.toFixed(3)} ${stable ? "<" : "≥"} ε ${r.epsilon}; ARI not defined (no overlapping failures): judged on drift alone`;
    } else {
      stable = s.drift < r.epsilon && s.ari > r.tau;
      reason = `drift ${s.drift.toFixed(3)} ${s.drift < r.epsilon ? "<" : "≥"} ε ${r.epsilon}, ARI ${s.ari.toFixed(3)} ${s.ari > r.tau ? ">" : "≤"} τ ${r.tau}`;
    }
    run = stable ? run + 1 : 0;
    if (converged_at === null && run >= r.window) converged_at = s.round;
    return { round: s.round, stable, reason };
  });
  return { converged_at, checks, rule: r };
}
