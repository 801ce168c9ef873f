import { kmeans, type KMeansResult } from "@fib/clustering";
import { HarnessJson } from "@fib/schemas";
import { renderReport } from "@fib/report";
const r: KMeansResult = kmeans([[0], [1], [10]], { k: 2 });
const ok = HarnessJson.safeParse({}).success;
console.log("ts-mts", r.k, ok, typeof renderReport);
