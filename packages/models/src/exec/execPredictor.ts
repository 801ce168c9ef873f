import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { bounded, FibError, type Item, type Prediction, scrubSecrets, secretValuesFromEnv, terminalSafe } from "@fib/schemas";
import { definePredictor, type Predictor } from "../predictor.js";
import { cacheKey, type ResponseCache } from "../responseCache.js";
import { DEFAULT_PROMPT } from "../openai/openaiPredictor.js";
import { parseTextAnswer } from "../openai/parseAnswer.js";

export interface ExecConfig {
  id?: string;
  /** the worker's command line: program and arguments (no shell) */
  command: readonly string[];
  cwd?: string;
  /** per-request timeout in ms (default 60 000) */
  timeoutMs?: number;
  /** startup timeout for the ready line (default 30 000) */
  startTimeoutMs?: number;
  promptTemplate?: string;
  trial?: number;
  /** environment variables passed to the worker beyond the minimal set (PATH, HOME, locale, temp dir) */
  env?: readonly string[];
}

/** What every worker gets from fib's environment: enough to find programs and write temp files — never the keys. */
export const WORKER_BASE_ENV = ["PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "TEMP", "TMP", "TZ", "SYSTEMROOT", "USERPROFILE"] as const;

/** The worker's environment: the minimal set plus the variables its spec names. */
export function workerEnv(from: Readonly<Record<string, string | undefined>>, named: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of [...WORKER_BASE_ENV, ...named]) {
    const v = from[k];
    if (typeof v === "string") out[k] = v;
  }
  return out;
}

/** Longest stderr line from a worker that is shown; the rest is cut. */
const MAX_STDERR_LINE = 2000;

interface Pending {
  item: Item;
  resolve: (p: Prediction) => void;
  timer: NodeJS.Timeout;
  t0: number;
}

/**
 * A persistent worker process speaking JSONL on stdin/stdout:
 *   worker → `{"ready": true, …}` once it can answer;
 *   fib → `{"id", "prompt", "item"}` one line per item;
 *   worker → `{"id", "answer": 0 | 1 | "yes" | "no" | null, "p_yes"?, "error"?}` per request, any order;
 *   end of input (stdin closed) → the worker exits.
 * The worker's stderr is shown line by line, prefixed with its id, with secrets scrubbed and
 * control characters escaped (a worker cannot clear the screen or set a title). It runs with a
 * minimal environment plus the variables its spec names (`env`), never fib's whole environment.
 * A crash restarts the worker once and re-sends what was pending; after a second crash the
 * remaining items error clearly. A worker that dies while fib writes to it is a crash, never an
 * unhandled EPIPE. A request unanswered within the timeout errors (the worker keeps running); a
 * cancelled run (the predict context's signal) stops waiting at once.
 */
