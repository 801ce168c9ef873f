import { FibError, importPlugin, isFibError } from "@fib/schemas";
import type { PredictorKind } from "../spec.js";

/**
 * Kinds whose code lives in an optional package, imported only when a spec uses them: `gguf:`
 * and `zoo:` run models in process through @fib/llama, which carries node-llama-cpp and its
 * native binaries — never a dependency of the core packages.
 */

const LLAMA_PACKAGE = "@fib/llama";
/** the neural zoo shipped with @fib/llama (trained on CARB by its scripts/train_zoo.py) */
export const ZOO_NAMES: readonly string[] = ["micro", "tiny", "small"];

interface LlamaKinds {
  ggufKind: PredictorKind;
  zooKind: PredictorKind;
}

let llama: Promise<LlamaKinds> | null = null;

/**
 * Import @fib/llama from beside this package (npm's flat install), else from the working
 * directory's project by the same resolution as any plugin (`importPlugin`: its package.json
 * `exports`, the import condition — @fib/llama is ESM only).
 */
export function loadLlamaKinds(): Promise<LlamaKinds> {
  llama ??= (async () => {
    const spec: string = LLAMA_PACKAGE;
    let mod: Partial<LlamaKinds>;
    try {
      mod = (await import(spec)) as Partial<LlamaKinds>;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND" || !String((e as Error).message).includes(LLAMA_PACKAGE)) throw e;
      try {
        mod = (await importPlugin(LLAMA_PACKAGE, { kind: "predictor" })).module as Partial<LlamaKinds>;
      } catch (e2) {
        if (!isFibError(e2) || e2.code !== "UNKNOWN_PLUGIN") throw e2;
        llama = null;
        throw new FibError(
          "CONFIG_INVALID",
          `gguf: and zoo: models run in process through the optional package ${LLAMA_PACKAGE}, which is not installed: run \`npm install ${LLAMA_PACKAGE}\` (or \`pnpm add ${LLAMA_PACKAGE}\`) where fib is installed`,
          { field: "models" },
        );
      }
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
  names: () => [...ZOO_NAMES],
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
