import { extent } from "@fib/stats";
import { esc, fmt, PALETTE } from "./html.js";

export interface Interval {
  label: string;
  value: number | null;
  lo?: number | null;
  hi?: number | null;
  group?: string;
}

const W = 640;

/**
 * Horizontal bars with interval whiskers, one row per entry (grouped entries share a colour
 * per group). Every bar is a `data-mark="bar"`, every whisker a `data-mark="ci"`.
 */
export function intervalBars(title: string, rows: readonly Interval[], opts: { max?: number } = {}): string {
  const groups = [...new Set(rows.map((r) => r.group ?? ""))];
  const max = opts.max ?? Math.max(1e-9, ...rows.flatMap((r) => [r.value ?? 0, r.hi ?? 0]));
  const rowH = 20;
  const left = 190;
  const plotW = W - left - 60;
  const h = rows.length * rowH + 40;
  const x = (v: number) => left + (Math.max(0, v) / max) * plotW;
  const marks = rows
    .map((r, i) => {
      const y = 20 + i * rowH;
      const color = PALETTE[groups.indexOf(r.group ?? "") % PALETTE.length];
      const v = r.value ?? 0;
      const tip = `${r.group ? `${r.group} · ` : ""}${r.label}: ${fmt(r.value)}${r.lo != null && r.hi != null ? ` [${fmt(r.lo)}, ${fmt(r.hi)}]` : ""}`;
      const bar = `<rect data-mark="bar" x="${left}" y="${y + 3}" width="${(x(v) - left).toFixed(1)}" height="${rowH - 6}" fill="${color}"><title>${esc(tip)}</title></rect>`;
      const ci =
        r.lo != null && r.hi != null && Number.isFinite(r.lo) && Number.isFinite(r.hi)
          ? `<line data-mark="ci" x1="${x(r.lo).toFixed(1)}" x2="${x(r.hi).toFixed(1)}" y1="${y + rowH / 2}" y2="${y + rowH / 2}" stroke="#222" stroke-width="1.5"/>`
          : "";
      return `<text x="${left - 6}" y="${y + rowH / 2 + 4}" text-anchor="end">${esc(r.group ? `${r.label} (${r.group})` : r.label)}</text>${bar}${ci}<text x="${(x(Math.max(v, r.hi ?? 0)) + 4).toFixed(1)}" y="${y + rowH / 2 + 4}" class="val">${fmt(r.value)}</text>`;
    })
    .join("");
  const axis = `<line x1="${left}" x2="${left}" y1="15" y2="${h - 20}" stroke="#999"/><text x="${left}" y="${h - 5}" class="val">0</text><text x="${left + plotW}" y="${h - 5}" class="val" text-anchor="end">${fmt(max, 2)}</text>`;
  return figure(title, `<svg data-chart="bars" viewBox="0 0 ${W} ${h}" width="${W}" height="${h}" role="img" aria-label="${esc(title)}">${axis}${marks}</svg>`);
}

/** Most points a scatter draws: beyond, an even stride through them (the caption says so). */
export const MAX_SCATTER_POINTS = 5000;

/** A scatter of points coloured by group, each with a hover title (`data-mark="point"`). */
export function scatter(title: string, all: readonly { x: number; y: number; group: number; tip: string }[]): string {
  const size = 420;
  const pad = 30;
  const stride = Math.ceil(all.length / MAX_SCATTER_POINTS);
  const points = stride > 1 ? all.filter((_, i) => i % stride === 0) : all;
  if (stride > 1) title = `${title} — ${points.length} of ${all.length} shown (every ${stride}th)`;
  const ex = extent(points.map((p) => p.x));
  const ey = extent(points.map((p) => p.y));
  const none = points.length === 0;
  const [x0, x1] = none ? [0, 1e-9] : [Math.min(ex.min, 0), Math.max(ex.max, 1e-9)];
  const [y0, y1] = none ? [0, 1e-9] : [Math.min(ey.min, 0), Math.max(ey.max, 1e-9)];
  const sx = (v: number) => pad + ((v - x0) / (x1 - x0 || 1)) * (size - 2 * pad);
  const sy = (v: number) => size - pad - ((v - y0) / (y1 - y0 || 1)) * (size - 2 * pad);
  const marks = points
    .map(
      (p) =>
        `<circle data-mark="point" cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="3.5" fill="${PALETTE[p.group % PALETTE.length]}" fill-opacity="0.75"><title>${esc(p.tip)}</title></circle>`,
    )
    .join("");
  const groups = [...new Set(points.map((p) => p.group))].sort((a, b) => a - b);
  const legend = groups
    .map((g, i) => `<rect x="${size + 10}" y="${20 + i * 18}" width="12" height="12" fill="${PALETTE[g % PALETTE.length]}"/><text x="${size + 28}" y="${30 + i * 18}">cluster ${g}</text>`)
    .join("");
  return figure(
    title,
    `<svg data-chart="scatter" viewBox="0 0 ${size + 120} ${size}" width="${size + 120}" height="${size}" role="img" aria-label="${esc(title)}"><rect x="${pad}" y="${pad}" width="${size - 2 * pad}" height="${size - 2 * pad}" fill="none" stroke="#ddd"/>${marks}${legend}</svg>`,
  );
}

