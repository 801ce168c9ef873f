import { hungarian } from "@fib/clustering";
import { extent } from "@fib/stats";

export interface CentroidDrift {
  /** mean Euclidean distance between Hungarian-matched centroids */
  mean: number;
  max: number;
  /** matched pairs [previous cluster, current cluster, distance] */
  matches: [number, number, number][];
  /** clusters of either round left unmatched (when k changed) */
  unmatched_previous: number[];
  unmatched_current: number[];
}

/**
 * How far the failure geometry moved between two rounds: centroids (in one fixed feature
 * space) are matched one-to-one by the Hungarian method on Euclidean distance, and the mean
 * matched distance is the drift. With different k, the extra clusters are reported unmatched.
 * Null when either round has no centroids.
 */
export function centroidDrift(previous: readonly (readonly number[])[], current: readonly (readonly number[])[]): CentroidDrift | null {
  if (previous.length === 0 || current.length === 0) return null;
  const dist = previous.map((p) =>
    current.map((c) => {
      if (p.length !== c.length) throw new RangeError(`centroids have different dimensions (${p.length} and ${c.length}): use one fixed feature space`);
      let s = 0;
      for (let j = 0; j < p.length; j++) s += ((p[j] as number) - (c[j] as number)) ** 2;
      return Math.sqrt(s);
    }),
  );
  const { assignment } = hungarian(dist);
  const matches: [number, number, number][] = [];
  assignment.forEach((j, i) => {
    if (j >= 0) matches.push([i, j, (dist[i] as number[])[j] as number]);
  });
  const usedCurrent = new Set(matches.map((m) => m[1]));
  const ds = matches.map((m) => m[2]);
  return {
    mean: ds.reduce((a, b) => a + b, 0) / ds.length,
    max: extent(ds).max,
    matches,
    unmatched_previous: previous.map((_, i) => i).filter((i) => (assignment[i] as number) < 0),
    unmatched_current: current.map((_, j) => j).filter((j) => !usedCurrent.has(j)),
  };
}
