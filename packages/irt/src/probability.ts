/** Item parameters on the logit scale: P(correct | θ) = σ(a·θ + c); difficulty b = −c / a. */
export interface ItemParameters {
  a: number;
  c: number;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** P(correct | θ) for one item. */
export function probability(item: ItemParameters, theta: number): number {
  return sigmoid(item.a * theta + item.c);
}

/** Fisher information of one item at θ: a² P (1 − P). */
export function itemInformation(item: ItemParameters, theta: number): number {
  const p = probability(item, theta);
  return item.a * item.a * p * (1 - p);
}

/** Test information at θ: the sum of the items' information. */
export function testInformation(items: readonly ItemParameters[], theta: number): number {
  let s = 0;
  for (const it of items) s += itemInformation(it, theta);
  return s;
}

/** log σ(z) without overflow (log(1 − σ(z)) is log σ(z) − z). */
export function logSigmoid(z: number): number {
  return z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z));
}
