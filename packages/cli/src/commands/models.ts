import { resolveModels } from "@fib/harness";
import { createDefaultRegistry, DEFAULT_ZOO, neuralZooSpecs } from "@fib/models";
import { FibError, terminalSafe } from "@fib/schemas";
import { defineCommand } from "../_internal/command.js";
import { MODEL_OPTIONS, modelSelection } from "../_internal/modelFlags.js";

export default defineCommand({
  name: "models",
  summary: "List predictor kinds and presets, or resolve the models a run would use and check that their servers and workers answer.",
  positionals: [
    {
      name: "list|kinds",
      description: "list: resolve --models / --models-config (default: the default zoo, plus the neural zoo when @fib/llama is installed) and check each; kinds: the registered kinds",
      required: true,
    },
  ],
  options: { ...MODEL_OPTIONS },
  async run(v, pos, io) {
    if (pos[0] === "kinds") {
      // the zoo's names belong to @fib/llama: listed where it is installed
      const zoo = (await neuralZooSpecs()).map((s) => s.slice("zoo:".length));
      for (const k of createDefaultRegistry().kinds()) {
        const names = k.kind === "zoo" ? zoo : k.names();
        io.stdout.write(`${k.kind}: ${k.description}${names.length ? `\n  ${names.map((n) => `${k.kind}:${n}`).join(", ")}` : ""}\n`);
      }
      return 0;
    }
    if (pos[0] !== "list") throw new FibError("USAGE", `models takes list or kinds, got '${pos[0]}'`);
    const sel = modelSelection(v, io.cwd, io.env);
    // with nothing named: the default zoo, and the neural zoo where @fib/llama is installed
    if (!sel.models && !sel.modelsConfig) {
      const zoo = await neuralZooSpecs();
      if (zoo.length > 0) sel.models = [...DEFAULT_ZOO, ...zoo];
    }
    const predictors = await resolveModels(sel, { checkReady: false });
    let down = 0;
    for (const p of predictors) {
      const d = p.describe();
      let status = "ok";
      try {
        await p.ready?.();
        if (p.ready) status = "answers";
      } catch (e) {
        status = `DOWN: ${(e as Error).message}`;
        down++;
      }
      const detail = Object.entries(d)
        .filter(([k]) => !["id", "kind", "capability", "rule", "prompt_template", "system_prompt"].includes(k))
        .map(([k, x]) => `${k}=${typeof x === "object" ? JSON.stringify(x) : x}`)
        .join(" ");
      io.stdout.write(`${terminalSafe(p.id).padEnd(24)} ${terminalSafe(String(d.kind)).padEnd(8)} ${terminalSafe(status)}${detail ? `  (${terminalSafe(detail)})` : ""}\n`);
      await p.close?.();
    }
    return down > 0 ? 3 : 0;
  },
});
