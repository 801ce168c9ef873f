import { describe, expect, it } from "vitest";
import { fixtureBundle } from "./_internal/bundle.fixture.js";
import { renderReport } from "./index.js";

const count = (html: string, mark: string) => html.split(`data-mark="${mark}"`).length - 1;

describe("renderReport", () => {
  const html = renderReport(fixtureBundle());
  it("is one self-contained page: no script, no external URL, no link or import", () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link|@import|url\(|https?:\/\//i);
  });
  it("draws the expected marks", () => {
    // eval: 3 bars + 3 whiskers; harness: 2 S bars + 3 models × 2 slices accuracy bars; discovery: 40 points; iterate: 4 charts
    expect(count(html, "bar")).toBe(3 + 2 + 6);
    expect(count(html, "point")).toBe(40);
    // S (4) + purity (4) + drift (3) + drift noise band (3) + ARI (3)
    expect(count(html, "line-point")).toBe(17);
    expect(html.match(/data-chart="/g)).toHaveLength(3 + 1 + 5);
  });
  it("shows the verdicts and the provenance, escaping every text", () => {
    expect(html).toContain('data-verdict="H1 separation"');
    expect(html).toContain('data-verdict="H2 latent structure"');
    expect(html).toContain('data-verdict="H3 convergence"');
    // H2's card shows the verdict the harness stored, not a rule of its own
    expect(html).toContain("H2 latent structure: type only");
    expect(html).toContain("fixture &lt;report&gt; &amp; co");
    expect(html).toContain("All cats &lt;are&gt; &quot;black&quot;");
    expect(html).not.toContain("<are>");
    // provenance is printed as text: markup inside it cannot close the <pre> or run
    expect(html).toContain("&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
  });
  it("renders what a run dir holds and says so when it holds nothing", () => {
    const { eval: evalOnly } = fixtureBundle();
    const only = renderReport(evalOnly ? { eval: evalOnly } : {});
    expect(count(only, "point")).toBe(0);
    expect(renderReport({})).toContain("No report JSON in this run directory.");
  });
});

describe("a million failures in the report", () => {
  it("the scatter draws an even stride of at most 5000 points and says so; no stack overflow", async () => {
    const { scatter, MAX_SCATTER_POINTS } = await import("./_internal/charts.js");
    const pts = Array.from({ length: 1_000_000 }, (_, i) => ({ x: Math.sin(i), y: Math.cos(i), group: i % 5, tip: `p${i}` }));
    const svg = scatter("Failures", pts);
    expect(svg.split('data-mark="point"').length - 1).toBeLessThanOrEqual(MAX_SCATTER_POINTS);
    expect(svg).toMatch(/5000 of 1000000 shown \(every 200th\)/);
  });
});

describe("the IRT section (fib irt)", () => {
  const item = (id: string, a: number, flags: string[] = []) => ({
    id,
    a,
    c: 0.2,
    difficulty: -0.2 / a,
    discrimination: a,
    n_answered: 9,
    p_correct: 0.5,
    infit: 1,
    outfit: 1,
    item_rest_r: a > 0 ? 0.4 : -0.9,
    flags,
  });
  const irt = {
    kind: "irt",
    model: "2pl",
    n_persons: 2,
    n_items: 3,
    answered_share: 1,
    n_records: 6,
    n_unanswered: 0,
    loglik: -3,
    iterations: 12,
    converged: true,
    abilities: [
      { id: "model <b>a</b>", theta: 0.5, se: 0.3, n_answered: 3, n_correct: 2 },
      { id: "b", theta: -0.5, se: 0.3, n_answered: 3, n_correct: 1 },
    ],
    items: [item("i1", 1.2), item("i<2>", 0.8), item("i3", -0.7, ["negative_discrimination"])],
    information: { theta: [-1, 0, 1], test: [0.4, 0.6, 0.4] },
    flagged: { negative_discrimination: 1, "<img src=x onerror=alert(1)>": 2 },
    select: null,
    provenance: fixtureBundle().eval?.provenance,
  } as never;
  const html = renderReport({ irt });
  it("draws the information and characteristic curves, lists abilities and flagged items, and escapes what the file says", () => {
    expect(html).toContain('id="irt"');
    expect(count(html, "curve")).toBe(1 + 4);
    expect(html).toContain("model &lt;b&gt;a&lt;/b&gt;");
    expect(html).toContain("i&lt;2&gt;");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });
});
