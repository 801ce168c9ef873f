import { esc, fmt } from "./_internal/html.js";
import { compareSection, discoverySection, evalSection, harnessSection, irtSection, iterateSection } from "./sections.js";
import type { ReportBundle } from "./types.js";

const CSS = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1100px;color:#222;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.muted{color:#666}.verdicts{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}.verdict{flex:1 1 300px;border:1px solid #ddd;border-radius:8px;padding:10px 12px}
.verdict b{font-size:15px}.supported,.converged,.recovered{border-color:#59a14f;background:#f1f8ef}.not-supported,.not-converged,.not-recovered{border-color:#e15759;background:#fdf1f1}.inconclusive,.untested{border-color:#edc948;background:#fdf9ec}
table{border-collapse:collapse;margin:8px 0;font-size:13px}th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}th{background:#f6f6f6}
figure{margin:10px 0}figcaption{font-weight:600;margin-bottom:4px}svg text{font-size:11px;fill:#333}svg .val{fill:#666}.row{display:flex;flex-wrap:wrap;gap:8px}
.stat{margin:6px 0}pre{background:#f6f6f6;padding:10px;overflow:auto;font-size:12px;max-height:360px}`;

function verdicts(b: ReportBundle): string {
  const cards: string[] = [];
  const card = (h: string, cls: string, verdict: string, text: string) => `<div class="verdict ${cls}" data-verdict="${esc(h)}"><b>${esc(h)}: ${esc(verdict)}</b><div>${esc(text)}</div></div>`;
  if (b.harness) {
    const h1 = b.harness.h1;
    cards.push(
      h1
        ? card("H1 separation", h1.verdict === "no verdict" ? "untested" : h1.verdict.replace(/ /g, "-"), h1.verdict, h1.reasoning)
        : card("H1 separation", "untested", "not tested", "Run the harness with --induce to compare an induced slice with a static one."),
    );
    const cal = b.harness.calibration;
    if (cal)
      cards.push(
        card(
          "H1 calibration",
          cal.verdict === "calibrated" ? "supported" : "not-supported",
          `${cal.verdict}: false positives ${fmt(100 * cal.false_positive.rate, 1)} %, power ${fmt(100 * cal.power.rate, 1)} %`,
          cal.reasoning,
        ),
      );
  } else if (b.compare) {
    const c = b.compare;
    cards.push(
      card(
        "H1 separation",
        "untested",
        "one seed only",
        `Static S = ${fmt(c.static_separation_S)}, induced S = ${fmt(c.failure_gen_separation_S)}. A verdict needs the multi-seed harness (fib harness --induce).`,
      ),
    );
  }
  if (b.discovery) {
    const d = b.discovery;
    if (d.h2) {
      const v = d.h2_verdict ?? "not judged";
      const cls = v === "recovered beyond type" ? "recovered" : v === "type only" ? "inconclusive" : v === "not recovered" ? "not-recovered" : "untested";
      cards.push(
        card(
          "H2 latent structure",
          cls,
          v,
          d.h2_reasoning ?? `Macro purity ${fmt(d.h2.purity_macro)} against a shuffled-label p95 of ${fmt(d.h2.shuffled_baseline.p95)} (a report from before the within-type null: no verdict).`,
        ),
      );
    } else cards.push(card("H2 latent structure", "untested", "not computed", d.h2_reason ?? ""));
  }
  for (const w of [b.harness?.prereg_warning, b.iterate?.prereg_warning]) if (w) cards.push(card("Pre-registration", "inconclusive", "caveat", w));
  if (b.iterate) cards.push(card("H3 convergence", b.iterate.h3_verdict.replace(/ /g, "-"), b.iterate.h3_verdict, b.iterate.h3_reasoning));
  return cards.length ? `<div class="verdicts">${cards.join("")}</div>` : "";
}

/**
 * One self-contained HTML page from a run's report JSON: inline CSS and SVG, no script, no
 * font or file fetched — it opens from disk anywhere. Sections appear for whichever reports
 * the bundle holds; verdict cards sum up H1 / H2 / H3; the provenance closes the page.
 */
export function renderReport(b: ReportBundle): string {
  const prov = b.harness?.provenance ?? b.iterate?.provenance ?? b.compare?.provenance ?? b.eval?.provenance ?? b.discovery?.provenance ?? b.irt?.provenance;
  const title = b.title ?? "fib report";
  const body = [
    b.harness ? harnessSection(b.harness) : "",
    b.compare ? compareSection(b.compare) : "",
    b.eval ? evalSection(b.eval) : "",
    b.discovery ? discoverySection(b.discovery) : "",
    b.iterate ? iterateSection(b.iterate) : "",
    b.irt ? irtSection(b.irt) : "",
  ].join("");
  const meta = prov
    ? `run ${esc(prov.run_id)} · ${esc(prov.timestamp_utc)} · git ${esc(String(prov.git_sha ?? "n/a").slice(0, 10))}${prov.git_dirty ? " (dirty)" : ""} · fib ${esc(prov.package_version)}`
    : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${CSS}</style></head>
<body><header><h1>${esc(title)}</h1><div class="muted">${meta}${b.run_dir ? ` · ${esc(b.run_dir)}` : ""}</div></header>
${verdicts(b)}${body || "<p>No report JSON in this run directory.</p>"}
${prov ? `<section id="provenance"><h2>Provenance</h2><pre>${esc(JSON.stringify(prov, null, 2))}</pre></section>` : ""}
</body></html>
`;
}
