import { FibError } from "@fib/schemas";
import type { ResponseMatrix } from "./matrix.js";
import { type ItemParameters, logSigmoid, sigmoid } from "./probability.js";

export type IrtModel = "rasch" | "2pl";

/** Gaussian priors that keep items every model passes (or fails) finite: a ~ N(mean, sd²) (2PL), c ~ N(0, sd²). */
export interface IrtPriors {
  a: { mean: number; sd: number } | null;
  c: { sd: number } | null;
}

export const DEFAULT_PRIORS: Readonly<Record<IrtModel, IrtPriors>> = {
  "2pl": { a: { mean: 1, sd: 1 }, c: { sd: 3 } },
  rasch: { a: null, c: { sd: 3 } },
};

export interface FitOptions {
  /** "2pl" (default): one discrimination per item; "rasch": one discrimination shared by all items */
  model?: IrtModel;
  /** quadrature points over θ (default 61) */
  quadrature?: number;
  /** the grid spans [−range, range] (default 6) */
  range?: number;
  /** EM iterations at most (default 500) */
  maxIter?: number;
  /** stop when no parameter moves more than this in an iteration (default 1e-5) */
  tol?: number;
  /** priors on the item parameters (default DEFAULT_PRIORS[model]); false: plain marginal maximum likelihood */
  priors?: IrtPriors | false;
  onIteration?: (iteration: number, loglik: number) => void;
}

export interface IrtFit {
  model: IrtModel;
  /** per item, P(correct | θ) = σ(a θ + c) with θ ~ N(0, 1) over persons */
  items: (ItemParameters & { id: string })[];
  persons: string[];
  /** the marginal log-likelihood at the last E-step (without the priors) */
  loglik: number;
  iterations: number;
  converged: boolean;
  quadrature: { points: number; range: number };
  priors: IrtPriors;
}

/**
 * Rasch (1PL) or 2PL by marginal maximum likelihood: Bock–Aitkin EM over a quadrature grid of θ ~ N(0, 1),
 * each M-step a damped Newton ascent per item (2PL), or per item intercept and then the shared slope
 * (Rasch: the shared slope is the abilities' SD on the Rasch logit scale). With `priors` the M-step
 * maximises the posterior (Bayes modal), which keeps items with no variance finite.
 */
export function fitIrt(m: ResponseMatrix, o: FitOptions = {}): IrtFit {
  const model = o.model ?? "2pl";
  if (model !== "rasch" && model !== "2pl") throw new FibError("USAGE", `model must be rasch or 2pl, got ${String(model)}`, { field: "model" });
  const P = m.persons.length;
  const I = m.items.length;
  if (P < 2 || I < 2) throw new FibError("INPUT_INVALID", `an IRT fit needs at least 2 persons and 2 items, got ${P} × ${I}`, { field: "responses" });
  if (m.data.length !== P * I) throw new FibError("INPUT_INVALID", `responses: ${m.data.length} values for ${P} × ${I}`, { field: "responses" });
  const Q = o.quadrature ?? 61;
  const range = o.range ?? 6;
  const priors = o.priors === false ? { a: null, c: null } : (o.priors ?? DEFAULT_PRIORS[model]);
  const { X, logW } = grid(Q, range);
  const a = new Float64Array(I).fill(1);
  const c = initialIntercepts(m);
  const lp0 = new Float64Array(I * Q);
  const n = new Float64Array(I * Q);
  const r = new Float64Array(I * Q);
  const maxIter = o.maxIter ?? 500;
  const tol = o.tol ?? 1e-5;
  let loglik = Number.NEGATIVE_INFINITY;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIter) {
    iterations++;
    for (let i = 0; i < I; i++) {
      for (let q = 0; q < Q; q++) {
        const z = (a[i] as number) * (X[q] as number) + (c[i] as number);
        lp0[i * Q + q] = logSigmoid(z) - z;
      }
    }
    loglik = eStep(m.data, P, I, Q, logW, X, a, c, lp0, n, r);
    o.onIteration?.(iterations, loglik);
    const moved = model === "2pl" ? mStep2pl(X, n, r, a, c, I, Q, priors) : mStepRasch(X, n, r, a, c, I, Q, priors);
    if (moved < tol) {
      converged = true;
      break;
    }
  }
  return {
    model,
    items: m.items.map((id, i) => ({ id, a: a[i] as number, c: c[i] as number })),
    persons: [...m.persons],
    loglik,
    iterations,
    converged,
    quadrature: { points: Q, range },
    priors,
  };
}

