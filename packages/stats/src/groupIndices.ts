/** The positions of each key, in first-seen order of the keys: ["a","b","a"] → a: [0, 2], b: [1]. */
export function groupIndices(keys: readonly string[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  keys.forEach((k, i) => {
    const list = out.get(k);
    if (list) list.push(i);
    else out.set(k, [i]);
  });
  return out;
}
