import { definePredictor, FibError, importPlugin, isFibError, type Predictor } from "@fib/schemas";
import type { ParsedSpec, PredictorKind, ResolveContext } from "../spec.js";

/**
 * A predictor from the user's own module: `module:./my-model.mjs?key=value` (a file, a package
 * directory, or an installed package name). The module's default export — or its export named
 * `predictor` — is a Predictor (see `definePredictor`), or a factory `(params, ctx) => Predictor`
 * that receives the spec's parameters. Built JavaScript only; see docs/plugins.md. A run dir that
 * names one is replayed only with --trust-models (it runs code).
 */
export async function loadPredictor(specifier: string, params: Record<string, unknown> = {}, opts: { cwd?: string; ctx?: ResolveContext; id?: string } = {}): Promise<Predictor> {
  const { file, module } = await importPlugin(specifier, { kind: "predictor", ...(opts.cwd ? { cwd: opts.cwd } : {}) });
  const exported = module.default ?? module.predictor;
  if (exported === undefined) throw new FibError("UNKNOWN_PLUGIN", "exports no predictor (export a Predictor or a factory as default or as `predictor`)", { file, field: "predictor" });
  let p: unknown = exported;
  if (typeof exported === "function") {
    try {
      p = await (exported as (params: Record<string, unknown>, ctx: ResolveContext) => unknown)(params, opts.ctx ?? {});
    } catch (e) {
      if (isFibError(e)) throw e;
      throw new FibError("PLUGIN_INVALID", `the predictor factory threw: ${String((e as Error)?.message ?? e).split("\n")[0]}`, { file, field: "predictor", cause: e });
    }
  } else if (Object.keys(params).length > 0) {
    throw new FibError(
      "CONFIG_INVALID",
      `${file} exports a predictor object, which takes no parameters (got ${Object.keys(params).join(", ")}): export a factory (params) => predictor to accept them`,
      { field: "models" },
    );
  }
  try {
    const checked = definePredictor(p as Predictor);
    if (opts.id === undefined || opts.id === checked.id) return checked;
    // an id from the spec renames the predictor (two instances of one module side by side)
    const id = opts.id;
    return definePredictor({ ...checked, id, describe: () => ({ ...checked.describe(), id }), predict: checked.predict.bind(checked) });
  } catch (e) {
    throw new FibError("PLUGIN_INVALID", (e as Error).message, { file, field: "predictor", cause: e });
  }
}

export const MODULE_KIND: PredictorKind = {
  kind: "module",
  description: "your own predictor module (built JavaScript): module:./my-model.mjs?key=value — see docs/plugins.md",
  names: () => [],
  create: (s: ParsedSpec, ctx) => loadPredictor(s.name, s.params, { ctx, ...(s.id ? { id: s.id } : {}) }),
};
