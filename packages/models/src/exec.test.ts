import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { generateCarb } from "@fib/carb";
import { describe, expect, it } from "vitest";
import { createDefaultRegistry, execPredictor, memoryCache } from "./index.js";

const root = resolve(import.meta.dirname, "../../..");
const workers = resolve(import.meta.dirname, "../test-workers");
const items = generateCarb({ n: 12, seed: 8 });
const hasPython = existsSync("/usr/bin/python3");

describe("exec: worker protocol", () => {
  it("answers that are not 0, 1, yes, no or null are protocol errors, never read as yes; a huge error is bounded", async () => {
    const p = execPredictor({ id: "odd", command: ["node", join(workers, "odd-answers.mjs")] });
    const preds = await p.predict(items.slice(0, 5));
    expect(preds.slice(0, 4).every((x) => x.answer === null && /expected 0, 1, "yes", "no" or null/.test(x.error ?? ""))).toBe(true);
    expect(preds[4]?.answer).toBeNull();
    await p.close?.();
  }, 30_000);
  it("the example Node worker answers every item, and ends when its input does", async () => {
    const p = await createDefaultRegistry().resolve(`exec:node ${join(root, "examples/exec-workers/node-worker.mjs")}`, { cacheDir: null });
    await p.ready?.();
    const preds = await p.predict(items);
    expect(preds.map((x) => x.item_id)).toEqual(items.map((i) => i.id));
    expect(preds.every((x) => x.answer === 0 || x.answer === 1)).toBe(true);
    expect(preds.every((x) => typeof x.p_yes === "number")).toBe(true);
    await p.close?.();
  });
  it.runIf(hasPython)("the example Python worker answers with yes / no words", async () => {
    const p = execPredictor({ command: ["/usr/bin/python3", join(root, "examples/exec-workers/python_worker.py")] });
    const preds = await p.predict(items);
    expect(preds.every((x) => x.answer === 0 || x.answer === 1)).toBe(true);
    await p.close?.();
  });
  it("a worker that crashes is restarted once and the pending items are re-sent", async () => {
    const marker = join(mkdtempSync(join(tmpdir(), "fib-exec-")), "marker");
    const p = execPredictor({ command: ["node", join(workers, "crash-once.mjs"), marker] });
    const preds = await p.predict(items);
    expect(existsSync(marker)).toBe(true);
    expect(preds.map((x) => x.answer)).toEqual(items.map((i) => i.id.length % 2));
    await p.close?.();
  });
  it("a worker never receives the gold label y nor the held-out structure_id", async () => {
    const p = execPredictor({ id: "peek", command: ["node", join(workers, "peek.mjs")] });
    const preds = await p.predict(items);
    expect(items.every((i) => i.structure_id !== undefined)).toBe(true);
    expect(preds.map((x) => x.answer)).toEqual(items.map(() => 0));
    await p.close?.();
  });
  it("a worker that crashes again: the remaining items error clearly, the run goes on", async () => {
    const p = execPredictor({ id: "crashy", command: ["node", join(workers, "always-crash.mjs")] });
    const preds = await p.predict(items.slice(0, 3));
    expect(preds.every((x) => x.answer === null && /crashy: worker exited \(code 7\) again after a restart; giving up/.test(x.error ?? ""))).toBe(true);
    const later = await p.predict(items.slice(3, 4));
    expect(later[0]?.error).toMatch(/giving up/);
  });
  it("an unanswered request times out; answered ones are kept", async () => {
    const ids = items.slice(0, 4).map((it, i) => ({ ...it, id: `t${i * 5}` })); // t0, t5, t10, t15
    const p = execPredictor({ command: ["node", join(workers, "silent.mjs")], timeoutMs: 300 });
    const preds = await p.predict(ids);
    expect(preds.map((x) => x.answer)).toEqual([1, null, 1, null]);
    expect(preds[1]?.error).toBe("no answer within 300 ms");
    await p.close?.();
  });
  it("a command that does not exist is a clear error", async () => {
    const p = execPredictor({ command: ["/no/such/worker"] });
    await expect(p.ready?.()).rejects.toThrow(/could not start/);
  });
  it("answers are cached: the second run needs no worker", async () => {
    const cache = memoryCache();
    const p = execPredictor({ command: ["node", join(root, "examples/exec-workers/node-worker.mjs")] }, { cache });
    const a = await p.predict(items);
    await p.close?.();
    const again = execPredictor({ command: ["node", join(root, "examples/exec-workers/node-worker.mjs")] }, { cache });
    const b = await again.predict(items);
    expect(b.map((x) => x.answer)).toEqual(a.map((x) => x.answer));
    expect(b.every((x) => x.latency_ms === 0)).toBe(true); // served from the cache: no worker was started
  });
});

