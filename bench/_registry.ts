import type { Bench } from "./_bench.js";
import { carbBench } from "./carb.bench.js";
import { evalBench } from "./eval.bench.js";
import { hungarianBench } from "./hungarian.bench.js";
import { irtBench } from "./irt.bench.js";
import { kmeansBench } from "./kmeans.bench.js";
import { labelMetricsBench } from "./labelMetrics.bench.js";
import { scaleBench } from "./scale.bench.js";
import { tfidfSvdBench } from "./tfidfSvd.bench.js";

export const BENCHES: Record<string, Bench> = Object.fromEntries([carbBench, kmeansBench, tfidfSvdBench, hungarianBench, labelMetricsBench, evalBench, scaleBench, irtBench].map((b) => [b.name, b]));
