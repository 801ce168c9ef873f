/**
 * Write the neural zoo's CARB splits (run by scripts/zoo/train.sh, never by CI):
 *   train.jsonl — the training split (seed 20261130, prefix "zootrain"),
 *   test.jsonl  — the held-out split the model cards report (seed 20261131, prefix "zootest"),
 *   vocab.json  — every word and punctuation mark CARB uses.
 * No training item shares its text (or its token multiset) with a test item, with the CARB
 * datasets the repo's benchmarks and demo build (seed 42, up to 20,000 items), or with any file
 * under data/static — so no benchmark in the repo reuses the training split.
 *
 *   node --conditions=@fib/source --import tsx scripts/zoo/export-data.ts OUT_DIR [N_TRAIN] [N_TEST]
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateCarb } from "@fib/carb";
import { type Item, textKey } from "@fib/schemas";

export const ZOO_TRAIN_SEED = 20261130;
export const ZOO_TEST_SEED = 20261131;
/** words and single punctuation marks, in order: the word-level tokenizer the zoo's GGUF files carry */
export const TOKEN_RE = /[A-Za-z]+|[^\sA-Za-z]/g;

const STATIC_DIR = join(dirname(fileURLToPath(import.meta.url)), "../../../data/static");
const [outDir = "zoo-data", nTrainArg = "60000", nTestArg = "4000"] = process.argv.slice(2);
const nTrain = Number(nTrainArg);
const nTest = Number(nTestArg);
mkdirSync(outDir, { recursive: true });

const reserved = new Set<string>();
for (const it of generateCarb({ n: 20000, seed: 42 })) reserved.add(textKey(it.x));
for (const f of readdirSync(STATIC_DIR).filter((f) => f.endsWith(".jsonl"))) {
  for (const line of readFileSync(join(STATIC_DIR, f), "utf8").split("\n")) if (line.trim()) reserved.add(textKey((JSON.parse(line) as Item).x));
}
const test: Item[] = [];
const testKeys = new Set<string>();
for (const it of generateCarb({ n: nTest * 2, seed: ZOO_TEST_SEED, idPrefix: "zootest" })) {
  const k = textKey(it.x);
  if (reserved.has(k) || testKeys.has(k)) continue;
  testKeys.add(k);
  test.push(it);
  if (test.length === nTest) break;
}
const train: Item[] = [];
let dropped = 0;
for (const it of generateCarb({ n: Math.ceil(nTrain * 1.3), seed: ZOO_TRAIN_SEED, idPrefix: "zootrain" })) {
  const k = textKey(it.x);
  if (reserved.has(k) || testKeys.has(k)) {
    dropped++;
    continue;
  }
  train.push(it);
  if (train.length === nTrain) break;
}
const words = new Set<string>();
for (const seed of [1, 2, 3]) for (const it of generateCarb({ n: 50000, seed })) for (const t of it.x.match(TOKEN_RE) ?? []) words.add(t);
for (const it of [...train, ...test]) for (const t of it.x.match(TOKEN_RE) ?? []) words.add(t);
const jsonl = (xs: Item[]) => `${xs.map((x) => JSON.stringify(x)).join("\n")}\n`;
writeFileSync(join(outDir, "train.jsonl"), jsonl(train));
writeFileSync(join(outDir, "test.jsonl"), jsonl(test));
writeFileSync(join(outDir, "vocab.json"), `${JSON.stringify([...words].sort())}\n`);
process.stderr.write(`zoo data: ${train.length} train (${dropped} dropped as reserved), ${test.length} test, ${words.size} distinct tokens → ${outDir}\n`);
