import type { DiscoveryReport } from "@fib/harness";
import { ci, fmt, table } from "./table.js";

type Row = [string, number, string];

/** The failure-permutation null's rows of the H2 table (none when the null was not run). */
function failureNullRows(report: DiscoveryReport): Row[] {
  const fs = report.failure_structure;
  if (!fs?.null) return [];
  return [
    ["failure-null purity", fs.null.purity?.mean ?? Number.NaN, fs.null.purity ? `p95 ${fmt(fs.null.purity.p95)}, p = ${fmt(fs.null.purity.p_value)}` : ""],
    ["failure concentration G²", fs.g_statistic, `failure-null p95 ${fmt(fs.null.g.p95, 1)}, p = ${fmt(fs.null.g.p_value)}`],
  ];
}

/** H2's table: purity against its nulls, NMI, ARI, and what the clusters follow (type or model). */
function h2Table(report: DiscoveryReport, h: NonNullable<DiscoveryReport["h2"]>): string {
  const within: Row[] = h.within_type_baseline ? [["within-type-label purity", h.within_type_baseline.mean, `p95 ${fmt(h.within_type_baseline.p95)}, p = ${fmt(h.within_type_baseline.p_value)}`]] : [];
  return table(
    ["metric", "value", "95% CI / baseline"],
    [
      ["macro purity", h.purity_macro, ci(h.purity_macro_ci)],
      ["shuffled-label purity", h.shuffled_baseline.mean, `p95 ${fmt(h.shuffled_baseline.p95)}, p = ${fmt(h.shuffled_baseline.p_value)}`],
      ...within,
      ...failureNullRows(report),
      ["NMI", h.nmi, ""],
      ["ARI", h.ari, ""],
      ["MI(cluster, type)", report.diagnostics.mi_cluster_type ?? Number.NaN, "nats"],
      ["MI(cluster, model)", report.diagnostics.mi_cluster_model ?? Number.NaN, "nats"],
    ],
  );
}

/** Where models fail more than their base rate, region by region. */
function liftLines(fs: NonNullable<DiscoveryReport["failure_structure"]>): string[] {
  return [
    `Where models fail more than their base rate ${fmt(fs.base_rate)} (every evaluated item placed in its nearest cluster's region):`,
    table(
      ["cluster", "items", "records", "failure rate", "lift", "95% CI"],
      fs.lift.map((l) => [`[${l.cluster_id}]`, String(l.n_items), String(l.n_records), l.failure_rate, l.lift, `[${fmt(l.ci.lo)}, ${fmt(l.ci.hi)}]${l.high ? " high" : ""}`]),
    ),
    "",
  ];
}

/** The planted weaknesses of simulated models, and which were found. */
function plantedLine(p: NonNullable<DiscoveryReport["planted"]>): string {
  return `Planted weaknesses (simulated models; weak = true failure probability ≥ ${p.ratio} × the overall ${fmt(p.overall_failure_probability)}): ${p.weak.length} weak structure(s) (${p.weak.map((w) => `${w.structure_id} ${fmt(w.failure_probability)}`).join(", ")}); found as the majority of a high-lift region: ${p.found.length ? p.found.join(", ") : "none"} — recall ${fmt(p.recall)}, precision ${fmt(p.precision)}`;
}

/** The plain-text account of a discovery: clusters, H2 against its nulls, lift by region, planted weaknesses, the verdict. */
export function discoveryText(report: DiscoveryReport, where: string): string {
  if (report.status !== "ok") return `${report.message}\n${where}`;
  const { scores, method } = report.k_selection;
  const lines = [
    `${report.n_failures} failures → ${report.k} clusters (${method === "silhouette" ? `k chosen by silhouette: ${scores.map((s) => `${s.k}:${fmt(s.silhouette, 2)}`).join(" ")}` : "k fixed"})`,
    "",
    ...report.profiles.map((p) => `  [${p.cluster_id}] ${p.description}`),
    "",
  ];
  const h = report.h2;
  if (h) {
    lines.push("H2 — do failure clusters recover the held-out structure_id?", h2Table(report, h), "");
    if (report.failure_structure?.lift.length) lines.push(...liftLines(report.failure_structure));
    if (report.planted) lines.push(plantedLine(report.planted), "");
    if (report.h2_verdict) lines.push(`H2: ${report.h2_verdict.toUpperCase()} — ${report.h2_reasoning}`, "");
  } else lines.push(`H2 not computed: ${report.h2_reason}`, "");
  lines.push(where);
  return lines.join("\n");
}
