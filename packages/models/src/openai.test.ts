import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Item } from "@fib/schemas";
import { afterAll, describe, expect, it } from "vitest";
import { startMockOpenAI } from "./_internal/mockOpenAIServer.js";
import { createDefaultRegistry, fileCache, normalizeToken, openaiPredictor, parseLogprobAnswer, parseTextAnswer } from "./index.js";
import { retryAfterMs } from "./openai/httpClient.js";

const item = (i: number, taller: boolean): Item => ({
  id: `q${i}`,
  x: taller ? `Ada is taller than Bram. Is Ada taller than Bram? (${i})` : `Ada is older than Bram. Is Bram older than Ada? (${i})`,
  y: taller ? 1 : 0,
  type: "compositional",
  depth: 1,
  distractor_count: 0,
  operator_count: 1,
});
const items = Array.from({ length: 6 }, (_, i) => item(i, i % 2 === 0));
const servers: { close(): Promise<void> }[] = [];
const mock = async (b: Parameters<typeof startMockOpenAI>[0] = {}) => {
  const s = await startMockOpenAI(b);
  servers.push(s);
  return s;
};
afterAll(async () => {
  for (const s of servers) await s.close();
});
const fast = { retryBaseMs: 5, timeoutMs: 2000 };

describe("answer parsing", () => {
  it("reads yes / no / true / false / 1 / 0 from text; anything else is unparsable", () => {
    expect(["Yes.", " no", "TRUE", "false!", "1", "0", "**Yes**"].map((t) => parseTextAnswer(t).answer)).toEqual([1, 0, 1, 0, 1, 0, 1]);
    const u = parseTextAnswer("I cannot tell.");
    expect(u.answer).toBeNull();
    expect(u.error).toMatch(/^unparsable: /);
  });
  it("normalises token spellings", () => {
    expect([" Yes", "Yes", "ĠYes", "▁Yes", "yes"].map(normalizeToken)).toEqual(Array(5).fill("yes"));
  });
  it("compares P(Yes) with P(No), summing spellings; falls back to text when neither is in the top K", () => {
    const r = parseLogprobAnswer(
      [
        [" Yes", Math.log(0.3)],
        ["yes", Math.log(0.2)],
        [" No", Math.log(0.4)],
      ],
      "No",
    );
    expect(r.answer).toBe(1);
    expect(r.p_yes).toBeCloseTo(0.5 / 0.9, 12);
    expect(parseLogprobAnswer([["Maybe", -0.1]], "No, because")).toMatchObject({ answer: 0, via: "text" });
  });
  it("Retry-After in seconds or as an HTTP date", () => {
    expect(retryAfterMs("2")).toBe(2000);
    expect(retryAfterMs(new Date(Date.now() + 3000).toUTCString())).toBeGreaterThan(1000);
    expect(retryAfterMs(null)).toBeNull();
  });
});

