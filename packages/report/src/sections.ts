import { curves, intervalBars, lineChart, scatter } from "./_internal/charts.js";
import { extent } from "@fib/stats";
import { esc, fmt, table } from "./_internal/html.js";
import type { CompareJson, DiscoveryJson, EvalSummaryJson, HarnessJson, IrtJson, IterateJson } from "./types.js";

const section = (id: string, title: string, body: string) => `<section id="${id}"><h2>${esc(title)}</h2>${body}</section>`;

export function evalSection(e: EvalSummaryJson): string {
  const bars = intervalBars(
    `Accuracy per model on ${e.slice} (n = ${e.n}), 95% bootstrap CI`,
    e.models.map((m) => ({ label: m, value: e.accuracy_by_model[m] ?? null, lo: e.accuracy_ci_by_model[m]?.lo ?? null, hi: e.accuracy_ci_by_model[m]?.hi ?? null, group: e.slice })),
    { max: 1 },
  );
  const types = Object.keys(e.accuracy_by_type ?? {});
  const byType = types.length
    ? table(
        ["model", ...types],
        e.models.map((m) => [m, ...types.map((t) => e.accuracy_by_type?.[t]?.[m] ?? null)]),
      )
    : "";
  const sep = `<p class="stat">model_separation_S = <b>${fmt(e.model_separation_S)}</b> (95% CI ${fmt(e.model_separation_S_ci.lo)}–${fmt(e.model_separation_S_ci.hi)})${e.n_errors ? ` · ${e.n_errors} records without an answer` : ""}</p>`;
  return section("eval", `Evaluation: ${e.slice}`, bars + sep + byType);
}

export function compareSection(c: CompareJson): string {
  const models = Object.keys(c.accuracy_by_model.static);
  const acc = intervalBars(
    `Accuracy per model, static vs failure-induced (budget ${c.budget} each)`,
    models.flatMap((m) => [
      { label: m, value: c.accuracy_by_model.static[m] ?? null, group: "static" },
      { label: m, value: c.accuracy_by_model.failure_gen[m] ?? null, group: "induced" },
    ]),
    { max: 1 },
  );
  const sep = intervalBars("Separation S, static vs induced, 95% CI", [
    { label: "static", value: c.static_separation_S, lo: c.static_separation_S_ci.lo, hi: c.static_separation_S_ci.hi, group: "static" },
    { label: "failure-induced", value: c.failure_gen_separation_S, lo: c.failure_gen_separation_S_ci.lo, hi: c.failure_gen_separation_S_ci.hi, group: "induced" },
  ]);
  return section(
    "compare",
    "Static vs failure-induced (one seed)",
    sep + acc + `<p class="stat">${c.n_failures} failures → ${c.n_generated} generated items; failure-geometry purity ${fmt(c.failure_geometry_purity)}</p>`,
  );
}

type Slice = HarnessJson["slices"][string];

/** Separation per slice (bars, and the debiased table), and each model's answered / errored records per slice. */
function sliceTables(h: HarnessJson, names: readonly string[]): { sep: string; deb: string; answered: string } {
  const sep = intervalBars(
    `Separation S per slice: mean over ${h.seeds.length} seeds, whiskers ± 1 std`,
    names.map((n) => {
      const s = h.slices[n] as Slice;
      return { label: n, value: s.S_mean, lo: s.S_mean - s.S_std, hi: s.S_mean + s.S_std, group: n };
    }),
  );
  const deb = table(
    ["slice", "branch", "S (raw)", "S debiased", "S std over seeds"],
    names.map((n) => {
      const s = h.slices[n] as Slice;
      return [n, s.branch, s.S_mean, s.S_debiased ?? null, s.S_std];
    }),
  );
  const answered = table(
    ["model", ...names.map((n) => `${n}: answered / errored`)],
    Object.keys(h.slices[names[0] as string]?.per_seed[0]?.accuracy_by_model ?? {}).map((m) => [
      m,
      ...names.map((n) => {
        const per = h.slices[n]?.per_seed ?? [];
        const a = per.reduce((x, r) => x + (r.answered_by_model?.[m] ?? 0), 0);
        const e = per.reduce((x, r) => x + (r.errored_by_model?.[m] ?? 0), 0);
        return per[0]?.answered_by_model ? `${a} / ${e}` : "n/a";
      }),
    ]),
  );
  return { sep, deb, answered };
}

