/** One benchmark: data written once, fib's side timed in fresh processes, a Python peer on the same data. */
export interface Bench {
  name: string;
  /** what the bench measures, one line */
  title: string;
  /** rounds of (fib process, peer process), interleaved */
  rounds: number;
  /** timed repeats inside each process (median taken) */
  repeats: number;
  /** write the shared data and meta.json into dir */
  prepare(dir: string): void | Promise<void>;
  /** fib's side (runs in its own process): metric → seconds, plus info */
  fib(dir: string, repeats: number): Record<string, unknown> | Promise<Record<string, unknown>>;
  /** whether a Python peer exists for this bench */
  peer: boolean;
  /** the timings whose fib / peer ratio is reported per round too (the same key on both sides): median and worst */
  ratios?: readonly string[];
  /** the target a ratio must meet in every round (issue 24's: ahead of the peer, not at parity) */
  targets?: Readonly<Record<string, number>>;
  /** lines of the report, from the medians over rounds */
  report(fib: Record<string, number>, peer: Record<string, number> | null, info: { fib: Record<string, unknown>; peer: Record<string, unknown> | null }): string[];
}
