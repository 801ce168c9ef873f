import { resolve } from "node:path";
import type { ModelSelection } from "@fib/harness";
import type { OptionSpec, ValuesOf } from "./command.js";
import { list, str } from "./values.js";

export const MODEL_OPTIONS = {
  models: { type: "string", value: "SPEC,…", description: "predictors, e.g. stub:heuristic_a,sim:expert,trained:logreg-medium (default: the default zoo)", multiple: true },
  "models-config": { type: "string", value: "FILE", description: 'a JSON or YAML file {"models": [spec, …]}' },
  "cache-dir": { type: "string", value: "DIR", description: "cache for trained models and responses", default: ".fib-cache" },
  "no-cache": { type: "boolean", description: "do not read or write the cache" },
} as const satisfies Record<string, OptionSpec>;

export function modelSelection(v: ValuesOf<typeof MODEL_OPTIONS>, cwd: string, env: NodeJS.ProcessEnv): ModelSelection {
  const models = list(v, "models");
  const config = str(v, "models-config");
  return {
    ...(models ? { models } : {}),
    ...(config ? { modelsConfig: resolve(cwd, config) } : {}),
    cacheDir: v["no-cache"] ? null : resolve(cwd, str(v, "cache-dir")),
    env,
  };
}
