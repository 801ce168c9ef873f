/** Escape text for HTML content and attribute values. */
export function esc(v: unknown): string {
  return String(v ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

/** A number to `digits` decimals; "n/a" for anything that is not a finite number (null, NaN, a missing field). The one formatter of the report and the CLI. */
export function fmt(x: unknown, digits = 3): string {
  return typeof x === "number" && Number.isFinite(x) ? x.toFixed(digits) : "n/a";
}

export const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#2f4b7c", "#a05195"];

export function table(header: string[], rows: (string | number | null | undefined)[][]): string {
  const cell = (c: string | number | null | undefined) => `<td>${typeof c === "number" ? (Number.isInteger(c) ? String(c) : fmt(c)) : esc(c ?? "")}</td>`;
  return `<table><thead><tr>${header.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map(cell).join("")}</tr>`).join("")}</tbody></table>`;
}