/** H2's tests, the credited H1 verdict and every H1 comparison (empty when the report holds no H1 comparison). */
function harnessTests(h: HarnessJson): string {
  const tests = [
    ["induced vs static (H1)", h.h1],
    ["failure-blind control vs static (no failures)", h.h1_blind],
    ["unstructured (k = 1) vs static", h.h1_unstructured],
    ["unstructured vs blind (did the failures' mass matter?)", h.mass_effect],
    ["induced vs unstructured (did M̂ matter?)", h.structure_effect],
    ["induced vs blind (did the failures matter?)", h.failure_effect],
  ]
    .filter((t): t is [string, NonNullable<HarnessJson["h1"]>] => Boolean(t[1]))
    .map(([name, t]) => [name, t.verdict, t.diff_mean, `${fmt(t.ci.lo, 4)} – ${fmt(t.ci.hi, 4)}`, t.ranking ? `${fmt(t.ranking.kendall_tau, 2)}${t.ranking.reranked ? " (re-ranked)" : ""}` : "–"]);
  if (!tests.length) return "";
  const credited = h.h1_credited
    ? `<p class="stat">H1, credited to the failures: <b>${esc(h.h1_credited.verdict)}</b> (decided by ${esc(h.h1_credited.decided_by)}). ${esc(h.h1_credited.reasoning)}</p>`
    : "";
  const h2 = [
    ["H2: induced vs static (failure-cluster purity above chance)", h.h2_induced],
    ["H2 null: failure-blind vs static", h.h2_blind],
  ]
    .filter((t): t is [string, NonNullable<HarnessJson["h2_induced"]>] => Boolean(t[1]))
    .map(([name, t]) => [name, t.verdict, t.diff_mean, `${fmt(t.ci.lo, 3)} – ${fmt(t.ci.hi, 3)}`]);
  const h2Table = h2.length ? table(["test (Δ purity above chance)", "verdict", "Δ", "95% CI"], h2) + (h.h2_induced ? `<p class="stat">${esc(h.h2_induced.reasoning)}</p>` : "") : "";
  return h2Table + credited + table(["test (ΔV, debiased variance of accuracy)", "verdict", "ΔV", "95% CI", "Kendall τ (rankings)"], tests);
}

/** Each model's accuracy per slice: mean over seeds, whiskers min–max. */
function accuracyBars(h: HarnessJson, names: readonly string[]): string {
  const models = Object.keys(h.slices[names[0] as string]?.per_seed[0]?.accuracy_by_model ?? {});
  const rows = models.flatMap((m) =>
    names.map((n) => {
      const accs = (h.slices[n]?.per_seed ?? []).map((r) => r.accuracy_by_model[m] ?? Number.NaN).filter(Number.isFinite);
      const mean = accs.reduce((a, b) => a + b, 0) / Math.max(1, accs.length);
      const { min, max } = extent(accs);
      return { label: m, value: mean, lo: min, hi: max, group: n };
    }),
  );
  return intervalBars("Accuracy per model per slice: mean over seeds, whiskers min–max", rows, { max: 1 });
}

export function harnessSection(h: HarnessJson): string {
  const names = Object.keys(h.slices);
  const { sep, deb, answered } = sliceTables(h, names);
  const ind = h.induction
    ? `<p class="stat">Induced from ${h.induction.n_failures} failures on '${esc(h.induction.from)}' (induction split, never scored): ${h.induction.k} clusters, purity ${fmt(h.induction.failure_geometry_purity)}.</p>${table(
        ["cluster", "size", "description"],
        h.induction.profiles.map((p) => [p.cluster_id, p.size, p.description]),
      )}`
    : "";
  return section("harness", "Budget-matched harness", sep + deb + harnessTests(h) + accuracyBars(h, names) + answered + ind);
}

type Row = [string, number | string | null, string];

