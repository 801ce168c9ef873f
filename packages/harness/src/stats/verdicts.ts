import type { FailureStructure, StructureRecovery } from "@fib/clustering";
import type { StoppingDecision } from "@fib/convergence";

/**
 * The verdict rules of H2 and H3 and the words that explain them, in one place (H1's rules are
 * `h1Test` and `creditedH1` in h1.ts, the harness's H2 rule `h2Slices` in h2Slices.ts, beside the
 * statistics they decide on; this module re-exports them, so every rule is reached from here). Reports store the verdict and its reasoning;
 * the CLI, the demo and the HTML report print what is stored, never a rule of their own.
 */
export { creditedH1, h1Test, MIN_ITEMS_FOR_VERDICT, MIN_N_BOOT_FOR_VERDICT, type Verdict as H1Verdict } from "./h1.js";
export { h2Slices } from "./h2Slices.js";

export type H2Verdict = "recovered beyond type" | "type only" | "not recovered" | "failures unstructured";
export type H3Verdict = "converged" | "not converged" | "no verdict";

const f3 = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? "–" : x.toFixed(3));

/**
 * H2: do the failure clusters recover the held-out `structure_id`? Each null is a permutation
 * test at 5 %: `recovered` needs the macro purity above the 95th percentile of the shuffled-label
 * null; `beyond type` needs it above the 95th percentile of the null that permutes labels
 * within each item type (the features see the type, a coarsening of structure_id, so beating
 * the shuffled null alone shows only that clusters follow type).
 *
 * Both label nulls keep the failures and move the labels, so they cannot tell whether the
 * *failures* carry structure: coin-flip failures fall on every template alike, their clusters
 * recover the templates φ reads, and they beat both. The failure-permutation null
 * (`failureStructure`) re-draws which items each model failed, same counts, and re-runs the
 * pipeline: the failures are `failures unstructured` unless their concentration over the design
 * space (G²) beats it at 5 %. Its purity is reported beside the others but does not decide:
 * φ reads the templates, so random failures' clusters are nearly as pure (the five specialists:
 * 0.79 against a failure-null p95 of 0.77) while their G² is ten times lower (95 against 8).
 * Without the failure null (not run) the label nulls decide and the reasoning says the
 * failures' structure is untested.
 */
export function h2Verdict(h2: StructureRecovery, structure: FailureStructure | null = null): { verdict: H2Verdict; reasoning: string } {
  const overShuffled = h2.purity_macro > h2.shuffled_baseline.p95;
  const within = h2.within_type_baseline;
  const overWithin = within !== null && h2.purity_macro > within.p95;
  const fnull = structure?.null ?? null;
  const unstructured = structure?.structured === false;
  const verdict: H2Verdict = unstructured ? "failures unstructured" : overShuffled && overWithin ? "recovered beyond type" : overShuffled ? "type only" : "not recovered";
  const base =
    `Macro purity ${f3(h2.purity_macro)} (95% CI ${f3(h2.purity_macro_ci.lo)}–${f3(h2.purity_macro_ci.hi)} over ${h2.purity_macro_ci.unit}s) ` +
    `against: shuffled labels p95 ${f3(h2.shuffled_baseline.p95)} (p = ${f3(h2.shuffled_baseline.p_value)})` +
    (within ? `, labels permuted within type p95 ${f3(within.p95)} (p = ${f3(within.p_value)}), the partition by type alone ${f3(h2.type_partition_purity)}` : "") +
    (fnull
      ? `, failures re-drawn at random (same counts per model, ${fnull.reps} replicates) purity p95 ${f3(fnull.purity?.p95)}; failure concentration G² ${f3(structure?.g_statistic)} against that null's p95 ${f3(fnull.g.p95)} (p = ${f3(fnull.g.p_value)})`
      : `; ${structure?.reason ?? "failure-permutation null not run"}: whether the failures themselves are structured is untested`) +
    `; NMI ${f3(h2.nmi)}, ARI ${f3(h2.ari)}; ${h2.n_recovered} of ${h2.n_classes} structure ids recovered (a cluster ≥ 90 % pure holding > 50 % of the id's failures)` +
    (structure ? `; ${structure.lift.filter((l) => l.high).length} of ${structure.lift.length} cluster regions fail above the base rate ${f3(structure.base_rate)} (lift CI above 1).` : ".");
  const why =
    verdict === "failures unstructured"
      ? "The failures are no more concentrated over the design space than failures drawn at random with the same counts: whatever the clusters recover (the item templates φ reads), it is not where the models fail."
      : verdict === "recovered beyond type"
        ? "The failures are concentrated beyond chance and their clusters recover structure beyond the item type the features can see."
        : verdict === "type only"
          ? within
            ? "The clusters beat shuffled labels but not labels permuted within type: they follow the item type, which the features see, and recover no structure beyond it."
            : "The clusters beat shuffled labels; without item types the within-type null could not be run."
          : "The clusters are no purer than shuffled labels: no latent structure recovered.";
  return { verdict, reasoning: `${why} ${base}` };
}

/**
 * H3: the stopping rule's decision in words. `noVerdict` (a reason) when there was no failure
 * geometry to judge (e.g. every model right on every item). A declaration that a later round
 * revoked is named with where and why; under augment the diagnostics compare what each round adds.
 */
export function h3Verdict(stopping: StoppingDecision, rounds: number, update: string, noVerdict: string | null = null): { verdict: H3Verdict; reasoning: string } {
  if (noVerdict) return { verdict: "no verdict", reasoning: `No verdict: ${noVerdict}.` };
  const rule = stopping.rule;
  const eps = rule.epsilon === "auto" ? "the round's drift noise band (95th percentile between independent same-distribution draws)" : `ε = ${rule.epsilon}`;
  const tau = rule.tau === "auto" ? "the ARI noise band (5th percentile)" : `τ = ${rule.tau}`;
  const ari =
    update === "substitute"
      ? " (ARI undefined: substitute keeps no failures across rounds, so drift alone decides)"
      : update === "augment"
        ? " (augment: drift between the failures of the items each round adds, which share none, so drift alone decides)"
        : ` and ARI on shared failures at least ${tau}`;
  const revoked = (stopping.declarations ?? []).filter((d) => d.revoked_at !== null);
  const revokedText = revoked.length ? ` Declared and revoked: ${revoked.map((d) => `at round ${d.declared_at}, revoked at round ${d.revoked_at} (${d.reason})`).join("; ")}.` : "";
  if (stopping.converged_at === null) {
    return {
      verdict: "not converged",
      reasoning: `No run of ${rule.window} consecutive rounds with drift within ${eps}${ari} held through round ${rounds - 1}: the failure geometry moved more than sampling noise explains (see convergence_series).${revokedText}`,
    };
  }
  const at = stopping.converged_at;
  const lr = (stopping.long_range ?? []).filter((x) => x.within && x.anchor === at);
  const lrText = lr.length ? ` The drift from round ${at} stayed within its band through round ${lr.at(-1)?.round} (${lr.map((x) => `${x.drift.toFixed(3)} ≤ ${x.p95.toFixed(3)}`).join(", ")}).` : "";
  return {
    verdict: "converged",
    reasoning: `Converged at round ${stopping.converged_at}: ${rule.window} consecutive rounds with drift within ${eps}${ari}, holding through the last round (${rounds - 1}): from there the failure geometry moves no more than sampling noise.${lrText}${revokedText}`,
  };
}
