/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9): about 15 significant digits. */
export function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** P(X ≥ k) for X ~ Binomial(n, p), summed in log space (exact to rounding for n up to ~10⁶). */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const lc = logGamma(n + 1);
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  let s = 0;
  for (let j = k; j <= n; j++) s += Math.exp(lc - logGamma(j + 1) - logGamma(n - j + 1) + j * lp + (n - j) * lq);
  return Math.min(1, s);
}

/**
 * The exact (Clopper–Pearson) interval for a binomial proportion: `successes` of `n`, two-sided
 * level 1 − alpha. lo solves P(X ≥ x | lo) = α/2, hi solves P(X ≤ x | hi) = α/2 (by bisection
 * to 1e-12); lo = 0 when x = 0 and hi = 1 when x = n. Equal to scipy's `binomtest(...).proportion_ci(method="exact")`.
 */
export function clopperPearson(successes: number, n: number, alpha = 0.05): { estimate: number; lo: number; hi: number; alpha: number } {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`clopperPearson: n must be a positive integer, got ${n}`);
  if (!Number.isInteger(successes) || successes < 0 || successes > n) throw new RangeError(`clopperPearson: successes must be an integer in [0, ${n}], got ${successes}`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`clopperPearson: alpha must be in (0, 1), got ${alpha}`);
  const x = successes;
  const solve = (f: (p: number) => number) => {
    // f is increasing in p; find f(p) = 0
    let a = 0;
    let b = 1;
    for (let it = 0; it < 100 && b - a > 1e-13; it++) {
      const mid = (a + b) / 2;
      if (f(mid) < 0) a = mid;
      else b = mid;
    }
    return (a + b) / 2;
  };
  const lo = x === 0 ? 0 : solve((p) => binomialUpperTail(x, n, p) - alpha / 2);
  const hi = x === n ? 1 : solve((p) => alpha / 2 - (1 - binomialUpperTail(x + 1, n, p)));
  return { estimate: x / n, lo, hi, alpha };
}
