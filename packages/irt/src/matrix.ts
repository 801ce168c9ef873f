import { FibError } from "@fib/schemas";

/**
 * A persons × items matrix of binary responses, row-major: 1 correct, 0 wrong, -1 not answered.
 * In fib the persons are models and the items are benchmark items.
 */
export interface ResponseMatrix {
  persons: string[];
  items: string[];
  data: Int8Array;
}

/** Builds a matrix from per-person rows of 1 / 0 / null (null: not answered); every row as long as `items`. */
export function responseMatrix(persons: readonly string[], items: readonly string[], rows: readonly (readonly (number | boolean | null)[])[]): ResponseMatrix {
  if (rows.length !== persons.length) throw new FibError("INPUT_INVALID", `responses: ${rows.length} rows for ${persons.length} persons`, { field: "responses" });
  if (new Set(persons).size !== persons.length) throw new FibError("INPUT_INVALID", "responses: person ids repeat", { field: "persons" });
  if (new Set(items).size !== items.length) throw new FibError("INPUT_INVALID", "responses: item ids repeat", { field: "items" });
  const data = new Int8Array(persons.length * items.length);
  rows.forEach((row, p) => {
    if (row.length !== items.length) throw new FibError("INPUT_INVALID", `responses: row ${p} (${persons[p]}) has ${row.length} values for ${items.length} items`, { field: "responses" });
    row.forEach((v, i) => {
      if (v !== null && v !== 0 && v !== 1 && v !== true && v !== false)
        throw new FibError("INPUT_INVALID", `responses: row ${p}, item ${items[i]}: ${String(v)} is not 0, 1 or null`, { field: "responses" });
      data[p * items.length + i] = v === null ? -1 : v === true || v === 1 ? 1 : 0;
    });
  });
  return { persons: [...persons], items: [...items], data };
}

/** The matrix of per-model correctness over items, from parallel per-model rows (1 correct) and an optional answered mask. */
export function matrixFromCorrectness(persons: readonly string[], items: readonly string[], correct: readonly Uint8Array[], answered?: readonly Uint8Array[]): ResponseMatrix {
  const n = items.length;
  const data = new Int8Array(persons.length * n);
  for (let p = 0; p < persons.length; p++) {
    const c = correct[p] as Uint8Array;
    const a = answered?.[p];
    for (let i = 0; i < n; i++) data[p * n + i] = a && a[i] !== 1 ? -1 : (c[i] as number) === 1 ? 1 : 0;
  }
  return { persons: [...persons], items: [...items], data };
}

/** The matrix without the given persons (rows), e.g. to fit items on every model but one. */
export function withoutPersons(m: ResponseMatrix, drop: ReadonlySet<string>): ResponseMatrix {
  const keep = m.persons.map((p, j) => [p, j] as const).filter(([p]) => !drop.has(p));
  const n = m.items.length;
  const data = new Int8Array(keep.length * n);
  keep.forEach(([, j], r) => {
    data.set(m.data.subarray(j * n, (j + 1) * n), r * n);
  });
  return { persons: keep.map(([p]) => p), items: [...m.items], data };
}

/** The matrix restricted to the given item columns (in that order). */
export function selectItems(m: ResponseMatrix, cols: readonly number[]): ResponseMatrix {
  const n = m.items.length;
  const data = new Int8Array(m.persons.length * cols.length);
  for (let p = 0; p < m.persons.length; p++)
    cols.forEach((c, k) => {
      data[p * cols.length + k] = m.data[p * n + c] as number;
    });
  return { persons: [...m.persons], items: cols.map((c) => m.items[c] as string), data };
}
