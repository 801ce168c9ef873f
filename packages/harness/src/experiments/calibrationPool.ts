// Calibration replications run in order, one at a time in this thread or several at once in worker
// threads. Each replication is a pure function of (population, replication), and results are
// counted in replication order whatever order they finish in, so the report is the same for any
// number of workers.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, extname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { FibError } from "@fib/schemas";
import { createDefaultGeneratorRegistry } from "@fib/induce";
import { checkAborted } from "../run/withRun.js";
import { type CalibrationSetup, type CalibrationPopulation, type ReplicationResult, type ReplicationTask, replicationRunner } from "./calibrationReps.js";

/** A population's replications: at most `max`, each result taken in order; `take` returns true once the population is decided. */
export interface ReplicationStream {
  kind: CalibrationPopulation;
  max: number;
  take(r: ReplicationResult, rep: number): boolean;
}

/**
 * Worker threads a calibration uses by default: one per core, at most 8 (each holds its own copy of
 * the slices and records, ≈ 200 MB on the README's configuration).
 */
export function defaultCalibrationWorkers(): number {
  return Math.min(8, availableParallelism());
}

/** Runs replications: `run` one at a time per slot, `slots` at once. */
export interface Executor {
  slots: number;
  run(t: ReplicationTask): Promise<ReplicationResult>;
  close(): Promise<void>;
}

/**
 * Runs each stream's replications in order, streams one after another, up to `exec.slots` at a time
 * (a later population starts while an earlier one's last replications finish). Results are taken in
 * the order of running them one by one (a later stream's wait until every earlier one has stopped); a
 * stream stops once `take` says it is decided, and replications already started past that point are
 * discarded — so the counts, and every call of `take`, are those of one at a time. Returns how many
 * of each stream were taken.
 */
export function runReplications(streams: readonly ReplicationStream[], exec: Executor, signal?: AbortSignal): Promise<Map<CalibrationPopulation, number>> {
  const st = streams.map((s) => ({ s, next: 0, taken: 0, stopped: s.max <= 0, results: new Map<number, ReplicationResult>() }));
  let inFlight = 0;
  let failed = false;
  return new Promise((resolve, reject) => {
    const fail = (e: unknown) => {
      if (failed) return;
      failed = true;
      reject(e);
    };
    const pump = () => {
      if (failed) return;
      try {
        // results are taken in the order one at a time takes them: a stream's only once every earlier one has stopped
        for (const x of st) {
          while (!x.stopped && x.results.has(x.taken)) {
            const r = x.results.get(x.taken) as ReplicationResult;
            x.results.delete(x.taken);
            const decided = x.s.take(r, x.taken);
            x.taken++;
            if (decided || x.taken >= x.s.max) x.stopped = true;
          }
          if (!x.stopped) break;
        }
        checkAborted(signal);
        while (inFlight < exec.slots) {
          const x = st.find((y) => !y.stopped && y.next < y.s.max);
          if (!x) break;
          const rep = x.next++;
          inFlight++;
          exec.run({ kind: x.s.kind, rep }).then((r) => {
            inFlight--;
            x.results.set(rep, r);
            pump();
          }, fail);
        }
        if (inFlight === 0 && st.every((x) => x.stopped)) resolve(new Map(st.map((x) => [x.s.kind, x.taken])));
      } catch (e) {
        fail(e);
      }
    };
    pump();
  });
}

/** One replication at a time, in this thread. */
export function inProcessExecutor(setup: CalibrationSetup, signal?: AbortSignal): Executor {
  const run = replicationRunner(setup, signal);
  return { slots: 1, run, close: async () => {} };
}

/**
 * Whether a calibration can cross to worker threads: its generator is a built-in one, known there by
 * name (a generator object with a built-in name is the built-in one, as in chooseGenerator). A user's
 * generator (a module or an object) runs in this thread.
 */
