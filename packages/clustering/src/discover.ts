import { type DenseMatrix, type FailureFeatureOptions, type FeatureSpace, failureFeatures, pca2d, toRows, transformFeatures } from "@fib/geometry";
import type { ClusterProfile, Failure } from "@fib/schemas";
import { releaseKMeansBuffers } from "./_internal/pool.js";
import { chooseK, countDistinctRows } from "./chooseK.js";
import { kmeans } from "./kmeans.js";
import { mutualInfo, normalizedMutualInfo } from "./mutualInfo.js";
import { profileClusters } from "./profileClusters.js";

export interface DiscoverOptions extends FailureFeatureOptions {
  /** a number of clusters, or "auto" to choose by silhouette (default "auto") */
  k?: number | "auto";
  kMin?: number;
  kMax?: number;
  nInit?: number;
  seed?: number;
  /** every model evaluated, for the disagreement score */
  models?: readonly string[];
  /** place the failures in this fitted space instead of fitting one (iterate: one space for every round) */
  space?: FeatureSpace;
  /** start k-means from these centroids (k × dims of the space) instead of k-means++: a warm start from the previous round */
  init?: readonly (readonly number[])[];
  /** with a fixed k larger than the distinct failure rows, cluster with that many instead of returning too_few_failures */
  shrinkK?: boolean;
  /** keep at most this many plot points, an even stride of the failures (default: every failure) */
  maxPoints?: number;
  /** stages of the work as they happen: features, choosing k (one step per k), k-means, profiles */
  onProgress?: (p: { stage: string; done: number; total: number }) => void;
}

export interface Discovery {
  operator: "discover";
  version: 1;
  status: "ok" | "no_failures" | "too_few_failures";
  message: string | null;
  params: { k: number | "auto"; seed: number; dims: number; n_init: number };
  n_failures: number;
  k: number;
  k_selection: { method: "silhouette" | "fixed" | "none"; scores: { k: number; silhouette: number | null; inertia: number }[] };
  failure_ids: string[];
  labels: number[];
  profiles: ClusterProfile[];
  centroids: number[][];
  inertia: number | null;
  /** does the clustering follow item design (type) or who failed (model)? */
  diagnostics: { mi_cluster_type: number | null; mi_cluster_model: number | null; nmi_cluster_type: number | null; nmi_cluster_model: number | null };
  feature_space: FeatureSpace | null;
  /** every `points_stride`-th failure (1: all; see `maxPoints`) in the first two principal components of the feature space, for plots */
  points_stride: number;
  points: { failure_id: string; item_id: string; model_id: string; cluster: number; x: number; y: number }[];
  projection_explained: [number, number] | null;
}

type Base = Pick<Discovery, "operator" | "version" | "params" | "n_failures" | "failure_ids">;

/** A discovery that clustered nothing, with its status and why. */
function emptyDiscovery(base: Base, status: Discovery["status"], message: string): Discovery {
  return {
    ...base,
    status,
    message,
    k: 0,
    k_selection: { method: "none", scores: [] },
    labels: [],
    profiles: [],
    centroids: [],
    inertia: null,
    diagnostics: { mi_cluster_type: null, mi_cluster_model: null, nmi_cluster_type: null, nmi_cluster_model: null },
    feature_space: null,
    points_stride: 1,
    points: [],
    projection_explained: null,
  };
}

/** k by silhouette, or the given k (shrunk to the distinct rows with `shrinkK`; else a message that there are too few). */
function pickK(matrix: DenseMatrix, kOpt: number | "auto", nInit: number, seed: number, opts: DiscoverOptions): { k: number; selection: Discovery["k_selection"] } | string {
  if (kOpt === "auto") {
    const r = chooseK(matrix, {
      seed,
      nInit: Math.min(nInit, 3),
      ...(opts.kMin ? { kMin: opts.kMin } : {}),
      ...(opts.kMax ? { kMax: opts.kMax } : {}),
      ...(opts.onProgress ? { onProgress: (done: number, total: number) => opts.onProgress?.({ stage: "discover: choosing k", done, total }) } : {}),
    });
    return { k: r.k, selection: { method: "silhouette", scores: r.scores } };
  }
  const distinct = countDistinctRows(matrix, kOpt);
  if (distinct < kOpt && !opts.shrinkK) return `only ${distinct} distinct failure profile(s) among ${matrix.rows} failures: fewer than k = ${kOpt}`;
  return { k: Math.min(kOpt, distinct), selection: { method: "fixed", scores: [] } };
}

