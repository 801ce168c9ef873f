#!/usr/bin/python3
"""scikit-learn peer for `pnpm bench kmeans`: reads X (n×d float64) and init (k×d) written by the JS side.
Prints JSON: per-iteration and end-to-end medians, inertia, iterations, thread info."""
import json, sys, time
import numpy as np
from sklearn.cluster import KMeans
from threadpoolctl import threadpool_info

path, n, d, k, iters, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
X = np.fromfile(path + ".x.bin", dtype=np.float64).reshape(n, d)
C0 = np.fromfile(path + ".init.bin", dtype=np.float64).reshape(k, d)

def timed(f):
    ts, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter(); out = f(); ts.append(time.perf_counter() - t0)
    return float(np.median(ts)), out

fixed_t, km = timed(lambda: KMeans(n_clusters=k, init=C0, n_init=1, max_iter=iters, tol=0.0, algorithm="lloyd").fit(X))
e2e_t, km2 = timed(lambda: KMeans(n_clusters=k, init="k-means++", n_init=1, algorithm="lloyd", random_state=0).fit(X))
json.dump({
    "fixed": {"seconds": fixed_t, "iterations": int(km.n_iter_), "inertia": float(km.inertia_)},
    "end_to_end": {"seconds": e2e_t, "iterations": int(km2.n_iter_), "inertia": float(km2.inertia_)},
    "threads": [{"api": i.get("internal_api"), "num_threads": i.get("num_threads")} for i in threadpool_info()],
}, sys.stdout)
