import type { IrtAnalysis } from "./analyse.js";
import type { ResponseMatrix } from "./matrix.js";

/** py-irt's input: one JSON line per person, {"subject_id", "responses": {item_id: 0 | 1}}; unanswered items are left out. */
export function toPyIrtJsonl(m: ResponseMatrix): string {
  const I = m.items.length;
  const lines = m.persons.map((subject_id, p) => {
    const responses: Record<string, number> = {};
    for (let i = 0; i < I; i++) {
      const x = m.data[p * I + i] as number;
      if (x >= 0) responses[m.items[i] as string] = x;
    }
    return JSON.stringify({ subject_id, responses });
  });
  return lines.length ? `${lines.join("\n")}\n` : "";
}

/**
 * RFC 4180 field: quoted when it holds a comma, quote or line break. An id (text) that a spreadsheet would
 * read as a formula (=, +, −, @, tab, CR first) is prefixed with ' so opening the CSV runs nothing.
 */
function field(v: string | number | null): string {
  if (v === null) return "";
  const s = typeof v === "string" && /^[=+\-@\t\r]/.test(v) ? `'${v}` : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The matrix as CSV: a header `person,<item ids…>`, one row per person, cells 1 / 0 / empty (not answered). */
export function toResponsesCsv(m: ResponseMatrix): string {
  const I = m.items.length;
  const rows = [["person", ...m.items].map(field).join(",")];
  m.persons.forEach((p, j) => {
    const cells = [field(p)];
    for (let i = 0; i < I; i++) {
      const x = m.data[j * I + i] as number;
      cells.push(x < 0 ? "" : String(x));
    }
    rows.push(cells.join(","));
  });
  return `${rows.join("\n")}\n`;
}

/** The item parameters and statistics as CSV, one row per item. */
export function itemsCsv(a: IrtAnalysis): string {
  const head = ["item_id", "discrimination", "difficulty", "intercept", "n_answered", "p_correct", "infit", "outfit", "item_rest_r", "flags"];
  const rows = a.items.map((it) =>
    [it.id, it.discrimination, it.difficulty, it.c, it.n_answered, it.p_correct, it.infit, it.outfit, it.item_rest_r, it.flags.join(" ")].map((v) => field(v)).join(","),
  );
  return `${[head.join(","), ...rows].join("\n")}\n`;
}
