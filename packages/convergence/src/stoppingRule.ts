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

/** Drift over several rounds and the noise band for that comparison (two independent draws at those rounds' sizes). */
export interface LongRangeDrift {
  drift: number;
  p95: number;
}

export interface StoppingDecision {
  /** the round that ended the last run of `window` stable rounds, when every round after it stayed stable and within the long-range band; else null */
  converged_at: number | null;
  /** every declaration and, when a later round broke it, the round and why */
  declarations: { declared_at: number; revoked_at: number | null; reason: string | null }[];
  /** per round after a declaration, the drift from the declared round (the anchor) against its band: slow drift that single steps hide */
  long_range: { anchor: number; round: number; drift: number; p95: number; within: boolean }[];
  /** per round: whether the criterion held, the thresholds used, and why */
  checks: { round: number; stable: boolean; epsilon: number | null; tau: number | null; reason: string }[];
  rule: { epsilon: number | "auto"; tau: number | "auto"; window: number };
}

/** One round against the thresholds (each round's noise band under "auto"): stable or not, and why. */
function checkRound(s: RoundSignal, r: { epsilon: number | "auto"; tau: number | "auto" }): { stable: boolean; eps: number | null; tau: number | null; reason: string } {
  const eps = r.epsilon === "auto" ? (s.band?.drift_p95 ?? null) : r.epsilon;
  const tau = r.tau === "auto" ? (s.band?.ari_p5 ?? null) : r.tau;
  if (s.drift === null) return { stable: false, eps, tau, reason: "no previous round to compare" };
  if (eps === null) return { stable: false, eps, tau, reason: "no noise band measured for this round: cannot judge drift" };
  const driftOk = s.drift <= eps;
  const d = `drift ${s.drift.toFixed(3)} ${driftOk ? "≤" : ">"} ε ${eps.toFixed(3)}${r.epsilon === "auto" ? " (noise p95)" : ""}`;
  if (s.ari === null) return { stable: driftOk, eps, tau, reason: `${d}; ARI not defined (no overlapping failures): judged on drift alone` };
  if (tau === null) return { stable: driftOk, eps, tau, reason: `${d}; no ARI band: judged on drift alone` };
  const ariOk = s.ari >= tau;
  return { stable: driftOk && ariOk, eps, tau, reason: `${d}, ARI ${s.ari.toFixed(3)} ${ariOk ? "≥" : "<"} τ ${tau.toFixed(3)}${r.tau === "auto" ? " (noise p5)" : ""}` };
}

/**
 * H3's stopping rule: convergence is declared at a round that ends a run of `window`
 * consecutive rounds whose drift is within ε and whose ARI on overlapping failures is at least
 * τ — and it must hold through the last round: a later round outside the band revokes it (the
 * decision records where). With `longRange` (the drift from the declared round to each later
 * round, against the noise band for that comparison) that is what must hold — a jump or a slow
 * drift whose single steps stay inside the band revokes it, one noisy step does not; without
 * it, any later round outside the band revokes it. A revoked declaration can be followed by a
 * new one; `converged_at` is the declaration still standing at the end, if any.
 *
 * With ε / τ "auto" (the default) the thresholds are each round's measured noise band — the
 * 95th percentile of drift and the 5th of ARI between clusterings of independent draws from one
 * distribution — so a stationary loop converges and a moving one does not, whatever the feature
 * scale. A round without overlapping failures (ARI null, e.g. `substitute`) is judged on drift
 * alone and says so; a round without drift (the first) or without a band under "auto" is never stable.
 */
export function applyStoppingRule(series: readonly RoundSignal[], rule: StoppingRule = {}, opts: { longRange?: (from: number, to: number) => LongRangeDrift | null } = {}): StoppingDecision {
  const r = { epsilon: rule.epsilon ?? "auto", tau: rule.tau ?? "auto", window: rule.window ?? 2 };
  let run = 0;
  const declarations: StoppingDecision["declarations"] = [];
  const long_range: StoppingDecision["long_range"] = [];
  let current: StoppingDecision["declarations"][number] | null = null;
  let anchor = -1;
  // the standing declaration against the drift from its anchor to `round`; revoked (and the run reset) when outside the band
  const holdsLongRange = (round: number) => {
    if (!current || !opts.longRange || anchor < 0) return;
    const lr = opts.longRange(anchor, round);
    if (!lr) return;
    const within = lr.drift <= lr.p95;
    long_range.push({ anchor, round, drift: lr.drift, p95: lr.p95, within });
    if (within) return;
    current.revoked_at = round;
    current.reason = `slow drift: from round ${anchor} to round ${round} the geometry moved ${lr.drift.toFixed(3)}, beyond the noise band for that comparison (p95 ${lr.p95.toFixed(3)}), though each step stayed within ε`;
    current = null;
    run = 0;
  };
  const checks = series.map((s) => {
    const { stable, eps, tau, reason } = checkRound(s, r);
    run = stable ? run + 1 : 0;
    // after a declaration, what must hold is the geometry against the declared one (the drift from
    // the window's anchor, when measured): one noisy step is absorbed, a jump or a slow drift is not
    if (current && !stable && !opts.longRange) {
      current.revoked_at = s.round;
      current.reason = `round ${s.round} left the band after convergence was declared at round ${current.declared_at}: ${reason}`;
      current = null;
    }
    if (current) holdsLongRange(s.round);
    if (!current && run >= r.window) {
      current = { declared_at: s.round, revoked_at: null, reason: null };
      declarations.push(current);
      anchor = s.round;
    }
    return { round: s.round, stable, epsilon: eps, tau: s.ari === null ? null : tau, reason };
  });
  const standing = declarations.find((d) => d.revoked_at === null) ?? null;
  return { converged_at: standing?.declared_at ?? null, declarations, long_range, checks, rule: r };
}