/** Equally spaced nodes on [−range, range] with normalised N(0, 1) log-weights. */
function grid(Q: number, range: number): { X: Float64Array; logW: Float64Array } {
  if (!Number.isInteger(Q) || Q < 5) throw new FibError("USAGE", `quadrature must be an integer ≥ 5, got ${Q}`, { field: "quadrature" });
  const X = Float64Array.from({ length: Q }, (_, q) => -range + (2 * range * q) / (Q - 1));
  const raw = Array.from(X, (x) => -0.5 * x * x);
  // every log-weight is ≤ 0 and the node nearest 0 is within range² / (Q − 1)² of it: no overflow, no total underflow
  const lse = Math.log(raw.reduce((s, v) => s + Math.exp(v), 0));
  return { X, logW: Float64Array.from(raw, (v) => v - lse) };
}

/** c from each item's share correct (clamped), a start the EM moves from quickly. */
function initialIntercepts(m: ResponseMatrix): Float64Array {
  const P = m.persons.length;
  const I = m.items.length;
  const c = new Float64Array(I);
  for (let i = 0; i < I; i++) {
    let k = 0;
    let t = 0;
    for (let p = 0; p < P; p++) {
      const x = m.data[p * I + i] as number;
      if (x >= 0) {
        t++;
        k += x;
      }
    }
    const s = Math.min(0.95, Math.max(0.05, t ? k / t : 0.5));
    c[i] = Math.log(s / (1 - s));
  }
  return c;
}

/**
 * Posterior over the grid per person; expected answered (n) and correct (r) counts per item and node; returns
 * the marginal log-likelihood. Since log σ(z) − log(1 − σ(z)) = z = a X + c is linear, a person's log-likelihood
 * at node q is Σ_answered log(1 − σ) + X_q Σ_correct a + Σ_correct c: the first sum is one column sum less the
 * unanswered items, so the work is one pass over the correct (and unanswered) entries rather than over P × I × Q.
 */
function eStep(data: Int8Array, P: number, I: number, Q: number, logW: Float64Array, X: Float64Array, a: Float64Array, c: Float64Array, lp0: Float64Array, n: Float64Array, r: Float64Array): number {
  r.fill(0);
  const miss = n; // unanswered mass per item and node first; n = (total − unanswered) at the end
  miss.fill(0);
  const all0 = new Float64Array(Q);
  for (let i = 0; i < I; i++) for (let q = 0; q < Q; q++) all0[q] = (all0[q] as number) + (lp0[i * Q + q] as number);
  const total = new Float64Array(Q);
  const post = new Float64Array(Q);
  let ll = 0;
  for (let p = 0; p < P; p++) {
    const row = p * I;
    let sa = 0;
    let sc = 0;
    post.set(all0);
    for (let i = 0; i < I; i++) {
      const x = data[row + i] as number;
      if (x === 1) {
        sa += a[i] as number;
        sc += c[i] as number;
      } else if (x < 0) {
        const off = i * Q;
        for (let q = 0; q < Q; q++) post[q] = (post[q] as number) - (lp0[off + q] as number);
      }
    }
    let mx = Number.NEGATIVE_INFINITY;
    for (let q = 0; q < Q; q++) {
      const v = (post[q] as number) + (logW[q] as number) + (X[q] as number) * sa + sc;
      post[q] = v;
      if (v > mx) mx = v;
    }
    let s = 0;
    for (let q = 0; q < Q; q++) {
      const e = Math.exp((post[q] as number) - mx);
      post[q] = e;
      s += e;
    }
    ll += mx + Math.log(s);
    for (let q = 0; q < Q; q++) {
      const w = (post[q] as number) / s;
      post[q] = w;
      total[q] = (total[q] as number) + w;
    }
    for (let i = 0; i < I; i++) {
      const x = data[row + i] as number;
      if (x === 0) continue;
      const dst = x === 1 ? r : miss;
      const off = i * Q;
      for (let q = 0; q < Q; q++) dst[off + q] = (dst[off + q] as number) + (post[q] as number);
    }
  }
  for (let i = 0; i < I; i++) for (let q = 0; q < Q; q++) n[i * Q + q] = (total[q] as number) - (miss[i * Q + q] as number);
  return ll;
}

/** The expected complete-data log-likelihood of one item's (a, c) plus its log-prior. */
function itemObjective(X: Float64Array, n: Float64Array, r: Float64Array, off: number, Q: number, a: number, c: number, priors: IrtPriors): number {
  let f = 0;
  for (let q = 0; q < Q; q++) {
    // r log σ(z) + (n − r) log(1 − σ(z)), with log(1 − σ(z)) = log σ(z) − z
    const z = a * (X[q] as number) + c;
    const nq = n[off + q] as number;
    f += nq * logSigmoid(z) - (nq - (r[off + q] as number)) * z;
  }
  if (priors.a) f -= (a - priors.a.mean) ** 2 / (2 * priors.a.sd ** 2);
  if (priors.c) f -= c ** 2 / (2 * priors.c.sd ** 2);
  return f;
}