describe("exec: hostile and dying workers", () => {
  it("a worker's stderr is prefixed, escaped and scrubbed; it sees a minimal environment plus what its spec names", async () => {
    const lines: string[] = [];
    const env = { PATH: process.env.PATH, HOME: "/nonexistent", FIB_TEST_WORKER_KEY: "worker-secret-key-0123456789", OPENAI_API_KEY: "sk-never-for-workers-12345", NAMED_VAR: "x" };
    const p = await createDefaultRegistry().resolve(`exec:node ${join(workers, "noisy-stderr.mjs")}?id=noisy&env=FIB_TEST_WORKER_KEY:NAMED_VAR`, { cacheDir: null, env });
    const exec = execPredictor({ id: "noisy2", command: ["node", join(workers, "noisy-stderr.mjs")], env: ["FIB_TEST_WORKER_KEY"] }, { env, onStderr: (l) => lines.push(l) });
    const [a] = await exec.predict(items.slice(0, 1));
    await exec.close?.();
    const [b] = await p.predict(items.slice(0, 1));
    await p.close?.();
    // the spec named FIB_TEST_WORKER_KEY and NAMED_VAR: those and the minimal set, never OPENAI_API_KEY
    expect(b?.error?.split(",")).toEqual(["FIB_TEST_WORKER_KEY", "HOME", "NAMED_VAR", "PATH"]);
    expect(a?.error?.split(",")).toEqual(["FIB_TEST_WORKER_KEY", "HOME", "PATH"]);
    await new Promise((r) => setTimeout(r, 50));
    expect(lines).toHaveLength(1);
    const line = lines[0] as string;
    expect(line.startsWith("[noisy2] ")).toBe(true);
    expect(line).not.toMatch(new RegExp(`[${String.fromCharCode(0)}-${String.fromCharCode(31)}\u202e]`));
    expect(line).toContain("\\x1b]0;owned title\\x07");
    expect(line).toContain("\\u{202e}evil");
    expect(line).not.toContain("worker-secret-key-0123456789");
  }, 30_000);

  it("env= names variables, nothing else", async () => {
    await expect(createDefaultRegistry().resolve("exec:node w.mjs?env=A:$(rm)", { cacheDir: null })).rejects.toThrow(/env names environment variables/);
  });

  it("a worker that exits while fib writes to it: errored records, never an unhandled EPIPE", async () => {
    const many = generateCarb({ n: 400, seed: 3 });
    const p = execPredictor({ id: "quitter", command: ["node", join(workers, "exit-on-first-line.mjs")] });
    const preds = await p.predict(many);
    expect(preds).toHaveLength(many.length);
    expect(preds.every((x) => x.answer === null && /exited/.test(x.error ?? ""))).toBe(true);
    await p.close?.();
  }, 30_000);

  it("a cancelled run stops waiting for a worker that never answers", async () => {
    const p = execPredictor({ id: "hang", command: ["node", join(workers, "hang.mjs")], timeoutMs: 60_000 });
    const ac = new AbortController();
    const pending = p.predict(items, { signal: ac.signal });
    setTimeout(() => ac.abort(), 300);
    await expect(pending).rejects.toMatchObject({ code: "ABORTED" });
    await p.close?.();
  }, 30_000);
});
