export interface StoppingRule {
  /** drift must be at most this, in feature-space units; "auto" (default): each round's own noise band (its 95th percentile) */
  epsilon?: number | "auto";
  /** ARI on overlapping failures must be at least this; "auto" (default): each round's noise band (its 5th percentile) */
  tau?: number | "auto";
  /** for this many consecutive rounds (default 2) */
  window?: number;
}

export interface RoundSignal {
  round: number;
  drift: number | null;
  ari: number | null;
  /** the round's noise band: drift and ARI between independent same-distribution draws (see convergenceNoiseBand) */
  band?: { drift_p95: number; ari_p5: number | null } | null;
}

export interface StoppingDecision {
  converged_at: number | null;
  /** per round: whether the criterion held, the thresholds used, and why */
  checks: { round: number; stable: boolean; epsilon: number | null; tau: number | null; reason: string }[];
  rule: { epsilon: number | "auto"; tau: number | "auto"; window: number };
}

/**
 * H3's stopping rule: the loop has converged at the first round that ends a run of `window`
 * consecutive rounds whose drift is within ε and whose ARI on overlapping failures is at least
 * τ. With ε / τ "auto" (the default) the thresholds are each round's measured noise band — the
 * 95th percentile of drift and the 5th of ARI between clusterings of independent draws from one
 * distribution — so a stationary loop converges and a moving one does not, whatever the feature
 * scale. A round without overlapping failures (ARI null, e.g. `substitute`) is judged on drift
 * alone and says so; a round without drift (the first) or without a band under "auto" is never stable.
 */
export function applyStoppingRule(series: readonly RoundSignal[], rule: StoppingRule = {}): StoppingDecision {
  const r = { epsilon: rule.epsilon ?? "auto", tau: rule.tau ?? "auto", window: rule.window ?? 2 };
  let run = 0;
  let converged_at: number | null = null;
  const checks = series.map((s) => {
    const eps = r.epsilon === "auto" ? (s.band?.drift_p95 ?? null) : r.epsilon;
    const tau = r.tau === "auto" ? (s.band?.ari_p5 ?? null) : r.tau;
    let stable = false;
    let reason: string;
    if (s.drift === null) reason = "no previous round to compare";
    else if (eps === null) reason = "no noise band measured for this round: cannot judge drift";
    else {
      const driftOk = s.drift <= eps;
      const d = `drift ${s.drift.toFixed(3)} ${driftOk ? "≤" : ">"} ε ${eps.toFixed(3)}${r.epsilon === "auto" ? " (noise p95)" : ""}`;
      if (s.ari === null) {
        stable = driftOk;
        reason = `${d}; ARI not defined (no overlapping failures): judged on drift alone`;
      } else if (tau === null) {
        stable = driftOk;
        reason = `${d}; no ARI band: judged on drift alone`;
      } else {
        const ariOk = s.ari >= tau;
        stable = driftOk && ariOk;
        reason = `${d}, ARI ${s.ari.toFixed(3)} ${ariOk ? "≥" : "<"} τ ${tau.toFixed(3)}${r.tau === "auto" ? " (noise p5)" : ""}`;
      }
    }
    run = stable ? run + 1 : 0;
    if (converged_at === null && run >= r.window) converged_at = s.round;
    return { round: s.round, stable, epsilon: eps, tau: s.ari === null ? null : tau, reason };
  });
  return { converged_at, checks, rule: r };
}
