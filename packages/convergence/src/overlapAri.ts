import { adjustedRandIndex } from "@fib/clustering";

export interface OverlapAri {
  /** failures present in both rounds */
  n_overlap: number;
  /** ARI of the two rounds' cluster assignments on those failures; null with fewer than 2 */
  ari: number | null;
}

/** Agreement of two rounds' clusterings on the failure ids both rounds share. */
export function overlapAri(previous: { failure_ids: readonly string[]; labels: readonly number[] }, current: { failure_ids: readonly string[]; labels: readonly number[] }): OverlapAri {
  const prev = new Map(previous.failure_ids.map((id, i) => [id, previous.labels[i] as number]));
  const a: number[] = [];
  const b: number[] = [];
  current.failure_ids.forEach((id, i) => {
    const p = prev.get(id);
    if (p !== undefined) {
      a.push(p);
      b.push(current.labels[i] as number);
    }
  });
  return { n_overlap: a.length, ari: a.length < 2 ? null : adjustedRandIndex(a, b) };
}
