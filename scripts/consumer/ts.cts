import { kmeans, type KMeansResult } from "@fib/clustering";
import { debiasedSeparation } from "@fib/stats";
const r: KMeansResult = kmeans([[0], [1], [10]], { k: 2 });
const s: number = debiasedSeparation([Uint8Array.from([1, 0])]).S;
console.log("ts-cts", r.k, s);
