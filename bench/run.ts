/**
 * `pnpm bench`: performance measured, never asserted. Each benchmark prints its figures
 * (and, where a Python peer is installed, the ratio measured side by side in this run).
 * Usage: pnpm bench [name …]   (names: carb, kmeans, tfidf-svd, hungarian, label-metrics)
 */
import { benchCarb } from "./carb.bench.js";
import { benchKmeans } from "./kmeans.bench.js";

const BENCHES: Record<string, () => Promise<void> | void> = { carb: benchCarb, kmeans: benchKmeans };
const wanted = process.argv.slice(2);
for (const name of wanted.length > 0 ? wanted : Object.keys(BENCHES)) {
  const b = BENCHES[name];
  if (!b) {
    console.error(`bench: unknown benchmark '${name}' (have: ${Object.keys(BENCHES).join(", ")})`);
    process.exit(2);
  }
  console.log(`\n## ${name}`);
  await b();
}