describe("openai: adapter against a local server", () => {
  for (const endpoint of ["chat", "completions"] as const) {
    for (const tok of [" Yes", "Yes", "ĠYes", "▁Yes", "yes"]) {
      it(`${endpoint} logprobs with token spelling ${JSON.stringify(tok)}`, async () => {
        const s = await mock({ yesToken: tok, noToken: tok.replace(/yes/i, (m) => (m[0] === "Y" ? "No" : "no")) });
        const p = openaiPredictor({ model: "mock-model", baseUrl: s.url, endpoint, ...fast }, { env: {} });
        const preds = await p.predict(items);
        expect(preds.map((x) => x.answer)).toEqual(items.map((i) => i.y));
        expect(preds.every((x) => (x.p_yes as number) > 0.9 || (x.p_yes as number) < 0.1)).toBe(true);
      });
    }
  }
  it("text scoring, and the text fallback when logprobs hold neither token", async () => {
    const s = await mock({ hideYesNo: true });
    const t = await openaiPredictor({ model: "mock-model", baseUrl: s.url, scoring: "text", ...fast }, { env: {} }).predict(items);
    expect(t.map((x) => x.answer)).toEqual(items.map((i) => i.y));
    const l = await openaiPredictor({ model: "mock-model", baseUrl: s.url, scoring: "logprobs", ...fast }, { env: {} }).predict(items);
    expect(l.map((x) => x.answer)).toEqual(items.map((i) => i.y));
    expect(l.every((x) => x.p_yes === undefined)).toBe(true);
  });
  it("an unparsable reply is a failure with its reason", async () => {
    const s = await mock({ text: () => "Perhaps, it depends.", hideYesNo: true });
    const [r] = await openaiPredictor({ model: "mock-model", baseUrl: s.url, scoring: "text", ...fast }, { env: {} }).predict(items.slice(0, 1));
    expect(r).toMatchObject({ answer: null, error: 'unparsable: "Perhaps, it depends."' });
  });
  it("429 with Retry-After is waited out and retried", async () => {
    const s = await mock({ rateLimitFirst: { n: 1, retryAfter: "1" } });
    const t0 = Date.now();
    const [r] = await openaiPredictor({ model: "mock-model", baseUrl: s.url, ...fast, concurrency: 1 }, { env: {} }).predict(items.slice(0, 1));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(r?.answer).toBe(1);
    expect(s.requests).toBe(2);
  });
  it("500 is retried; with maxRetries 0 it is an errored record and the run goes on", async () => {
    const s = await mock({ errorFirst: 1 });
    const ok = await openaiPredictor({ model: "mock-model", baseUrl: s.url, ...fast, concurrency: 1 }, { env: {} }).predict(items.slice(0, 2));
    expect(ok.map((x) => x.answer)).toEqual([1, 0]);
    const s2 = await mock({ errorFirst: 1 });
    const no = await openaiPredictor({ model: "mock-model", baseUrl: s2.url, ...fast, maxRetries: 0, concurrency: 1 }, { env: {} }).predict(items.slice(0, 2));
    expect(no[0]).toMatchObject({ answer: null });
    expect(no[0]?.error).toMatch(/HTTP 500.*after 1 attempt/);
    expect(no[1]?.answer).toBe(0);
  });
  it("a response slower than the timeout errors after its retries", async () => {
    const s = await mock({ delayMs: 400 });
    const [r] = await openaiPredictor({ model: "mock-model", baseUrl: s.url, timeoutMs: 100, maxRetries: 1, retryBaseMs: 5 }, { env: {} }).predict(items.slice(0, 1));
    expect(r?.answer).toBeNull();
    expect(r?.error).toMatch(/timed out \(after 2 attempts\)/);
  });
  it("malformed JSON is an errored record", async () => {
    const s = await mock({ malformed: true });
    const [r] = await openaiPredictor({ model: "mock-model", baseUrl: s.url, ...fast, maxRetries: 0 }, { env: {} }).predict(items.slice(0, 1));
    expect(r?.error).toMatch(/malformed JSON/);
  });
  it("a server that is down fails the readiness check with one clear error", async () => {
    const s = await startMockOpenAI();
    const url = s.url;
    await s.close(); // nothing listens there any more
    const p = openaiPredictor({ model: "mock-model", baseUrl: url, ...fast }, { env: {} });
    await expect(p.ready?.()).rejects.toMatchObject({ code: "SERVER_UNAVAILABLE", message: expect.stringContaining(`no OpenAI-compatible server answered at ${url} (ECONNREFUSED)`) });
  });
  it("the second identical run is served from the cache with zero requests; neither key nor header lands in it", async () => {
    const s = await mock();
    const dir = mkdtempSync(join(tmpdir(), "fib-cache-"));
    const env = { OPENAI_BASE_URL: s.url, OPENAI_API_KEY: "sk-live-DO-NOT-LEAK-123" };
    const run = async () => {
      const p = await createDefaultRegistry().resolve("openai:mock-model?retry_base_ms=5", { cacheDir: dir, env });
      return p.predict(items);
    };
    const a = await run();
    expect(s.requests).toBe(items.length);
    expect(s.authHeaders.every((h) => h === "Bearer sk-live-DO-NOT-LEAK-123")).toBe(true);
    const b = await run();
    expect(s.requests).toBe(items.length); // nothing new
    expect(b.map((x) => x.answer)).toEqual(a.map((x) => x.answer));
    const text = readFileSync(join(dir, "responses.jsonl"), "utf8");
    expect(text).not.toContain("sk-live");
    expect(text).not.toMatch(/Bearer/i);
    fileCache(dir).close();
  });
  it("the spec reads OPENAI_BASE_URL and the key's env var name; describe() holds no key", async () => {
    const s = await mock();
    const p = await createDefaultRegistry().resolve("openai:mock-model?api_key_env=MY_KEY&endpoint=completions&scoring=text", {
      cacheDir: null,
      env: { OPENAI_BASE_URL: s.url, MY_KEY: "secret-value-999" },
    });
    expect(JSON.stringify(p.describe())).not.toContain("secret-value-999");
    expect(p.describe()).toMatchObject({ base_url: s.url, auth_env: "MY_KEY", endpoint: "completions", scoring: "text" });
    await expect(createDefaultRegistry().resolve({ kind: "openai", model: "x", api_key: "sk-123" })).rejects.toThrow(/may not be written in a model spec/);
  });
});

