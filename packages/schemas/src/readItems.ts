import { Item } from "./item.js";
import { readJsonl } from "./jsonl.js";

/**
 * Read a dataset of {@link Item}s: every line validated, ids unique, at least one item.
 * Errors name the file, the line and the field.
 */
export function readItems(path: string): Promise<Item[]> {
  return readJsonl(path, Item, { uniqueKey: "id" });
}
