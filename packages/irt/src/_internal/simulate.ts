import { createRng } from "@fib/stats";
import { correlation } from "../itemFit.js";
import type { ResponseMatrix } from "../matrix.js";

/** A simulated 2PL population (tests and the bench): θ ~ N(0, thetaSd²), a ~ LogNormal(0, sdLogA²), b ~ N(0, 1). */
export function simulate2pl(P: number, I: number, seed: number, o: { sdLogA?: number; thetaSd?: number } = {}): { m: ResponseMatrix; theta: number[]; a: number[]; b: number[] } {
  const sdLogA = o.sdLogA ?? 0.5;
  const thetaSd = o.thetaSd ?? 1;
  const rng = createRng(seed, "irt/simulate");
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng.float())) * Math.cos(2 * Math.PI * rng.float());
  const theta = Array.from({ length: P }, () => thetaSd * normal());
  const a = Array.from({ length: I }, () => Math.exp(sdLogA * normal()));
  const b = Array.from({ length: I }, normal);
  const data = new Int8Array(P * I);
  for (let p = 0; p < P; p++) for (let i = 0; i < I; i++) data[p * I + i] = rng.float() < 1 / (1 + Math.exp(-(a[i] as number) * ((theta[p] as number) - (b[i] as number)))) ? 1 : 0;
  return {
    m: { persons: theta.map((_, p) => `m${p}`), items: a.map((_, i) => `i${i}`), data },
    theta,
    a,
    b,
  };
}

/** Pearson's r (tests): NaN where undefined. */
export function pearson(x: readonly number[], y: readonly number[]): number {
  return correlation(x, y) ?? Number.NaN;
}

export function spearman(x: readonly number[], y: readonly number[]): number {
  const rank = (v: readonly number[]) => {
    const idx = v.map((_, i) => i).sort((i, j) => (v[i] as number) - (v[j] as number));
    const r = new Array<number>(v.length);
    idx.forEach((i, k) => {
      r[i] = k;
    });
    return r;
  };
  return pearson(rank(x), rank(y));
}
