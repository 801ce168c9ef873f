#!/usr/bin/python3
"""Python peers for `pnpm bench`, on the same data the JS side wrote. Usage: peer.py BENCH DIR REPEATS.
Prints JSON {metric: median seconds, ...info}. Run with OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset."""
import json, sys, time
import numpy as np
from threadpoolctl import threadpool_info

bench, d, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
meta = json.load(open(f"{d}/meta.json"))

def timed(f, warm=1):
    for _ in range(warm): f()
    ts, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter(); out = f(); ts.append(time.perf_counter() - t0)
    return float(np.median(ts)), out

res = {"threads": [{"api": i.get("internal_api"), "num_threads": i.get("num_threads")} for i in threadpool_info()]}
if bench == "kmeans":
    from sklearn.cluster import KMeans
    n, dd, k, iters = meta["n"], meta["d"], meta["k"], meta["iters"]
    X = np.fromfile(f"{d}/x.bin", dtype=np.float64).reshape(n, dd)
    C0 = np.fromfile(f"{d}/init.bin", dtype=np.float64).reshape(k, dd)
    # three warm-up runs, as the fib side (bench/kmeans.bench.ts WARM)
    t, m = timed(lambda: KMeans(n_clusters=k, init=C0, n_init=1, max_iter=iters, tol=0.0, algorithm="lloyd").fit(X), warm=3)
    res.update(fixed_total=t, fixed_iterations=int(m.n_iter_), fixed_inertia=float(m.inertia_), per_iteration=t / m.n_iter_)
    t, m = timed(lambda: KMeans(n_clusters=k, init="k-means++", n_init=1, algorithm="lloyd", random_state=0).fit(X), warm=3)
    res.update(end_to_end=t, e2e_iterations=int(m.n_iter_), e2e_inertia=float(m.inertia_))
elif bench == "scale":
    # the same steps in scikit-learn, as its users would write them: TF-IDF → TruncatedSVD on the failures'
    # texts, the design metadata standardised, KMeans over k = 2..10 scored by silhouette on a 2,000-row
    # sample, the chosen k fitted on every row, then per-cluster profiles
    import resource
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.decomposition import TruncatedSVD
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score
    from sklearn.preprocessing import StandardScaler
    for n in meta["sizes"]:
        t0 = time.perf_counter()
        texts, types, nums, models = [], [], [], []
        with open(f"{d}/failures-{n}.jsonl") as fh:
            for line in fh:
                f = json.loads(line); it = f["item"]
                texts.append(it["x"]); types.append(it["type"]); models.append(f["model_id"])
                nums.append((it["depth"], it["distractor_count"], it["operator_count"]))
        t_read = time.perf_counter() - t0
        t1 = time.perf_counter()
        tf = TfidfVectorizer().fit_transform(texts)
        emb = TruncatedSVD(n_components=16, random_state=0).fit_transform(tf)
        kinds = sorted(set(types)); onehot = np.array([[1.0 if t == k else 0.0 for k in kinds] for t in types])
        X = np.hstack([StandardScaler().fit_transform(np.hstack([onehot, np.array(nums, dtype=float)])), emb / (np.sqrt((emb.var(axis=0)).sum()) or 1) * 0.5])
        best, best_s = 2, -1.0
        for k in range(2, 11):
            lab = KMeans(n_clusters=k, n_init=3, random_state=0).fit_predict(X)
            s = silhouette_score(X, lab, sample_size=min(2000, n), random_state=0)
            if s > best_s + 1e-12: best, best_s = k, s
        labels = KMeans(n_clusters=best, n_init=4, random_state=0).fit_predict(X)
        profiles = [{"size": int((labels == c).sum()), "types": {k: int(((labels == c) & (np.array(types) == k)).sum()) for k in kinds}} for c in range(best)]
        res[f"read_{n}"] = t_read
        res[f"discover_{n}"] = time.perf_counter() - t1
        res[f"k_{n}"] = best
        res[f"peak_rss_mb_{n}"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
elif bench == "tfidf-svd":
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.decomposition import TruncatedSVD
    texts = open(f"{d}/texts.txt", encoding="utf-8").read().split("\n")
    def run():
        X = TfidfVectorizer().fit_transform(texts)
        svd = TruncatedSVD(n_components=meta["k"], algorithm="randomized", n_iter=meta["n_iter"], n_oversamples=meta["oversample"], random_state=0)
        svd.fit_transform(X)
        return svd
    t, svd = timed(run)
    res.update(tfidf_svd=t, top_singular_values=svd.singular_values_[:3].tolist())
elif bench == "hungarian":
    from scipy.optimize import linear_sum_assignment
    n = meta["n"]
    C = np.fromfile(f"{d}/cost.bin", dtype=np.float64).reshape(n, n)
    t, (r, c) = timed(lambda: linear_sum_assignment(C))
    res.update(hungarian=t, cost=float(C[r, c].sum()))
elif bench == "label-metrics":
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
    a = np.fromfile(f"{d}/a.bin", dtype=np.int32); b = np.fromfile(f"{d}/b.bin", dtype=np.int32)
    t1, ari = timed(lambda: adjusted_rand_score(a, b))
    t2, nmi = timed(lambda: normalized_mutual_info_score(a, b))
    res.update(ari=t1, nmi=t2, ari_value=float(ari), nmi_value=float(nmi))
elif bench == "irt":
    import os
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../packages/irt/fixtures"))
    from irt_numpy import fit
    X = np.fromfile(f"{d}/x.bin", dtype=np.int8).reshape(meta["p"], meta["i"])
    t, out = timed(lambda: fit(X))
    res.update(fit=t, iterations=int(out[3]), loglik=float(out[2]))
json.dump(res, sys.stdout)
