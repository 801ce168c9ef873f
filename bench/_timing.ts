export function time(f: () => unknown): number {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Warm up (`warm` runs, default one), then the median of `repeats` timed runs; returns [seconds, last result]. */
export function timed<T>(f: () => T, repeats: number, warm = 1): [number, T] {
  let out = f();
  for (let w = 1; w < warm; w++) out = f();
  const ts: number[] = [];
  for (let r = 0; r < repeats; r++) ts.push(time(() => (out = f())));
  return [median(ts), out];
}
