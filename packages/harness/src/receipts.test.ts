import { existsSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileCache } from "@fib/models";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { REDACTED, redactSecrets, secretValuesFromEnv } from "@fib/schemas";
import { captureProvenance, createRunDir, openEventLog, readEvents, withRun } from "./index.js";
import { ioError } from "./run/eventLog.js";

const dir = mkdtempSync(join(tmpdir(), "fib-receipts-"));

describe("redactSecrets", () => {
  it("redacts secret-named keys at any depth and known secret values inside strings", () => {
    const secret = "sk-abcdef123456";
    const input = {
      api_key: "x",
      headers: { Authorization: "Bearer y", accept: "json" },
      nested: [{ password: "p", note: `url?key=${secret}&a=1` }],
      apiKeyEnv: "OPENAI_API_KEY",
      safe: 3,
    };
    const out = redactSecrets(input, [secret]);
    expect(out).toEqual({
      api_key: REDACTED,
      headers: { Authorization: REDACTED, accept: "json" },
      nested: [{ password: REDACTED, note: `url?key=${REDACTED}&a=1` }],
      apiKeyEnv: REDACTED,
      safe: 3,
    });
    expect(input.api_key).toBe("x"); // not mutated
  });
  it("no secret value survives anywhere in a serialised object", () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.string({ minLength: 6 }).filter((s) => !s.includes(REDACTED) && !REDACTED.includes(s)),
        (v, secret) => {
          const planted = { a: v, b: `pre${secret}post`, c: [secret] };
          expect(JSON.stringify(redactSecrets(planted, [secret]))).not.toContain(secret);
        },
      ),
    );
  });
  it("collects secret values from the environment by name, from the variables models name, and the longest first", () => {
    expect(secretValuesFromEnv({ OPENAI_API_KEY: "sk-123456", HOME: "/root", GH_TOKEN: "ghp_abcdef", SHORT_KEY: "x" })).toEqual(["ghp_abcdef", "sk-123456"]);
    expect(secretValuesFromEnv({ VLLM_AUTH: "vllm-secret-1", MY_VAR: "plainvalue1", HOME: "/root" })).toEqual(["vllm-secret-1"]);
    expect(secretValuesFromEnv({ MY_VAR: "plainvalue1" }, ["MY_VAR"])).toEqual(["plainvalue1"]);
  });
  it("redacts fields by exact name: max_tokens, keywords and tokenizer survive", () => {
    const out = redactSecrets({ max_tokens: 5, keywords: ["a"], tokenizer: "bpe", access_token: "t", "api-key": "k", Authorization: "Bearer x", top_logprobs: 5 });
    expect(out).toEqual({ max_tokens: 5, keywords: ["a"], tokenizer: "bpe", access_token: REDACTED, "api-key": REDACTED, Authorization: REDACTED, top_logprobs: 5 });
  });
});

describe("event log", () => {
  it("writes typed lines that read back, with run id and a UTC timestamp", async () => {
    const run = createRunDir({ root: dir, label: "my label!", now: new Date("2026-01-02T03:04:05.678Z"), runId: "abcd1234" });
    expect(run.dir).toMatch(/run_20260102T030405Z_abcd1234_my-label$/);
    const log = openEventLog(run.dir, run.runId, { secrets: ["hunter22"] });
    log.emit("run", "run_started", { command: "test", label: "x" });
    log.emit("metric", "metric_computed", { name: "m", value: 0.5, note: "pw hunter22" });
    log.emit("run", "run_finished", { status: "ok", duration_ms: 1 });
    log.close();
    const events = await readEvents(run.dir);
    expect(events.map((e) => e.event)).toEqual(["run_started", "metric_computed", "run_finished"]);
    expect(events[0]).toMatchObject({ run_id: "abcd1234", stage: "run" });
    expect(events[0]?.ts_utc).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(JSON.stringify(events)).not.toContain("hunter22");
  });
  it("a malformed line is reported with its line number", async () => {
    const run = createRunDir({ root: dir, label: "bad", runId: "00000000" });
    writeFileSync(join(run.dir, "events.jsonl"), '{"ts_utc":"t","run_id":"r","stage":"s","event":"run_started","payload":{"command":"c","label":"l"}}\n{"event":"nope"}\n');
    await expect(readEvents(run.dir)).rejects.toThrow(/events\.jsonl:2/);
  });
});

describe("provenance", () => {
  it("has every field, hashes datasets and redacts the config", async () => {
    const data = join(dir, "d.jsonl");
    writeFileSync(data, "hello\n");
    const p = await captureProvenance({
      runId: "r",
      startedAt: "2026-01-01T00:00:00Z",
      seeds: { seed: 1 },
      models: [{ id: "m", kind: "openai", api_key: "sk-zzzzzzzz" }],
      datasets: { [data]: data },
      config: { token: "t", budget: 3 },
    });
    expect(p.dataset_hashes[data]).toBe("5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");
    expect(p.models[0]?.api_key).toBe(REDACTED);
    expect(p.config).toEqual({ token: REDACTED, budget: 3 });
    expect(p.node_version).toBe(process.version);
    expect(p.package_version).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe("a full disk", () => {
  it.runIf(existsSync("/dev/full"))("a failed event-log write is an IO_ERROR naming the file, not a torn line or an internal error", () => {
    const dir = mkdtempSync(join(tmpdir(), "fib-full-"));
    symlinkSync("/dev/full", join(dir, "events.jsonl"));
    const log = openEventLog(dir, "r1");
    let err: unknown;
    try {
      log.emit("run", "run_started", { command: "x", label: "y" });
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: "IO_ERROR", file: join(dir, "events.jsonl") });
    expect((err as Error).message).toMatch(/cannot write the event log: the disk is full \(ENOSPC\)/);
    log.close();
  });
  it.runIf(existsSync("/dev/full"))("a response cache that cannot be written warns once and the run goes on uncached", () => {
    const dir = mkdtempSync(join(tmpdir(), "fib-fullcache-"));
    symlinkSync("/dev/full", join(dir, "responses.jsonl"));
    const warnings: string[] = [];
    const cache = fileCache(dir, { onWarning: (m) => warnings.push(m) });
    cache.set("a", { text: "Yes" });
    cache.set("b", { text: "No" });
    expect(cache.get("a")).toEqual({ text: "Yes" });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/responses\.jsonl cannot be written \(the disk is full\): going on without caching/);
    cache.close();
  });
  it("report.html that cannot be written (a full disk) fails the run in its own log: run_finished is error, never ok", async () => {
    const root = mkdtempSync(join(tmpdir(), "fib-fullhtml-"));
    let dir = "";
    await expect(
      withRun(
        {
          command: "eval-static",
          label: "html",
          reportsRoot: root,
          beforeFinish: (d) => {
            dir = d;
            throw ioError(Object.assign(new Error("no space"), { code: "ENOSPC" }), join(d, "report.html"), "cannot write report.html");
          },
        },
        async () => 1,
      ),
    ).rejects.toMatchObject({ code: "IO_ERROR" });
    const events = await readEvents(dir);
    expect(events.at(-1)).toMatchObject({ event: "run_finished", payload: { status: "error" } });
    expect(events.some((e) => e.event === "run_finished" && (e.payload as { status: string }).status === "ok")).toBe(false);
  });
});