/** One small line chart of a series over rounds (`data-mark="line-point"` per defined value). */
export function lineChart(title: string, values: readonly (number | null)[], opts: { min?: number; max?: number } = {}): string {
  const w = 300;
  const h = 170;
  const pad = 28;
  const defined = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const lo = opts.min ?? Math.min(0, ...defined);
  const hi = opts.max ?? Math.max(1e-9, ...defined);
  const sx = (i: number) => pad + (values.length <= 1 ? 0 : (i / (values.length - 1)) * (w - 2 * pad));
  const sy = (v: number) => h - pad - ((v - lo) / (hi - lo || 1)) * (h - 2 * pad);
  const pts = values.map((v, i) => (v === null || !Number.isFinite(v) ? null : ([sx(i), sy(v), v, i] as const)));
  const path = pts
    .filter((p) => p !== null)
    .map((p, k) => `${k === 0 ? "M" : "L"}${p[0].toFixed(1)},${p[1].toFixed(1)}`)
    .join(" ");
  const marks = pts
    .map((p) =>
      p === null ? "" : `<circle data-mark="line-point" cx="${p[0].toFixed(1)}" cy="${p[1].toFixed(1)}" r="3.5" fill="#4e79a7"><title>${esc(`round ${p[3]}: ${fmt(p[2])}`)}</title></circle>`,
    )
    .join("");
  const ticks = values.map((_, i) => `<text x="${sx(i).toFixed(1)}" y="${h - 8}" text-anchor="middle" class="val">${i}</text>`).join("");
  return figure(
    title,
    `<svg data-chart="line" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(title)}"><line x1="${pad}" x2="${w - pad}" y1="${h - pad}" y2="${h - pad}" stroke="#999"/><text x="4" y="${pad}" class="val">${fmt(hi, 2)}</text><text x="4" y="${h - pad}" class="val">${fmt(lo, 2)}</text>${path ? `<path d="${path}" fill="none" stroke="#4e79a7" stroke-width="2"/>` : ""}${marks}${ticks}${defined.length === 0 ? `<text x="${w / 2}" y="${h / 2}" text-anchor="middle" class="val">not defined in any round</text>` : ""}</svg>`,
    "small",
  );
}

function figure(title: string, svg: string, cls = ""): string {
  return `<figure class="${cls}"><figcaption>${esc(title)}</figcaption>${svg}</figure>`;
}

/** Several curves over one x grid (item characteristic curves, information): a legend, one `data-mark="curve"` path each. */
export function curves(title: string, xs: readonly number[], series: readonly { label: string; ys: readonly number[] }[], opts: { min?: number; max?: number; xLabel?: string } = {}): string {
  const w = 420;
  const h = 220;
  const pad = 32;
  const all = series.flatMap((s) => s.ys.filter((v) => Number.isFinite(v)));
  const lo = opts.min ?? Math.min(0, ...all);
  const hi = opts.max ?? Math.max(1e-9, ...all);
  const x0 = xs[0] ?? 0;
  const x1 = xs[xs.length - 1] ?? 1;
  const sx = (v: number) => pad + ((v - x0) / (x1 - x0 || 1)) * (w - 2 * pad);
  const sy = (v: number) => h - pad - ((v - lo) / (hi - lo || 1)) * (h - 2 * pad);
  const paths = series
    .map((s, k) => {
      const d = s.ys
        .map((y, i) => (Number.isFinite(y) ? `${i === 0 ? "M" : "L"}${sx(xs[i] as number).toFixed(1)},${sy(y).toFixed(1)}` : ""))
        .filter(Boolean)
        .join(" ");
      return `<path data-mark="curve" d="${d}" fill="none" stroke="${PALETTE[k % PALETTE.length]}" stroke-width="2"><title>${esc(s.label)}</title></path>`;
    })
    .join("");
  const legend = series.map((s, k) => `<text x="${w - pad + 4}" y="${pad + 12 * k}" fill="${PALETTE[k % PALETTE.length]}">${esc(s.label)}</text>`).join("");
  const ticks = [x0, (x0 + x1) / 2, x1].map((v) => `<text x="${sx(v).toFixed(1)}" y="${h - 10}" text-anchor="middle" class="val">${fmt(v, 1)}</text>`).join("");
  return figure(
    title,
    `<svg data-chart="curves" viewBox="0 0 ${w + 160} ${h}" width="${w + 160}" height="${h}" role="img" aria-label="${esc(title)}"><line x1="${pad}" x2="${w - pad}" y1="${h - pad}" y2="${h - pad}" stroke="#999"/><text x="2" y="${pad}" class="val">${fmt(hi, 2)}</text><text x="2" y="${h - pad}" class="val">${fmt(lo, 2)}</text>${paths}${legend}${ticks}${opts.xLabel ? `<text x="${w / 2}" y="${h}" text-anchor="middle" class="val">${esc(opts.xLabel)}</text>` : ""}</svg>`,
  );
}
