/**
 * Kendall's τ_b between two paired samples (ties in either handled as scipy's `kendalltau`,
 * variant "b"): (concordant − discordant) / √((n₀ − n₁)(n₀ − n₂)), n₀ = n(n−1)/2 pairs and
 * n₁, n₂ the pairs tied in x and in y. O(n²): meant for rankings of models, not of items.
 * NaN when fewer than two values or either sample is constant.
 */
export function kendallTau(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (y.length !== n) throw new RangeError(`kendallTau: samples must be paired (same length), got ${n} and ${y.length}`);
  let s = 0;
  let tiedX = 0;
  let tiedY = 0;
  let pairs = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      pairs++;
      const dx = Math.sign((x[i] as number) - (x[j] as number));
      const dy = Math.sign((y[i] as number) - (y[j] as number));
      if (dx === 0) tiedX++;
      if (dy === 0) tiedY++;
      s += dx * dy;
    }
  }
  const den = Math.sqrt((pairs - tiedX) * (pairs - tiedY));
  return den > 0 ? s / den : Number.NaN;
}