export function workerSafe(setup: CalibrationSetup): boolean {
  if ((setup.options.generators ?? []).length > 0) return false;
  const g = setup.options.generator;
  return (
    g === undefined ||
    createDefaultGeneratorRegistry()
      .names()
      .includes(typeof g === "string" ? g : g.name)
  );
}

/** The worker's module: beside this one's build output, or (from source) the TypeScript entry, loaded through tsx. */
function workerEntry(): { code: string; eval: boolean; execArgv: string[] } {
  const here = import.meta.url;
  if (here.endsWith(".ts")) {
    const entry = new URL("../calibrationWorker.ts", here).href;
    // tsx's ESM API (its "import" export: the CommonJS one cannot register ESM hooks from a worker)
    const pkg = createRequire(fileURLToPath(here)).resolve("tsx/package.json");
    const api = (JSON.parse(readFileSync(pkg, "utf8")) as { exports: Record<string, { import: { default: string } }> }).exports["./esm/api"]?.import.default;
    if (!api) throw new FibError("INTERNAL", "running calibration workers from source needs tsx's ESM API (tsx/esm/api)");
    const tsx = pathToFileURL(join(dirname(pkg), api)).href;
    return { code: `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`, eval: true, execArgv: ["--conditions=@fib/source"] };
  }
  return { code: fileURLToPath(new URL(`./calibrationWorker${extname(fileURLToPath(here))}`, here)), eval: false, execArgv: [] };
}

interface Slot {
  worker: Worker;
  pending: { resolve: (r: ReplicationResult) => void; reject: (e: unknown) => void } | null;
  /** why the worker is gone (an error, or its exit), once it is */
  dead: unknown;
}

/**
 * `n` worker threads, each with its own copy of the setup (copied once, at start), each running
 * one replication at a time. A worker that fails or exits fails the replication it was running.
 * Close it when done (the workers keep the process alive until then).
 */
export function workerExecutor(setup: CalibrationSetup, n: number): Executor {
  const entry = workerEntry();
  const { generators: _g, generator, ...options } = setup.options;
  const data: CalibrationSetup = { ...setup, options: { ...options, ...(generator !== undefined ? { generator: typeof generator === "string" ? generator : generator.name } : {}) } };
  const slots: Slot[] = [];
  const idle: Slot[] = [];
  const waiting: ((s: Slot) => void)[] = [];
  const release = (s: Slot) => {
    const w = waiting.shift();
    if (w) w(s);
    else idle.push(s);
  };
  const failSlot = (s: Slot, e: unknown) => {
    const p = s.pending;
    s.pending = null;
    p?.reject(e);
  };
  for (let i = 0; i < n; i++) {
    const worker = new Worker(entry.code, { eval: entry.eval, execArgv: entry.execArgv, workerData: data });
    const s: Slot = { worker, pending: null, dead: null };
    worker.on("message", (m: { ok: true; result: ReplicationResult } | { ok: false; message: string; code?: string }) => {
      const p = s.pending;
      s.pending = null;
      if (!p) return;
      if (m.ok) p.resolve(m.result);
      else p.reject(m.code ? new FibError(m.code as never, m.message) : new Error(m.message));
      release(s);
    });
    // a worker that fails (its start included) or exits fails the replication it runs, and every later one sent to it
    worker.on("error", (e) => {
      s.dead ??= e;
      failSlot(s, s.dead);
    });
    worker.on("exit", (code) => {
      s.dead ??= new FibError("INTERNAL", `a calibration worker thread exited (code ${code})`);
      failSlot(s, s.dead);
    });
    slots.push(s);
    idle.push(s);
  }
  const acquire = () => new Promise<Slot>((res) => (idle.length ? res(idle.shift() as Slot) : waiting.push(res)));
  return {
    slots: n,
    async run(t) {
      const s = await acquire();
      if (s.dead) throw s.dead;
      return new Promise<ReplicationResult>((resolve, reject) => {
        s.pending = { resolve, reject };
        s.worker.postMessage(t);
      });
    },
    async close() {
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