/** H2's metrics against their nulls (or why H2 was not computed). */
function h2Table(d: DiscoveryJson): string {
  if (!d.h2) return `<p class="stat">H2 not computed: ${esc(d.h2_reason)}</p>`;
  const w = d.h2.within_type_baseline;
  const within: Row[] = w
    ? [
        ["labels permuted within type", w.mean, `p95 ${fmt(w.p95)}, p = ${fmt(w.p_value)}`],
        ["partition by type alone", d.h2.type_partition_purity ?? null, "no clustering"],
      ]
    : [];
  const fs = d.failure_structure;
  const failureNull: Row[] = fs?.null
    ? [
        ["failures re-drawn at random (same counts): purity", fs.null.purity?.mean ?? null, fs.null.purity ? `p95 ${fmt(fs.null.purity.p95)}, p = ${fmt(fs.null.purity.p_value)}` : ""],
        ["failure concentration G² (vs that null)", fs.g_statistic, `p95 ${fmt(fs.null.g.p95)}, p = ${fmt(fs.null.g.p_value)}`],
      ]
    : [];
  return table(
    ["H2 metric", "value", "95% CI / baseline"],
    [
      ["macro purity vs structure_id", d.h2.purity_macro, `${fmt(d.h2.purity_macro_ci.lo)}–${fmt(d.h2.purity_macro_ci.hi)}`],
      ["shuffled-label purity", d.h2.shuffled_baseline.mean, `p95 ${fmt(d.h2.shuffled_baseline.p95)}, p = ${fmt(d.h2.shuffled_baseline.p_value)}`],
      ...within,
      ...failureNull,
      ["NMI", d.h2.nmi, ""],
      ["ARI", d.h2.ari, ""],
      ["MI(cluster, type) / MI(cluster, model)", `${fmt(d.diagnostics.mi_cluster_type)} / ${fmt(d.diagnostics.mi_cluster_model)}`, "nats"],
    ],
  );
}

/** Lift by region, recovery per structure_id, and each model's main cluster (each empty when absent). */
function discoveryTables(d: DiscoveryJson): string {
  const lift = d.failure_structure?.lift.length
    ? table(
        ["cluster region", "items", "records", "failure rate", `lift (base ${fmt(d.failure_structure.base_rate)})`, "95% CI"],
        d.failure_structure.lift.map((l) => [l.cluster_id, l.n_items, l.n_records, l.failure_rate, l.lift, `${fmt(l.ci.lo)}–${fmt(l.ci.hi)}${l.high ? " (above 1)" : ""}`]),
      )
    : "";
  const byClass = d.h2?.by_class
    ? table(
        ["structure_id", "failures", "best cluster", "recall", "purity there", "recovered"],
        d.h2.by_class.map((c) => [c.structure_id, c.n, c.best_cluster, c.recall, c.purity, c.recovered ? "yes" : "no"]),
      )
    : "";
  const modes = d.model_modes?.length
    ? table(
        ["model", "failures", "main cluster", "share of its failures", "share of the cluster"],
        d.model_modes.map((m) => [m.model_id, m.n_failures, m.best_cluster, m.recall, m.precision]),
      )
    : "";
  return lift + byClass + modes;
}

export function discoverySection(d: DiscoveryJson): string {
  if (d.status !== "ok") return section("discovery", "Failure clusters", `<p class="stat">${esc(d.message)}</p>`);
  const pts = d.points.map((p) => ({ x: p.x, y: p.y, group: p.cluster, tip: `cluster ${p.cluster} · ${p.model_id} · ${p.structure_id ?? "?"}\n${p.item_id}: ${p.text}` }));
  const ex = d.projection_explained ? ` (PC1 ${fmt(100 * d.projection_explained[0], 0)}%, PC2 ${fmt(100 * d.projection_explained[1], 0)}% of variance)` : "";
  const sc = scatter(`Failures in 2-D${ex}, coloured by cluster; hover for item, model and structure_id`, pts);
  const prof = table(
    ["cluster", "size", "description", "top models", "disagreement"],
    d.profiles.map((p) => [
      p.cluster_id,
      p.size,
      p.description,
      p.models
        .slice(0, 3)
        .map((m) => `${m.model_id} ${fmt(100 * m.share, 0)}%`)
        .join(", "),
      p.disagreement,
    ]),
  );
  const verdict = d.h2_verdict ? `<p class="stat">H2: <b>${esc(d.h2_verdict)}</b>. ${esc(d.h2_reasoning ?? "")}</p>` : "";
  return section("discovery", `Failure clusters (${d.n_failures} failures, k = ${d.k})`, sc + prof + verdict + h2Table(d) + discoveryTables(d));
}

