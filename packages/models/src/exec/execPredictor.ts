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

type ExecOptions = { cache?: ResponseCache | null; env?: Readonly<Record<string, string | undefined>>; onStderr?: (line: string) => void };

/** One protocol line from the worker (any field may be missing or of the wrong type). */
interface WorkerMessage {
  ready?: boolean;
  id?: string;
  answer?: unknown;
  p_yes?: number;
  error?: string;
}

/** The mutable state of one exec predictor: its worker process, what is pending, and how it ended. */
interface ExecWorker {
  readonly config: ExecConfig;
  readonly opts: ExecOptions;
  readonly id: string;
  readonly timeoutMs: number;
  readonly env: Record<string, string>;
  readonly pending: Map<string, Pending>;
  child: ChildProcessWithoutNullStreams | null;
  starting: Promise<void> | null;
  crashes: number;
  dead: string | null;
  closing: boolean;
}

const promptOf = (config: ExecConfig, item: Item) => (config.promptTemplate ?? DEFAULT_PROMPT).replaceAll("{x}", item.x);
const keyOf = (config: ExecConfig, item: Item) => cacheKey({ adapter: "exec", command: config.command, prompt: promptOf(config, item), trial: config.trial ?? 0 });

function fail(w: ExecWorker, p: Pending, error: string): void {
  clearTimeout(p.timer);
  w.pending.delete(p.item.id);
  p.resolve({ item_id: p.item.id, answer: null, latency_ms: performance.now() - p.t0, error });
}

function failAll(w: ExecWorker, error: string): void {
  for (const p of [...w.pending.values()]) fail(w, p, error);
}

function send(w: ExecWorker, item: Item): void {
  // the worker sees the question, never the answer key: no gold label `y`, no held-out `structure_id`
  const { y: _y, structure_id: _sid, ...visible } = item;
  // a worker that has exited makes this write fail (EPIPE): its exit handler restarts it or fails what is pending
  if (w.child?.stdin.writable) w.child.stdin.write(`${JSON.stringify({ id: item.id, prompt: promptOf(w.config, item), item: visible })}\n`);
}

/** The worker's answer read strictly: 0/1, null (with its error), text ("yes", "No."); anything else is a protocol error, never a guess. */
function answerOf(msg: WorkerMessage): { answer: 0 | 1 | null; error?: string } {
  const a = msg.answer;
  if (a === 0 || a === 1) return { answer: a };
  if (a === null || a === undefined) return { answer: null, error: msg.error ?? "worker gave no answer" };
  if (typeof a === "string") return parseTextAnswer(a);
  return { answer: null, error: `worker answered ${scrubSecrets(JSON.stringify(a)).slice(0, 100)}: expected 0, 1, "yes", "no" or null` };
}

/** An answer line for a pending request resolves it (and is cached); lines for unknown ids are ignored. */
function settle(w: ExecWorker, msg: WorkerMessage): void {
  const p = msg.id === undefined ? undefined : w.pending.get(String(msg.id));
  if (!p) return;
  clearTimeout(p.timer);
  w.pending.delete(p.item.id);
  const parsed = answerOf(msg);
  const pred: Prediction = {
    item_id: p.item.id,
    answer: parsed.answer,
    ...(typeof msg.p_yes === "number" && msg.p_yes >= 0 && msg.p_yes <= 1 ? { p_yes: msg.p_yes } : {}),
    latency_ms: performance.now() - p.t0,
    ...(parsed.error || msg.error ? { error: parsed.error ?? msg.error } : {}),
  };
  w.opts.cache?.set(keyOf(w.config, p.item), pred);
  p.resolve(pred);
}

/** A crash after the ready line: restart once and re-send what was pending; a second crash fails it all. */
function restartAfterCrash(w: ExecWorker, reason: string): void {
  w.crashes++;
  if (w.crashes >= 2) {
    w.dead = `${w.id}: ${reason} again after a restart; giving up`;
    failAll(w, w.dead);
    return;
  }
  start(w).then(
    () => {
      for (const p of w.pending.values()) send(w, p.item);
    },
    (e) => {
      w.dead = (e as Error).message;
      failAll(w, w.dead);
    },
  );
}

function spawnWorker(w: ExecWorker): ChildProcessWithoutNullStreams {
  const proc = spawn(w.config.command[0] as string, w.config.command.slice(1), { cwd: w.config.cwd, env: w.env, stdio: ["pipe", "pipe", "pipe"] }) as unknown as ChildProcessWithoutNullStreams;
  proc.stdin.on("error", () => {}); // EPIPE: the exit handler deals with the dead worker
  const show = w.opts.onStderr ?? ((line: string) => process.stderr.write(`${line}\n`));
  createInterface({ input: proc.stderr }).on("line", (line) => show(`[${terminalSafe(w.id)}] ${terminalSafe(bounded(scrubSecrets(line), MAX_STDERR_LINE))}`));
  return proc;
}

