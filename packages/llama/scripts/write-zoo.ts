/**
 * Turn what scripts/train_zoo.py wrote into the committed zoo: for each model,
 *   data/models/zoo-<name>.gguf       the model (llama architecture, float32, word-level vocabulary)
 *   data/models/zoo-<name>.eval.json  held-out accuracy by structure, depth and type; P(yes) on 64 fixed items
 *   data/models/zoo-<name>.md         the model card
 *
 *   node --conditions=@fib/source --import tsx packages/llama/scripts/write-zoo.ts /tmp/zoo/out data/models
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { ZOO_NAMES, ZOO_SPECIALISTS } from "../src/zoo.js";
import { join } from "node:path";
import { ggufFromManifest, type ZooManifest } from "../src/llamaFile.js";
import { sha256File } from "@fib/schemas";

interface Group {
  n: number;
  accuracy: number;
  ci95: [number, number];
}
interface Eval {
  name: string;
  architecture: { width: number; layers: number; heads: number; ffn: number; context: number; vocab: number; parameters: number };
  training: {
    leave_out?: string | null;
    seed: number;
    steps: number;
    batch: number;
    lr: number;
    optimizer: string;
    curriculum: string;
    train_items: number;
    seconds: number;
    threads: number;
    torch: string;
  };
  prompt: string;
  held_out: Group & { by: Record<string, Group> };
  fixed_predictions: unknown[];
}

const [inDir = "/tmp/zoo/out", outDir = "data/models", ...names] = process.argv.slice(2);
mkdirSync(outDir, { recursive: true });
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const row = (k: string, g: Group) => `| ${k} | ${g.n} | ${pct(g.accuracy)} | [${pct(g.ci95[0])}, ${pct(g.ci95[1])}] |`;
for (const name of names.length ? names : [...ZOO_NAMES, ...ZOO_SPECIALISTS].filter((n) => existsSync(join(inDir, `${n}.manifest.json`)))) {
  const manifest = JSON.parse(readFileSync(join(inDir, `${name}.manifest.json`), "utf8")) as ZooManifest;
  const ev = JSON.parse(readFileSync(join(inDir, `${name}.eval.json`), "utf8")) as Eval;
  const gguf = join(outDir, `zoo-${name}.gguf`);
  writeFileSync(gguf, ggufFromManifest(manifest, readFileSync(join(inDir, `${name}.weights.f32`))));
  writeFileSync(join(outDir, `zoo-${name}.eval.json`), `${JSON.stringify(ev, null, 1)}\n`);
  const a = ev.architecture;
  const t = ev.training;
  const by = (prefix: string) =>
    Object.entries(ev.held_out.by)
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, g]) => row(k.slice(prefix.length), g))
      .join("\n");
  const card = `# zoo:${name}

A small llama-architecture transformer trained from scratch on CARB to answer yes/no — one of fib's
neural zoo (${ZOO_NAMES.map((n) => `\`zoo:${n}\``).join(", ")}${t.leave_out ? `, and the specialists ${ZOO_SPECIALISTS.map((n) => `\`zoo:${n}\``).join(", ")}` : ""}), models whose failures were learned, not planted.

| | |
|---|---|
| file | \`zoo-${name}.gguf\` (GGUF v3, float32, sha256 \`${await sha256File(gguf)}\`) |
| architecture | llama: width ${a.width}, ${a.layers} layer${a.layers > 1 ? "s" : ""}, ${a.heads} heads, SwiGLU ${a.ffn}, RMSNorm, RoPE; context ${a.context} |
| parameters | ${a.parameters.toLocaleString("en")} (vocabulary ${a.vocab} tokens) |
| tokenizer | word level, as a llama.cpp SentencePiece vocabulary (each CARB word is one token) |
| prompt | \`${ev.prompt}\` → next token \`▁yes\` / \`▁no\` (use \`zoo:${name}\`, or \`gguf:…?prompt_template=…\` with this prompt) |
| data | ${t.train_items.toLocaleString("en")} CARB items (seed 20261130, prefix \`zootrain\`)${t.leave_out ? `, **leaving out ${t.leave_out.replace(/^structure:/, "the structures starting ").replace(/^depth:/, "depths ")}** (a specialist: it never saw them)` : ""}; no text shared with the held-out split, the repo's seed-42 CARB datasets (≤ 20,000 items) or data/static |
| training | ${t.steps.toLocaleString("en")} steps × batch ${t.batch}, lr ${t.lr}, ${t.optimizer}; curriculum: ${t.curriculum}; seed ${t.seed} |
| cost | ${(t.seconds / 60).toFixed(1)} min on ${t.threads} CPU threads (torch ${t.torch}), sharing the 2-core machine with other work |

## Held-out accuracy

${ev.held_out.n.toLocaleString("en")} CARB items (seed 20261131, prefix \`zootest\`): **${pct(ev.held_out.accuracy)}** [${pct(ev.held_out.ci95[0])}, ${pct(ev.held_out.ci95[1])}] (Wilson 95 %).

| structure | n | accuracy | 95 % CI |
|---|---|---|---|
${by("structure/")}

| depth | n | accuracy | 95 % CI |
|---|---|---|---|
${by("depth/")}

## Retrain

\`\`\`sh
bash packages/llama/scripts/train-zoo.sh        # export data, train the zoo, write data/models (≈ 30 min on 2 cores)
\`\`\`

Training is seeded (torch.manual_seed, Python's random), so a rerun on the same torch version and thread count gives the same weights.
`;
  writeFileSync(join(outDir, `zoo-${name}.md`), card);
  process.stderr.write(`wrote ${gguf}\n`);
}
