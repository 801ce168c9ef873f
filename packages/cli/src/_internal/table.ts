import { formatNumber } from "@fib/report";
import { terminalSafe } from "@fib/schemas";

/** A plain-text table with right-aligned numeric columns; every text cell is data, shown on one line with control characters escaped. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header.map(terminalSafe), ...rows.map((r) => r.map((c) => (typeof c === "number" ? fmt(c) : terminalSafe(c))))];
  const widths = header.map((_, j) => cells.reduce((w, r) => Math.max(w, String(r[j] ?? "").length), 0));
  const line = (r: (string | number)[]) => r.map((c, j) => (j === 0 ? String(c).padEnd(widths[j] as number) : String(c).padStart(widths[j] as number))).join("  ");
  return [line(cells[0] as string[]), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}

/** the report's number formatter: one rule for "n/a" in the terminal and the page */
export const fmt = (x: number | null | undefined, digits = 3): string => formatNumber(x, digits);

export function ci(c: { lo: number; hi: number } | undefined): string {
  return c ? `[${fmt(c.lo)}, ${fmt(c.hi)}]` : "n/a";
}
