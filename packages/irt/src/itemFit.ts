import type { ResponseMatrix } from "./matrix.js";
import { type ItemParameters, sigmoid } from "./probability.js";

export type ItemFlag = "negative_discrimination" | "no_variance" | "misfit";

export interface ItemStatistics {
  id: string;
  a: number;
  c: number;
  /** b = −c / a: the θ where P(correct) = ½ (null when a is 0) */
  difficulty: number | null;
  discrimination: number;
  n_answered: number;
  p_correct: number | null;
  /** information-weighted and unweighted mean-square residuals at the persons' θ (1 is the model's expectation) */
  infit: number | null;
  outfit: number | null;
  /** correlation of the item with the rest score (the person's share correct on the other answered items) */
  item_rest_r: number | null;
  /**
   * negative_discrimination: a < 0 (2PL; any Rasch item) with an item-rest correlation below −2/√n (the sign
   * alone is noise with few models) — stronger models fail it more often, a candidate label error; no_variance: every answer the same (it cannot separate anyone);
   * misfit: infit or outfit above 2 (Linacre: noise degrades the measurement)
   */
  flags: ItemFlag[];
}

/** Per item: parameters, share correct, infit / outfit at `thetas`, item-rest correlation and flags. */
export function itemStatistics(items: readonly (ItemParameters & { id: string })[], m: ResponseMatrix, thetas: readonly number[], model: "rasch" | "2pl"): ItemStatistics[] {
  const P = m.persons.length;
  const I = m.items.length;
  const answered = new Float64Array(P);
  const correct = new Float64Array(P);
  for (let p = 0; p < P; p++)
    for (let i = 0; i < I; i++) {
      const x = m.data[p * I + i] as number;
      if (x >= 0) answered[p] = (answered[p] as number) + 1;
      if (x === 1) correct[p] = (correct[p] as number) + 1;
    }
  return items.map((it, i) => {
    let na = 0;
    let nc = 0;
    let sz2 = 0;
    let sr2 = 0;
    let sv = 0;
    const xs: number[] = [];
    const rest: number[] = [];
    for (let p = 0; p < P; p++) {
      const x = m.data[p * I + i] as number;
      if (x < 0) continue;
      na++;
      nc += x;
      const pr = sigmoid(it.a * (thetas[p] as number) + it.c);
      const v = Math.max(pr * (1 - pr), 1e-12);
      sz2 += (x - pr) ** 2 / v;
      sr2 += (x - pr) ** 2;
      sv += v;
      const others = (answered[p] as number) - 1;
      if (others > 0) {
        xs.push(x);
        rest.push(((correct[p] as number) - x) / others);
      }
    }
    const r = correlation(xs, rest);
    const infit = na ? sr2 / sv : null;
    const outfit = na ? sz2 / na : null;
    const flags: ItemFlag[] = [];
    // the sign alone is noise with a handful of models: the item-rest correlation must also lie below −2/√n (about p < 0.05 against r = 0)
    const clearlyNegative = r !== null && r < -2 / Math.sqrt(xs.length);
    if (clearlyNegative && (model === "rasch" || it.a < 0)) flags.push("negative_discrimination");
    if (na < 2 || nc === 0 || nc === na) flags.push("no_variance");
    if ((infit ?? 0) > 2 || (outfit ?? 0) > 2) flags.push("misfit");
    return {
      id: it.id,
      a: it.a,
      c: it.c,
      difficulty: it.a !== 0 ? -it.c / it.a : null,
      discrimination: it.a,
      n_answered: na,
      p_correct: na ? nc / na : null,
      infit,
      outfit,
      item_rest_r: r,
      flags,
    };
  });
}

/** Pearson's r; null with fewer than 3 pairs or no variance on a side. */
export function correlation(x: readonly number[], y: readonly number[]): number | null {
  const n = x.length;
  if (n < 3) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] as number;
    my += y[i] as number;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null;
}