/** Every `stride`-th failure in the first two principal components (rounded to 4 decimals), for plots. */
function plotPoints(failures: readonly Failure[], labels: readonly number[], matrix: DenseMatrix, stride: number): Pick<Discovery, "points" | "projection_explained"> {
  const proj = pca2d(matrix);
  const round4 = (v: number) => Math.round(v * 1e4) / 1e4;
  const points = Array.from({ length: Math.ceil(failures.length / stride) }, (_, t) => {
    const i = t * stride;
    const f = failures[i] as Failure;
    return {
      failure_id: f.failure_id,
      item_id: f.item_id,
      model_id: f.model_id,
      cluster: labels[i] as number,
      x: round4(proj.coords.data[i * 2] as number),
      y: round4(proj.coords.data[i * 2 + 1] as number),
    };
  });
  return { points, projection_explained: proj.explained };
}

/** Does the clustering follow item design (type) or who failed (model)? */
function diagnosticsOf(failures: readonly Failure[], labels: readonly number[]): Discovery["diagnostics"] {
  const types = failures.map((f) => f.item.type);
  const models = failures.map((f) => f.model_id);
  return {
    mi_cluster_type: mutualInfo(labels, types),
    mi_cluster_model: mutualInfo(labels, models),
    nmi_cluster_type: normalizedMutualInfo(labels, types),
    nmi_cluster_model: normalizedMutualInfo(labels, models),
  };
}

/**
 * Failure-mode discovery, M̂: features φ (fitted here, or a given fitted space) → k-means (k
 * chosen by silhouette unless given; k-means++ or warm-started from given centroids) → cluster
 * profiles, with the diagnostic MI(cluster, type) vs MI(cluster, model). Degenerate
 * inputs (no failures, fewer failures or distinct feature rows than clusters) return a result
 * with `status` and a message instead of throwing, and no NaN anywhere.
 */
export function discover(failures: readonly Failure[], opts: DiscoverOptions = {}): Discovery {
  const seed = opts.seed ?? 0;
  const kOpt = opts.k ?? "auto";
  const nInit = opts.nInit ?? 4;
  const base: Base = {
    operator: "discover",
    version: 1,
    params: { k: kOpt, seed, dims: opts.dims ?? 16, n_init: nInit },
    n_failures: failures.length,
    failure_ids: failures.map((f) => f.failure_id),
  };
  if (failures.length === 0) return emptyDiscovery(base, "no_failures", "no failures to cluster: every model answered every item correctly");
  const minNeeded = kOpt === "auto" ? 2 : kOpt;
  if (failures.length < Math.max(2, minNeeded)) {
    return emptyDiscovery(base, "too_few_failures", `only ${failures.length} failure(s): at least ${Math.max(2, minNeeded)} are needed for ${kOpt === "auto" ? "a clustering" : `k = ${kOpt}`}`);
  }
  opts.onProgress?.({ stage: "discover: features", done: 0, total: 1 });
  const { matrix, space } = opts.space ? { matrix: transformFeatures(opts.space, failures), space: opts.space } : failureFeatures(failures, opts);
  const picked = pickK(matrix, kOpt, nInit, seed, opts);
  if (typeof picked === "string") return { ...emptyDiscovery(base, "too_few_failures", picked), feature_space: space };
  const { k, selection } = picked;
  const warm = opts.init && opts.init.length === k && opts.init.every((c) => c.length === matrix.cols) ? { rows: k, cols: matrix.cols, data: Float64Array.from(opts.init.flat()) } : null;
  opts.onProgress?.({ stage: "discover: k-means", done: 0, total: 1 });
  const km = kmeans(matrix, { k, seed, nInit, ...(warm ? { init: warm } : {}) });
  // the matrix's shared copies in the k-means threads are not needed past this call
  releaseKMeansBuffers();
  opts.onProgress?.({ stage: "discover: k-means", done: 1, total: 1 });
  const labels = Array.from(km.labels);
  const stride = opts.maxPoints !== undefined && opts.maxPoints > 0 ? Math.max(1, Math.ceil(failures.length / opts.maxPoints)) : 1;
  const { points, projection_explained } = plotPoints(failures, labels, matrix, stride);
  return {
    ...base,
    status: "ok",
    message: null,
    k,
    k_selection: selection,
    labels,
    profiles: profileClusters(failures, labels, { matrix, centroids: km.centroids, ...(opts.models ? { models: opts.models } : {}) }),
    centroids: toRows(km.centroids),
    inertia: km.inertia,
    diagnostics: diagnosticsOf(failures, labels),
    feature_space: space,
    points_stride: stride,
    points,
    projection_explained,
  };
}
