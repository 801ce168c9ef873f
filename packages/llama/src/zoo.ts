import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { FibError } from "@fib/schemas";

/** The neural zoo shipped with this package (trained on CARB by scripts/train_zoo.py), in capacity order: the package owns its names. */
export const ZOO_NAMES: readonly string[] = ["micro", "tiny", "small"];

/**
 * The zoo's specialists: one architecture (width 32, 2 layers), each trained on a CARB mix that leaves out
 * schema families or a depth range, so they differ in *what* they fail. Named as `zoo:spec-…`; not part of
 * the capacity ladder the default neural zoo lists.
 */
export const ZOO_SPECIALISTS: readonly string[] = ["spec-nochain", "spec-nosyllogism", "spec-nocounterfactual", "spec-shallow"];

const ALL = [...ZOO_NAMES, ...ZOO_SPECIALISTS];

/** The prompt the zoo was trained on: the item text, then " Answer:"; the next token is "▁yes" or "▁no". */
export const ZOO_PROMPT = "{x} Answer:";

const here = dirname(fileURLToPath(import.meta.url));

/** Where the zoo's GGUF files are: in a checkout of the repository its data/models, else the installed package's models/ (a copy made when it was packed). */
export function zooDir(): string {
  const repo = join(here, "../../..");
  const dirs = existsSync(join(repo, "pnpm-workspace.yaml")) ? [join(repo, "data/models")] : [join(here, "../models")];
  for (const d of dirs) if (ZOO_NAMES.some((n) => existsSync(join(d, `zoo-${n}.gguf`)))) return d;
  throw new FibError("INPUT_NOT_FOUND", `the neural zoo's GGUF files are missing (looked in ${join(here, "../models")} and the repository's data/models)`);
}

/** The GGUF file of a zoo model (zoo:small → …/zoo-small.gguf). */
export function zooModelPath(name: string): string {
  if (!ALL.includes(name)) throw new FibError("UNKNOWN_PLUGIN", `unknown zoo model "${name}" (known: ${ALL.join(", ")})`, { field: "models" });
  return join(zooDir(), `zoo-${name}.gguf`);
}

/** The zoo models present on disk: the capacity ladder in order, then (with `specialists`) the specialists. */
export function zooModels(opts: { specialists?: boolean } = {}): { name: string; path: string }[] {
  const files = new Set(readdirSync(zooDir()));
  return (opts.specialists ? ALL : ZOO_NAMES).filter((n) => files.has(`zoo-${n}.gguf`)).map((name) => ({ name, path: join(zooDir(), `zoo-${name}.gguf`) }));
}
