import { createRng } from "@fib/stats";
import { analyze, type GraderRow } from "./analyze.js";

// a stand-in for the other codebase's grader output: three models, three kinds of question
const rng = createRng(7);
const skill: Record<string, Record<string, number>> = {
  small: { arithmetic: 0.4, lookup: 0.8, multi_hop: 0.2 },
  medium: { arithmetic: 0.7, lookup: 0.9, multi_hop: 0.5 },
  large: { arithmetic: 0.95, lookup: 0.97, multi_hop: 0.85 },
};
const centre: Record<string, number[]> = { arithmetic: [5, 1], lookup: [1, 1], multi_hop: [3, 6] };
const rows: GraderRow[] = [];
for (let q = 0; q < 300; q++) {
  const category = (["arithmetic", "lookup", "multi_hop"] as const)[q % 3] as string;
  const features = (centre[category] as number[]).map((c) => c + rng.float() - 0.5);
  for (const model of Object.keys(skill)) rows.push({ question: `q${q}`, model, passed: rng.float() < (skill[model]?.[category] ?? 0), category, features });
}
console.log(JSON.stringify(analyze(rows, { k: 3, seed: 1 }), null, 2));