export function execPredictor(config: ExecConfig, opts: { cache?: ResponseCache | null; env?: Readonly<Record<string, string | undefined>>; onStderr?: (line: string) => void } = {}): Predictor {
  if (config.command.length === 0) throw new FibError("CONFIG_INVALID", "exec predictor needs a command", { field: "command" });
  const id = config.id ?? `exec-${(config.command.at(-1) ?? "worker").replace(/^.*[\\/]/, "").replace(/[^\w.-]+/g, "-")}`;
  const timeoutMs = config.timeoutMs ?? 60_000;
  const pending = new Map<string, Pending>();
  const workerEnvFor = workerEnv(opts.env ?? process.env, config.env);
  // what the worker is given and looks secret is scrubbed from whatever it prints
  secretValuesFromEnv(workerEnvFor);
  let child: ChildProcessWithoutNullStreams | null = null;
  let starting: Promise<void> | null = null;
  let crashes = 0;
  let dead: string | null = null;
  let closing = false;

  const fail = (p: Pending, error: string) => {
    clearTimeout(p.timer);
    pending.delete(p.item.id);
    p.resolve({ item_id: p.item.id, answer: null, latency_ms: performance.now() - p.t0, error });
  };
  const send = (item: Item) => {
    const prompt = (config.promptTemplate ?? DEFAULT_PROMPT).replaceAll("{x}", item.x);
    // the worker sees the question, never the answer key: no gold label `y`, no held-out `structure_id`
    const { y: _y, structure_id: _sid, ...visible } = item;
    // a worker that has exited makes this write fail (EPIPE): its exit handler restarts it or fails what is pending
    if (child?.stdin.writable) child.stdin.write(`${JSON.stringify({ id: item.id, prompt, item: visible })}\n`);
  };
  const start = (): Promise<void> =>
    (starting ??= new Promise<void>((resolve, reject) => {
      const proc = spawn(config.command[0] as string, config.command.slice(1), {
        cwd: config.cwd,
        env: workerEnvFor,
        stdio: ["pipe", "pipe", "pipe"],
      }) as unknown as ChildProcessWithoutNullStreams;
      child = proc;
      proc.stdin.on("error", () => {}); // EPIPE: the exit handler deals with the dead worker
      const show = opts.onStderr ?? ((line: string) => process.stderr.write(`${line}\n`));
      createInterface({ input: proc.stderr }).on("line", (line) => show(`[${terminalSafe(id)}] ${terminalSafe(bounded(scrubSecrets(line), MAX_STDERR_LINE))}`));
      let isReady = false;
      const startTimer = setTimeout(() => {
        if (!isReady) {
          proc.kill();
          reject(new FibError("MODEL_ERROR", `${id}: the worker sent no ready line within ${config.startTimeoutMs ?? 30_000} ms`));
        }
      }, config.startTimeoutMs ?? 30_000);
      const lines = createInterface({ input: proc.stdout });
      lines.on("line", (line) => {
        let msg: { ready?: boolean; id?: string; answer?: unknown; p_yes?: number; error?: string };
        try {
          msg = JSON.parse(line);
        } catch {
          return; // not a protocol line: ignored (workers may print)
        }
        if (!isReady) {
          if (msg.ready === true) {
            isReady = true;
            clearTimeout(startTimer);
            resolve();
          }
          return;
        }
        const p = msg.id === undefined ? undefined : pending.get(String(msg.id));
        if (!p) return;
        clearTimeout(p.timer);
        pending.delete(p.item.id);
        const a = msg.answer;
        let parsed: { answer: 0 | 1 | null; error?: string };
        if (a === 0 || a === 1) parsed = { answer: a };
        else if (a === null || a === undefined) parsed = { answer: null, error: msg.error ?? "worker gave no answer" };
        // a string is read as text ("yes", "No."); anything else ([1], {}, 2, true) is a protocol error, never a guess
        else if (typeof a === "string") parsed = parseTextAnswer(a);
        else parsed = { answer: null, error: `worker answered ${scrubSecrets(JSON.stringify(a)).slice(0, 100)}: expected 0, 1, "yes", "no" or null` };
        const pred: Prediction = {
          item_id: p.item.id,
          answer: parsed.answer,
          ...(typeof msg.p_yes === "number" && msg.p_yes >= 0 && msg.p_yes <= 1 ? { p_yes: msg.p_yes } : {}),
          latency_ms: performance.now() - p.t0,
          ...(parsed.error || msg.error ? { error: parsed.error ?? msg.error } : {}),
        };
        opts.cache?.set(keyOf(p.item), pred);
        p.resolve(pred);
      });
      proc.on("error", (e) => {
        clearTimeout(startTimer);
        dead = `${id}: could not start ${JSON.stringify(config.command.join(" "))}: ${e.message}`;
        reject(new FibError("MODEL_ERROR", dead, { cause: e }));
      });
      proc.on("exit", (code, sig) => {
        clearTimeout(startTimer);
        child = null;
        starting = null;
        if (closing) return;
        if (!isReady) {
          reject(new FibError("MODEL_ERROR", `${id}: the worker exited (${sig ?? `code ${code}`}) before it was ready`));
          return;
        }
        crashes++;
        const reason = `worker exited (${sig ?? `code ${code}`})`;
        if (crashes >= 2) {
          dead = `${id}: ${reason} again after a restart; giving up`;
          for (const p of [...pending.values()]) fail(p, dead);
          return;
        }
        // restart once and re-send whatever was pending
        start().then(
          () => {
            for (const p of pending.values()) send(p.item);
          },
          (e) => {
            dead = (e as Error).message;
            for (const p of [...pending.values()]) fail(p, dead);
          },
        );
      });
    }));
  const keyOf = (item: Item) => cacheKey({ adapter: "exec", command: config.command, prompt: (config.promptTemplate ?? DEFAULT_PROMPT).replaceAll("{x}", item.x), trial: config.trial ?? 0 });

  const ask = (item: Item): Promise<Prediction> => {
    const cached = opts.cache?.get(keyOf(item)) as Prediction | undefined;
    if (cached) return Promise.resolve({ ...cached, item_id: item.id, latency_ms: 0 });
    if (dead) return Promise.resolve({ item_id: item.id, answer: null, latency_ms: 0, error: dead });
    return new Promise<Prediction>((resolve) => {
      const p: Pending = {
        item,
        resolve,
        t0: performance.now(),
        timer: setTimeout(() => fail(p, `no answer within ${timeoutMs} ms`), timeoutMs),
      };
      pending.set(item.id, p);
      send(item);
    });
  };

  return definePredictor({
    id,
    describe: () => ({ id, kind: "exec", command: [...config.command], timeout_ms: timeoutMs, trial: config.trial ?? 0 }),
    ready: () => start(),
    async predict(items: readonly Item[], ctx) {
      const signal = ctx?.signal;
      if (signal?.aborted) throw new FibError("ABORTED", "cancelled");
      if (!items.every((it) => opts.cache?.get(keyOf(it)))) await start();
      const all = Promise.all(items.map(ask));
      if (!signal) return all;
      // a cancelled run stops waiting for this batch at once: its pending requests are dropped
      return new Promise<Prediction[]>((resolve, reject) => {
        const onAbort = () => {
          for (const it of items) {
            const p = pending.get(it.id);
            if (p) {
              clearTimeout(p.timer);
              pending.delete(it.id);
            }
          }
          reject(new FibError("ABORTED", "cancelled"));
        };
        signal.addEventListener("abort", onAbort, { once: true });
        all.then(
          (v) => {
            signal.removeEventListener("abort", onAbort);
            resolve(v);
          },
          (e) => {
            signal.removeEventListener("abort", onAbort);
            reject(e);
          },
        );
      });
    },
    async close() {
      closing = true;
      const proc = child;
      if (!proc) return;
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          proc.kill();
          resolve();
        }, 2000);
        proc.once("exit", () => {
          clearTimeout(t);
          resolve();
        });
        proc.stdin.end();
      });
    },
  });
}
