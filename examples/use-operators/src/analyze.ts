/**
 * An eval codebase that is not fib: it has its own record format (a grader's output with a
 * question, a model, a pass/fail and the grader's own category) and uses fib's operators on
 * it — bootstrap CIs and separation from @fib/stats; k-means, NMI / ARI / purity and
 * Hungarian matching from @fib/clustering — without any fib schema or file format.
 */
import { adjustedRandIndex, hungarian, kmeans, normalizedMutualInfo, purity } from "@fib/clustering";
import type { DenseMatrix } from "@fib/geometry";
import { bootstrapCi, mean, modelSeparation } from "@fib/stats";

export interface GraderRow {
  question: string;
  model: string;
  passed: boolean;
  /** the grader's own label for the question */
  category: string;
  /** hand-made features of the question, e.g. its length and number of steps */
  features: number[];
}

export function analyze(rows: readonly GraderRow[], opts: { k: number; seed: number }) {
  const models = [...new Set(rows.map((r) => r.model))].sort();
  const accuracy = Object.fromEntries(
    models.map((m) => {
      const passes = rows.filter((r) => r.model === m).map((r) => (r.passed ? 1 : 0));
      return [m, bootstrapCi(passes, mean, { nBoot: 500, seed: opts.seed })];
    }),
  );
  const S = modelSeparation(models.map((m) => accuracy[m]?.value ?? Number.NaN));
  // cluster the failures by their features, and ask whether the clusters follow the grader's categories
  const failures = rows.filter((r) => !r.passed);
  const d = failures[0]?.features.length ?? 0;
  const x: DenseMatrix = { rows: failures.length, cols: d, data: Float64Array.from(failures.flatMap((f) => f.features)) };
  const km = kmeans(x, { k: opts.k, seed: opts.seed, nInit: 4 });
  const clusters = Array.from(km.labels);
  const categories = failures.map((f) => f.category);
  // which cluster is which category: Hungarian matching on the (negated) contingency table
  const cats = [...new Set(categories)].sort();
  const counts = Array.from({ length: opts.k }, (_, c) => cats.map((cat) => -failures.filter((_, i) => clusters[i] === c && categories[i] === cat).length));
  const match = hungarian(counts);
  return {
    accuracy,
    separation: S,
    n_failures: failures.length,
    nmi: normalizedMutualInfo(clusters, categories),
    ari: adjustedRandIndex(clusters, categories),
    purity: purity(clusters, categories),
    cluster_to_category: Object.fromEntries([...match.assignment].map((j, c) => [c, j >= 0 ? cats[j] : null])),
  };
}
