import { FibError } from "@fib/schemas";
import type { PredictorKind } from "../spec.js";

/**
 * Kinds whose code lives in an optional package, imported only when a spec uses them: `gguf:`
 * and `zoo:` run models in process through @fib/llama, which carries node-llama-cpp and its
 * native binaries — never a dependency of the core packages.
 */

const LLAMA_PACKAGE = "@fib/llama";

interface LlamaKinds {
  ggufKind: PredictorKind;
  zooKind: PredictorKind;
}

let llama: Promise<LlamaKinds> | null = null;

/**
 * Import @fib/llama from fib's own installation only — resolved from this package's location
 * (beside it in npm's flat install, or where the workspace links it) — never from the working
 * directory: a run dir's folder could hold a planted `node_modules/@fib/llama`, and `zoo:` runs
 * in replay without `--trust-models`.
 */
export function loadLlamaKinds(): Promise<LlamaKinds> {
  llama ??= (async () => {
    // a computed specifier: the bundler leaves it to Node, which resolves it from this file
    const spec: string = LLAMA_PACKAGE;
    let mod: Partial<LlamaKinds>;
    try {
      mod = (await import(spec)) as Partial<LlamaKinds>;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND" || !String((e as Error).message).includes(LLAMA_PACKAGE)) throw e;
      llama = null;
      throw new FibError(
        "CONFIG_INVALID",
        `gguf: and zoo: models run in process through the optional package ${LLAMA_PACKAGE}, which is not installed beside fib: run \`npm install ${LLAMA_PACKAGE}\` (or \`pnpm add ${LLAMA_PACKAGE}\`) where fib is installed (a copy in the working directory is never loaded)`,
        { field: "models" },
      );
    }
    if (!mod.ggufKind || !mod.zooKind) throw new FibError("INTERNAL", `${LLAMA_PACKAGE} does not export ggufKind and zooKind (a mismatched version?)`);
    return mod as LlamaKinds;
  })();
  return llama;
}

export const GGUF_KIND: PredictorKind = {
  kind: "gguf",
  description: "a GGUF file run in process by llama.cpp (needs @fib/llama): gguf:./model.gguf?scoring=logprob|text&threads=4&context=2048",
  names: () => [],
  create: async (s, ctx) => (await loadLlamaKinds()).ggufKind.create(s, ctx),
};

export const ZOO_KIND: PredictorKind = {
  kind: "zoo",
  description: "fib's neural zoo: small llama models trained on CARB, run in process (needs @fib/llama)",
  // the names belong to @fib/llama (neuralZooSpecs lists them where it is installed)
  names: () => [],
  create: async (s, ctx) => (await loadLlamaKinds()).zooKind.create(s, ctx),
};

/** The neural zoo's specs on disk (`zoo:micro`, …) where @fib/llama can be imported; [] where it cannot. Never throws. */
export async function neuralZooSpecs(): Promise<string[]> {
  try {
    return (await loadLlamaKinds()).zooKind.names().map((n) => `zoo:${n}`);
  } catch {
    return [];
  }
}