describe("secrets in what a server echoes", () => {
  it("a long key echoed in a 401 or in a malformed body is scrubbed before the message is cut: no 20-character piece survives", async () => {
    const { createServer } = await import("node:http");
    const key = `sk-proj-${"Ab9_".repeat(37)}xyz`; // 159 characters, as project keys are
    let malformed = false;
    const server = createServer((req, res) => {
      const auth = String(req.headers.authorization ?? "");
      if (malformed) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(`not json, your key is ${auth}`);
        return;
      }
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: `Incorrect API key provided: ${auth.replace(/^Bearer /, "")}. You can find your API key at …` } }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const port = (server.address() as { port: number }).port;
    const { postJson } = await import("./openai/httpClient.js");
    const { createRng } = await import("@fib/stats");
    const policy = { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1, timeoutMs: 2000 };
    const messages: string[] = [];
    for (const m of [false, true]) {
      malformed = m;
      try {
        await postJson(`http://127.0.0.1:${port}/v1/chat/completions`, {}, { authorization: `Bearer ${key}` }, policy, createRng(1));
      } catch (e) {
        messages.push(String((e as Error).message));
      }
    }
    await new Promise<void>((r) => server.close(() => r()));
    expect(messages).toHaveLength(2);
    for (const msg of messages) {
      expect(msg).toMatch(/\[redacted\]|HTTP 401/);
      for (let i = 0; i + 20 <= key.length; i++) expect(msg.includes(key.slice(i, i + 20)), `${msg} holds a piece of the key`).toBe(false);
    }
  });
});

describe("retries and credentials in the URL", () => {
  it("a retry's sleep removes its abort listener when it ends (twenty retries used to leave twenty)", async () => {
    const { EventEmitter } = await import("node:events");
    const { sleep } = await import("./openai/httpClient.js");
    const ctl = new AbortController();
    for (let i = 0; i < 20; i++) await sleep(1, ctl.signal);
    expect(EventEmitter.getEventListeners(ctl.signal, "abort")).toHaveLength(0);
    const pending = sleep(10_000, ctl.signal);
    ctl.abort();
    await expect(pending).rejects.toThrow(/cancelled/);
  });
  it("base_url may not carry a credential in its query", async () => {
    for (const q of ["key=abc123", "api_key=abc123", "token=abc123", "sig=abc"]) {
      await expect(createDefaultRegistry().resolve(`openai:gpt-4o-mini?base_url=http://127.0.0.1:9/v1?${q}`, { cacheDir: null })).rejects.toThrow(/base_url may not carry credentials in its query/);
    }
    // an ordinary query parameter is not a credential
    await expect(createDefaultRegistry().resolve("openai:gpt-4o-mini?base_url=http://127.0.0.1:9/v1?deployment=a", { cacheDir: null })).resolves.toBeDefined();
  });
});

describe("a response body is read bounded (issue 21: 100 MB bodies were buffered whole)", () => {
  it("a body past the limit is refused as it streams, declared or not; one within it is read", async () => {
    const { readBody } = await import("./openai/httpClient.js");
    const big = "x".repeat(5000);
    const chunked = new Response(
      new ReadableStream({
        start(c) {
          for (let i = 0; i < 5; i++) c.enqueue(new TextEncoder().encode(big.slice(i * 1000, (i + 1) * 1000)));
          c.close();
        },
      }),
    );
    await expect(readBody(chunked, 2000)).rejects.toThrow(/passed 2000 bytes: refused/);
    await expect(readBody(new Response(big, { headers: { "content-length": "5000" } }), 2000)).rejects.toThrow(/5000 bytes, more than the 2000/);
    await expect(readBody(new Response("small"), 2000)).resolves.toBe("small");
  });
});
