import { FibError } from "@fib/schemas";
import { z } from "zod";
import type { PredictorSpec } from "./registry.js";

const Spec = z.union([z.string(), z.looseObject({ kind: z.string(), name: z.string().optional(), id: z.string().optional() })]);
const ModelsConfig = z.object({ models: z.array(Spec).min(1) });

/**
 * Parse a models config file's JSON: `{"models": ["stub:heuristic_a", {"kind": "sim", "name": "expert", "id": "e2", "seed": 2}]}`.
 * Errors name the file and the field.
 */
export function parseModelsConfig(text: string, file: string): PredictorSpec[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new FibError("CONFIG_INVALID", `not valid JSON (${(e as Error).message})`, { file, cause: e });
  }
  const r = ModelsConfig.safeParse(raw);
  if (!r.success) {
    const iss = r.error.issues[0];
    throw new FibError("CONFIG_INVALID", iss?.message ?? "invalid models config", { file, field: iss?.path.map(String).join(".") || "models" });
  }
  return r.data.models as PredictorSpec[];
}