/** 2PL M-step: a few damped Newton steps on each item's (a, c); returns the largest move. */
function mStep2pl(X: Float64Array, n: Float64Array, r: Float64Array, a: Float64Array, c: Float64Array, I: number, Q: number, priors: IrtPriors): number {
  let moved = 0;
  const ia = priors.a ? 1 / priors.a.sd ** 2 : 0;
  const ic = priors.c ? 1 / priors.c.sd ** 2 : 0;
  for (let i = 0; i < I; i++) {
    const off = i * Q;
    let ai = a[i] as number;
    let ci = c[i] as number;
    for (let step = 0; step < 3; step++) {
      let ga = 0;
      let gc = 0;
      let haa = ia + 1e-9;
      let hac = 0;
      let hcc = ic + 1e-9;
      for (let q = 0; q < Q; q++) {
        const x = X[q] as number;
        const nq = n[off + q] as number;
        const p = sigmoid(ai * x + ci);
        const res = (r[off + q] as number) - nq * p;
        const w = nq * p * (1 - p);
        ga += res * x;
        gc += res;
        haa += w * x * x;
        hac += w * x;
        hcc += w;
      }
      if (priors.a) ga -= (ai - priors.a.mean) * ia;
      gc -= ci * ic;
      const det = haa * hcc - hac * hac;
      if (!(det > 0)) break;
      let da = (hcc * ga - hac * gc) / det;
      let dc = (haa * gc - hac * ga) / det;
      const big = Math.max(Math.abs(da), Math.abs(dc));
      if (big > 2) {
        da *= 2 / big;
        dc *= 2 / big;
      }
      // step halving on large steps (the objective is concave: near the optimum a Newton step ascends);
      // a step that changes the objective by rounding only is taken
      let t = 1;
      if (big > 0.25) {
        const fa = itemObjective(X, n, r, off, Q, ai, ci, priors);
        const f0 = fa - 1e-12 * (1 + Math.abs(fa));
        while (t > 1e-4 && itemObjective(X, n, r, off, Q, ai + t * da, ci + t * dc, priors) < f0) t /= 2;
        if (t <= 1e-4) break;
      }
      ai += t * da;
      ci += t * dc;
      if (Math.abs(t * da) + Math.abs(t * dc) < 1e-10) break;
    }
    moved = Math.max(moved, Math.abs(ai - (a[i] as number)), Math.abs(ci - (c[i] as number)));
    a[i] = ai;
    c[i] = ci;
  }
  return moved;
}

/** Rasch M-step: Newton on each item's intercept at the shared slope, then on the shared slope; returns the largest move. */
function mStepRasch(X: Float64Array, n: Float64Array, r: Float64Array, a: Float64Array, c: Float64Array, I: number, Q: number, priors: IrtPriors): number {
  let moved = 0;
  const ic = priors.c ? 1 / priors.c.sd ** 2 : 0;
  let s = a[0] as number;
  for (let i = 0; i < I; i++) {
    const off = i * Q;
    let ci = c[i] as number;
    for (let step = 0; step < 5; step++) {
      let g = -ci * ic;
      let h = ic + 1e-9;
      for (let q = 0; q < Q; q++) {
        const nq = n[off + q] as number;
        const p = sigmoid(s * (X[q] as number) + ci);
        g += (r[off + q] as number) - nq * p;
        h += nq * p * (1 - p);
      }
      const d = Math.max(-2, Math.min(2, g / h));
      ci += d;
      if (Math.abs(d) < 1e-10) break;
    }
    moved = Math.max(moved, Math.abs(ci - (c[i] as number)));
    c[i] = ci;
  }
  for (let step = 0; step < 5; step++) {
    let g = 0;
    let h = 1e-9;
    for (let i = 0; i < I; i++) {
      const off = i * Q;
      for (let q = 0; q < Q; q++) {
        const x = X[q] as number;
        const nq = n[off + q] as number;
        const p = sigmoid(s * x + (c[i] as number));
        g += ((r[off + q] as number) - nq * p) * x;
        h += nq * p * (1 - p) * x * x;
      }
    }
    const d = Math.max(-1, Math.min(1, g / h));
    s += d;
    if (Math.abs(d) < 1e-10) break;
  }
  moved = Math.max(moved, Math.abs(s - (a[0] as number)));
  a.fill(s);
  return moved;
}