export function iterateSection(it: IterateJson): string {
  const s = it.convergence_series;
  const charts = [
    lineChart(
      "Separation S",
      s.map((r) => r.model_separation_S),
    ),
    lineChart(
      "Purity vs structure_id",
      s.map((r) => r.purity),
      { min: 0, max: 1 },
    ),
    lineChart(
      "Centroid drift (Hungarian-matched)",
      s.map((r) => r.drift),
    ),
    lineChart(
      "Drift noise band (95th percentile)",
      s.map((r) => r.noise_band?.drift.p95 ?? null),
    ),
    lineChart(
      "ARI on overlapping failures",
      s.map((r) => r.ari),
      { min: -0.1, max: 1 },
    ),
  ].join("");
  const rows = table(
    ["round", "items", "failures", "S", "S debiased", "purity", "drift", "drift noise p95", "ARI", "ARI noise p5", "overlap", "k"],
    s.map((r) => [
      r.round,
      r.n_items,
      r.n_failures,
      r.model_separation_S,
      r.S_debiased ?? null,
      r.purity,
      r.drift,
      r.noise_band?.drift.p95 ?? null,
      r.ari,
      r.noise_band?.ari?.p5 ?? null,
      r.n_overlap,
      r.k,
    ]),
  );
  return section("iterate", `Iterated feedback (${esc(it.config.update)}, ${s.length} rounds)`, `<div class="row">${charts}</div>${rows}`);
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** `fib irt`: abilities, test information, the most discriminating and the flagged items' characteristic curves, anchors. */
export function irtSection(r: IrtJson): string {
  const xs = r.information.theta;
  const info = curves(`Test information over θ (${r.model}, ${r.n_items} items)`, xs, [{ label: "test information", ys: r.information.test }], { xLabel: "θ" });
  const byA = [...r.items].sort((a, b) => b.discrimination - a.discrimination || a.id.localeCompare(b.id));
  const flagged = r.items.filter((it) => it.flags.includes("negative_discrimination"));
  const shown = [...byA.slice(0, 4), ...flagged.slice(0, 2)];
  const icc = curves(
    "Item characteristic curves: the 4 most discriminating items and up to 2 with negative discrimination",
    xs,
    shown.map((it) => ({ label: `${it.id} (a ${fmt(it.discrimination, 2)})`, ys: xs.map((t) => sigmoid(it.a * t + it.c)) })),
    { min: 0, max: 1, xLabel: "θ" },
  );
  const abilities = table(
    ["model", "θ", "SE", "answered", "correct"],
    [...r.abilities].sort((a, b) => b.theta - a.theta).map((a) => [a.id, a.theta, a.se, a.n_answered, a.n_correct]),
  );
  const flags = `<p class="stat">${r.n_persons} models × ${r.n_items} items (${fmt(100 * r.answered_share, 1)} % of cells answered; ${r.n_unanswered} records without an answer) · ${r.iterations} EM iterations${r.converged ? "" : " (not converged)"} · flagged: ${Object.entries(
    r.flagged,
  )
    .map(([k, v]) => `${esc(k.replace(/_/g, " "))} ${fmt(v)}`)
    .join(", ")}</p>`;
  const flaggedTable = flagged.length
    ? table(
        ["item (negative discrimination: stronger models fail it more — a candidate label error)", "a", "p correct", "item-rest r"],
        flagged.slice(0, 20).map((it) => [it.id, it.discrimination, it.p_correct, it.item_rest_r]),
      )
    : "";
  const sel = r.select
    ? `<h3>Anchors: ${r.select.n} items (${esc(r.select.method)})</h3><p class="stat">Each model left out in turn: its full accuracy estimated from its anchor answers; mean absolute error <b>${fmt(r.select.irt_mean_error)}</b> against <b>${fmt(r.select.random_mean_error)}</b> for ${r.select.n} random items (mean over ${r.select.draws} draws).</p>${table(
        ["model", "accuracy", "anchor estimate", "error", "random-subset error"],
        r.select.rows.map((x) => [x.id, x.accuracy, x.irt_estimate, x.irt_error, x.random_error]),
      )}`
    : "";
  return section("irt", `Item response theory (${r.model})`, flags + `<div class="row">${info}${icc}</div>` + abilities + flaggedTable + sel);
}
