import { type CarbOptions, type ItemSummary, iterateCarb, resolveCarbOptions, summarizeItems } from "@fib/carb";
import { type Item, sha256File, writeJsonl } from "@fib/schemas";

export interface BuildCarbFileResult {
  output: string;
  sha256: string;
  summary: ItemSummary;
}

export interface ProgressEvent {
  stage: string;
  done: number;
  total: number;
}
export type OnProgress = (e: ProgressEvent) => void;

/**
 * Generate a CARB dataset into a JSONL file, atomically: options are validated before
 * anything is written, and a failure part-way leaves no file behind.
 */
export async function buildCarbFile(options: CarbOptions, output: string, hooks: { onProgress?: OnProgress } = {}): Promise<BuildCarbFileResult> {
  const resolved = resolveCarbOptions(options);
  const items: Item[] = [];
  const every = Math.max(1, Math.floor(resolved.n / 100));
  function* tracked() {
    for (const it of iterateCarb(options)) {
      items.push(it);
      if (items.length % every === 0) hooks.onProgress?.({ stage: "build-carb", done: items.length, total: resolved.n });
      yield it;
    }
  }
  await writeJsonl(output, tracked());
  return { output, sha256: await sha256File(output), summary: summarizeItems(items) };
}