/** Starts the worker (once; concurrent callers share the start) and resolves on its ready line. */
function start(w: ExecWorker): Promise<void> {
  w.starting ??= new Promise<void>((resolve, reject) => {
    const proc = spawnWorker(w);
    w.child = proc;
    let isReady = false;
    const startTimeoutMs = w.config.startTimeoutMs ?? 30_000;
    const startTimer = setTimeout(() => {
      if (isReady) return;
      proc.kill();
      reject(new FibError("MODEL_ERROR", `${w.id}: the worker sent no ready line within ${startTimeoutMs} ms`));
    }, startTimeoutMs);
    createInterface({ input: proc.stdout }).on("line", (line) => {
      let msg: WorkerMessage;
      try {
        msg = JSON.parse(line);
      } catch {
        return; // not a protocol line: ignored (workers may print)
      }
      if (isReady) return settle(w, msg);
      if (msg.ready === true) {
        isReady = true;
        clearTimeout(startTimer);
        resolve();
      }
    });
    proc.on("error", (e) => {
      clearTimeout(startTimer);
      w.dead = `${w.id}: could not start ${JSON.stringify(w.config.command.join(" "))}: ${e.message}`;
      reject(new FibError("MODEL_ERROR", w.dead, { cause: e }));
    });
    proc.on("exit", (code, sig) => {
      clearTimeout(startTimer);
      w.child = null;
      w.starting = null;
      if (w.closing) return;
      const how = sig ?? `code ${code}`;
      if (!isReady) reject(new FibError("MODEL_ERROR", `${w.id}: the worker exited (${how}) before it was ready`));
      else restartAfterCrash(w, `worker exited (${how})`);
    });
  });
  return w.starting;
}

function ask(w: ExecWorker, item: Item): Promise<Prediction> {
  const cached = w.opts.cache?.get(keyOf(w.config, item)) as Prediction | undefined;
  if (cached) return Promise.resolve({ ...cached, item_id: item.id, latency_ms: 0 });
  if (w.dead) return Promise.resolve({ item_id: item.id, answer: null, latency_ms: 0, error: w.dead });
  return new Promise<Prediction>((resolve) => {
    const p: Pending = { item, resolve, t0: performance.now(), timer: setTimeout(() => fail(w, p, `no answer within ${w.timeoutMs} ms`), w.timeoutMs) };
    w.pending.set(item.id, p);
    send(w, item);
  });
}

/** A cancelled run stops waiting for this batch at once: its pending requests are dropped. */
function untilAborted(w: ExecWorker, items: readonly Item[], all: Promise<Prediction[]>, signal: AbortSignal): Promise<Prediction[]> {
  return new Promise<Prediction[]>((resolve, reject) => {
    const onAbort = () => {
      for (const it of items) {
        const p = w.pending.get(it.id);
        if (!p) continue;
        clearTimeout(p.timer);
        w.pending.delete(it.id);
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
}

/** Closes the worker's stdin and waits up to 2 s for it to exit, then kills it. */
async function closeWorker(w: ExecWorker): Promise<void> {
  w.closing = true;
  const proc = w.child;
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
export function execPredictor(config: ExecConfig, opts: ExecOptions = {}): Predictor {
  if (config.command.length === 0) throw new FibError("CONFIG_INVALID", "exec predictor needs a command", { field: "command" });
  const id = config.id ?? `exec-${(config.command.at(-1) ?? "worker").replace(/^.*[\\/]/, "").replace(/[^\w.-]+/g, "-")}`;
  const env = workerEnv(opts.env ?? process.env, config.env);
  // what the worker is given and looks secret is scrubbed from whatever it prints
  secretValuesFromEnv(env);
  const w: ExecWorker = { config, opts, id, timeoutMs: config.timeoutMs ?? 60_000, env, pending: new Map(), child: null, starting: null, crashes: 0, dead: null, closing: false };
  return definePredictor({
    id,
    describe: () => ({ id, kind: "exec", command: [...config.command], timeout_ms: w.timeoutMs, trial: config.trial ?? 0 }),
    ready: () => start(w),
    async predict(items: readonly Item[], ctx) {
      const signal = ctx?.signal;
      if (signal?.aborted) throw new FibError("ABORTED", "cancelled");
      if (!items.every((it) => opts.cache?.get(keyOf(config, it)))) await start(w);
      const all = Promise.all(items.map((it) => ask(w, it)));
      return signal ? untilAborted(w, items, all, signal) : all;
    },
    close: () => closeWorker(w),
  });
}
