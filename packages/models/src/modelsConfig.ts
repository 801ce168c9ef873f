import { FibError } from "@fib/schemas";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import type { PredictorSpec } from "./registry.js";

const Spec = z.union([z.string(), z.looseObject({ kind: z.string(), name: z.string().optional(), id: z.string().optional() })]);
const ModelsConfig = z.object({ models: z.array(Spec).min(1) });

/**
 * Parse a models config file — JSON, or YAML when the file ends in .yaml / .yml:
 * `{"models": ["stub:heuristic_a", {"kind": "openai", "model": "qwen2.5-7b", "base_url": "http://localhost:8000/v1"}]}`.
 * Errors name the file and the field.
 */
export function parseModelsConfig(text: string, file: string): PredictorSpec[] {
  let raw: unknown;
  const yaml = /\.ya?ml$/i.test(file);
  try {
    raw = yaml ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw new FibError("CONFIG_INVALID", `not valid ${yaml ? "YAML" : "JSON"} (${(e as Error).message.split("\n")[0]})`, { file, cause: e });
  }
  const r = ModelsConfig.safeParse(raw);
  if (!r.success) {
    const iss = r.error.issues[0];
    throw new FibError("CONFIG_INVALID", iss?.message ?? "invalid models config", { file, field: iss?.path.map(String).join(".") || "models" });
  }
  return r.data.models as PredictorSpec[];
}
