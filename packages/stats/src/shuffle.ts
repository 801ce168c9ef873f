import type { Rng } from "./rng.js";

/** Fisher–Yates shuffle in place (from the end: j = rng.int(0, i)); returns the same array. */
export function shuffleInPlace<T>(xs: T[], rng: Rng): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const tmp = xs[i] as T;
    xs[i] = xs[j] as T;
    xs[j] = tmp;
  }
  return xs;
}

/** Fisher–Yates shuffle into a new array; the input is not modified. */
export function shuffle<T>(items: readonly T[], rng: Rng): T[] {
  return shuffleInPlace(items.slice(), rng);
}
