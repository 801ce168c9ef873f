import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { generateCarb } from "@fib/carb";
import { readEvents } from "@fib/harness";
import { encodeJsonl } from "@fib/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMockOpenAI } from "@fib/models/testing";
import { runCli } from "./_internal/testing.js";

const root = resolve(import.meta.dirname, "../../..");
const work = mkdtempSync(join(tmpdir(), "fib-real-"));
const dataset = join(work, "carb.jsonl");
writeFileSync(dataset, encodeJsonl(generateCarb({ n: 60, seed: 31 })));
const KEY = "sk-proj-NEVER-LAND-0123456789";
let server: MockServer;
beforeAll(async () => {
  server = await startMockOpenAI();
});
afterAll(() => server.close());
const env = () => ({ OPENAI_BASE_URL: server.url, OPENAI_API_KEY: KEY });
const runDir = (reports: string) => join(reports, readdirSync(reports).find((d) => d.startsWith("run_")) as string);
const allText = (dir: string) =>
  readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), "utf8"))
    .join("\n");

describe("real models through the CLI", () => {
  it("eval-static with openai:MODEL and no config file; the second run is served from the cache with zero requests; the key lands nowhere", async () => {
    const cache = join(work, "cache");
    const before = server.requests;
    const a = await runCli(["eval-static", "--dataset", dataset, "--models", "openai:mock-model,stub:always_1", "--n-boot", "50", "--reports-dir", join(work, "r1"), "--cache-dir", cache], {
      env: env(),
    });
    expect(a.code, a.stderr).toBe(0);
    expect(server.requests - before).toBe(60);
    const mid = server.requests;
    const b = await runCli(["eval-static", "--dataset", dataset, "--models", "openai:mock-model,stub:always_1", "--n-boot", "50", "--reports-dir", join(work, "r2"), "--cache-dir", cache], {
      env: env(),
    });
    expect(b.code, b.stderr).toBe(0);
    expect(server.requests).toBe(mid);
    const s1 = JSON.parse(readFileSync(join(runDir(join(work, "r1")), "summary.json"), "utf8"));
    const s2 = JSON.parse(readFileSync(join(runDir(join(work, "r2")), "summary.json"), "utf8"));
    expect(s2.accuracy_by_model).toEqual(s1.accuracy_by_model);
    for (const dir of [runDir(join(work, "r1")), runDir(join(work, "r2")), cache]) {
      expect(allText(dir)).not.toContain(KEY);
      expect(allText(dir)).not.toMatch(/Bearer/);
    }
    expect(s1.provenance.models[0]).toMatchObject({ kind: "openai", base_url: server.url, auth_env: "OPENAI_API_KEY" });
  });

  it("a server that is down: exit 3 with one clear line, before anything is evaluated", async () => {
    const down = await startMockOpenAI();
    const url = down.url;
    await down.close();
    const r = await runCli(["eval-static", "--dataset", dataset, "--models", "openai:m", "--reports-dir", join(work, "down"), "--no-cache"], { env: { OPENAI_BASE_URL: url } });
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/no OpenAI-compatible server answered at .* \(ECONNREFUSED\)/);
    const m = await runCli(["models", "list", "--models", "openai:m,stub:always_1", "--no-cache"], { env: { OPENAI_BASE_URL: url } });
    expect(m.code).toBe(3);
    expect(m.stdout).toMatch(/m\s+openai\s+DOWN/);
  });

  it("compare, harness and iterate accept openai: and exec: predictors", async () => {
    const worker = `exec:node ${join(root, "examples/exec-workers/node-worker.mjs")}`;
    const models = ["openai:mock-model", worker, "sim:expert"].join(",");
    const common = ["--models", models, "--n-boot", "30", "--cache-dir", join(work, "cache2")];
    const c = await runCli(["compare", "--dataset", dataset, "--budget", "20", ...common, "--reports-dir", join(work, "c")], { env: env() });
    expect(c.code, c.stderr).toBe(0);
    const h = await runCli(["harness", "--slice", `carb=${dataset}`, "--budget", "20", "--n-seeds", "2", "--induce", ...common, "--reports-dir", join(work, "h")], { env: env() });
    expect(h.code, h.stderr).toBe(0);
    const i = await runCli(["iterate", "--dataset", dataset, "--rounds", "2", "--budget", "20", ...common, "--reports-dir", join(work, "i")], { env: env() });
    expect(i.code, i.stderr).toBe(0);
    const rep = JSON.parse(readFileSync(join(runDir(join(work, "i")), "iterate_report.json"), "utf8"));
    expect(Object.keys(rep.convergence_series[0].accuracy_by_model)).toEqual(["mock-model", "exec-node-worker.mjs", "sim-expert"]);
  });

  it("batch export writes OpenAI Batch requests; import turns results into eval records every command accepts", async () => {
    const requests = join(work, "requests.jsonl");
    const e = await runCli(["batch", "export", "--dataset", dataset, "--model", "openai:mock-model?scoring=text", "--out", requests]);
    expect(e.code, e.stderr).toBe(0);
    const lines = readFileSync(requests, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(60);
    expect(lines[0]).toMatchObject({ custom_id: expect.any(String), method: "POST", url: "/v1/chat/completions", body: { model: "mock-model", temperature: 0 } });
    expect(readFileSync(requests, "utf8")).not.toMatch(/authorization|api_key|sk-/i);
    // play the batch runner: send each request to the server, write results in the Batch output format
    const results = [];
    for (const [n, req] of lines.entries()) {
      const res = await fetch(`${server.url}${req.url.replace(/^\/v1/, "")}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(req.body) });
      results.push(
        n === 5
          ? { id: `b${n}`, custom_id: req.custom_id, response: { status_code: 500, request_id: "r", body: {} }, error: null }
          : { id: `b${n}`, custom_id: req.custom_id, response: { status_code: 200, request_id: "r", body: await res.json() }, error: null },
      );
    }
    const resultsFile = join(work, "results.jsonl");
    writeFileSync(resultsFile, encodeJsonl(results.slice(0, 59))); // the last item is missing
    const reports = join(work, "bi");
    const imp = await runCli(["batch", "import", resultsFile, "--dataset", dataset, "--model", "openai:mock-model?scoring=text", "--reports-dir", reports, "--n-boot", "50"]);
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.stdout).toMatch(/imported 60 records for mock-model.*2 without an answer/);
    const dir = runDir(reports);
    const records = (await readEvents(dir)).filter((x) => x.event === "eval_record");
    expect(records).toHaveLength(60);
    const d = await runCli(["discover", "--run", dir, "--k", "2"]);
    expect(d.code, d.stderr).toBe(0);
    const d2 = await runCli(["discover", "--records", join(dir, "records.jsonl"), "--dataset", dataset, "--k", "2", "--reports-dir", join(work, "bd")]);
    expect(d2.code, d2.stderr).toBe(0);
  });
});

describe("a model server that dies mid-run", () => {
  it("ends the run within seconds with exit 3 and status error, saying how many answers are missing; a rerun after a restart completes from the cache", async () => {
    const reference = await startMockOpenAI();
    const ref = await runCli(
      ["eval-static", "--dataset", dataset, "--models", "openai:mock-model", "--n-boot", "50", "--reports-dir", join(work, "die-ref"), "--cache-dir", join(work, "die-ref-cache")],
      { env: { OPENAI_BASE_URL: reference.url } },
    );
    await reference.close();
    expect(ref.code, ref.stderr).toBe(0);
    const full = JSON.parse(readFileSync(join(runDir(join(work, "die-ref")), "summary.json"), "utf8")).accuracy_by_model["openai-mock-model"];

    const dying = await startMockOpenAI({ dieAfter: 25 });
    const port = Number(new URL(dying.url).port);
    const cache = join(work, "die-cache");
    const args = ["eval-static", "--dataset", dataset, "--models", "openai:mock-model", "--n-boot", "50", "--cache-dir", cache];
    const a = await runCli([...args, "--reports-dir", join(work, "die-a")], { env: { OPENAI_BASE_URL: dying.url } });
    expect(a.code).toBe(3);
    expect(a.stderr).toMatch(/stopped answering: .*answers missing \(25 answered\); answers already received are cached/);
    const events = await readEvents(runDir(join(work, "die-a")));
    expect(events.at(-1)).toMatchObject({ event: "run_finished", payload: { status: "error" } });
    expect(readdirSync(runDir(join(work, "die-a")))).not.toContain("summary.json");
    await dying.close();

    const again = await startMockOpenAI({}, { port });
    const b = await runCli([...args, "--reports-dir", join(work, "die-b")], { env: { OPENAI_BASE_URL: again.url } });
    expect(b.code, b.stderr).toBe(0);
    // only the missing answers were asked for
    expect(again.requests).toBeLessThanOrEqual(60 - 25);
    const acc = JSON.parse(readFileSync(join(runDir(join(work, "die-b")), "summary.json"), "utf8")).accuracy_by_model["openai-mock-model"];
    expect(acc).toBe(full);
    await again.close();
  }, 60_000);
});

describe("readiness only when a request must be sent", () => {
  it("a fully cached rerun needs no server; a model the server does not list is a usage error naming what it serves; provenance records the served model", async () => {
    const s = await startMockOpenAI();
    const cache = join(work, "cached-only");
    const args = ["eval-static", "--dataset", dataset, "--models", "openai:mock-model", "--n-boot", "50", "--cache-dir", cache];
    const a = await runCli([...args, "--reports-dir", join(work, "co-a")], { env: { OPENAI_BASE_URL: s.url } });
    expect(a.code, a.stderr).toBe(0);
    const sa = JSON.parse(readFileSync(join(runDir(join(work, "co-a")), "summary.json"), "utf8"));
    expect(sa.provenance.models[0].served_model).toBe("mock-model");
    const wrong = await runCli(["eval-static", "--dataset", dataset, "--models", "openai:gpt-nope", "--n-boot", "50", "--cache-dir", cache, "--reports-dir", join(work, "co-w")], {
      env: { OPENAI_BASE_URL: s.url },
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/serves "mock-model", not "gpt-nope"/);
    const url = s.url;
    await s.close();
    const b = await runCli([...args, "--reports-dir", join(work, "co-b")], { env: { OPENAI_BASE_URL: url } });
    expect(b.code, b.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(runDir(join(work, "co-b")), "summary.json"), "utf8")).accuracy_by_model).toEqual(sa.accuracy_by_model);
  }, 60_000);
});

describe("secrets never leak (hostile cases)", () => {
  const SECRET = "vllm-SECRET-0xDEADBEEF-42";
  it("a server echoing the key in a 401, a key as --label, credentials in a spec or a base URL: the key is in no byte fib writes or prints", async () => {
    const s = await startMockOpenAI({ echoAuth401: true });
    const dir = mkdtempSync(join(tmpdir(), "fib-secrets-"));
    const env = { OPENAI_BASE_URL: s.url, VLLM_AUTH: SECRET };
    const outputs: string[] = [];
    const run = async (args: string[]) => {
      const r = await runCli(args, { env, cwd: dir });
      outputs.push(r.stdout, r.stderr);
      return r;
    };
    const echoed = await run([
      "eval-static",
      "--dataset",
      dataset,
      "--models",
      "openai:mock-model?api_key_env=VLLM_AUTH&max_retries=0",
      "--n-boot",
      "50",
      "--reports-dir",
      join(dir, "r"),
      "--cache-dir",
      join(dir, "cache"),
      "--label",
      SECRET,
      "--html",
    ]);
    expect(echoed.code).toBe(3);
    expect(echoed.stderr).toMatch(/invalid credentials: Bearer \[redacted\]/);
    for (const [spec, why] of [
      ["openai:mock-model?access_token=abcdef123", /credential \(access_token\)/],
      ["openai:mock-model?api-key=abcdef123", /credential \(api-key\)/],
      ["openai:mock-model?bearer=abcdef123", /credential \(bearer\)/],
      ["openai:mock-model?temprature=0", /unknown parameter "temprature" \(known: .*temperature/],
      [`openai:mock-model?base_url=http://user:${SECRET}@127.0.0.1:9/v1`, /base_url may not carry credentials/],
    ] as const) {
      const r = await run(["eval-static", "--dataset", dataset, "--models", spec, "--n-boot", "50", "--reports-dir", join(dir, "r2"), "--cache-dir", join(dir, "cache")]);
      expect(r.code, spec).toBe(2);
      expect(r.stderr).toMatch(why);
    }
    await s.close();
    // every file under the working dir, every byte printed
    const files: string[] = [];
    const walk = (d: string) => {
      for (const f of readdirSync(d, { withFileTypes: true })) {
        if (f.isDirectory()) walk(join(d, f.name));
        else files.push(join(d, f.name));
      }
    };
    walk(dir);
    expect(files.some((f) => f.endsWith("events.jsonl"))).toBe(true);
    for (const f of files) {
      expect(f).not.toContain(SECRET);
      expect(readFileSync(f, "utf8"), f).not.toContain(SECRET);
    }
    for (const o of outputs) expect(o).not.toContain(SECRET);
  }, 60_000);

  // project keys run to 150+ characters: no 20-character piece of one may survive anywhere
  const LONG = `sk-proj-${Array.from({ length: 142 }, (_, i) => "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[(i * 37 + 11) % 62]).join("")}`;
  const OTHER = `other-${Array.from({ length: 60 }, (_, i) => "QWERTYUIOPASDFGHJKLZXCVBNM0123456789"[(i * 7 + 3) % 36]).join("")}`;
  const pieces = (key: string) => Array.from({ length: key.length - 19 }, (_, i) => key.slice(i, i + 20));
  const filesUnder = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((f) => (f.isDirectory() ? filesUnder(join(d, f.name)) : [join(d, f.name)]));
  const expectNoPiece = (texts: { where: string; text: string }[]) => {
    for (const key of [LONG, OTHER]) for (const t of texts) for (const p of pieces(key)) expect(t.text.includes(p), `${t.where} holds "${p}"`).toBe(false);
  };

  it("a 150-character key under any variable name: echoed in a 401, in malformed JSON, in /v1/models, or into the cache by a second model — no 20-character piece lands anywhere", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fib-secrets-long-"));
    const printed: { where: string; text: string }[] = [];
    const env = (url: string) => ({ MYVAR: LONG, PLAINVAR: OTHER, OPENAI_BASE_URL: url });
    const run = async (name: string, url: string, models: string, code: number) => {
      const r = await runCli(["eval-static", "--dataset", dataset, "--models", models, "--n-boot", "50", "--reports-dir", join(dir, name), "--cache-dir", join(dir, "cache")], {
        env: env(url),
        cwd: dir,
      });
      printed.push({ where: `${name} stdout`, text: r.stdout }, { where: `${name} stderr`, text: r.stderr });
      expect(r.code, `${name}: ${r.stderr}`).toBe(code);
      return r;
    };
    // 1. a 401 that echoes the key (cut to 120 characters after scrubbing, never before)
    const s401 = await startMockOpenAI({ echoAuth401: true });
    await run("echo401", s401.url, "openai:mock-model?api_key_env=MYVAR&max_retries=0", 3);
    await s401.close();
    // 2. malformed JSON echoing the key (cut to 40)
    const sBad = await startMockOpenAI({ malformed: true, echoAuthText: true });
    await run("malformed", sBad.url, "openai:mock-model?api_key_env=MYVAR&max_retries=0", 3);
    await sBad.close();
    // 3. /v1/models echoing the key: fib prints what the server lists
    const sList = await startMockOpenAI({ echoAuthModels: true });
    const listed = await run("models", sList.url, "openai:mock-model?api_key_env=MYVAR", 2);
    expect(listed.stderr).toMatch(/serves "echo Bearer \[redacted\]"/);
    await sList.close();
    // 4. two models with different api_key_env sharing one response cache, a server that echoes each key into its answers
    const sText = await startMockOpenAI({ echoAuthText: true });
    await run("two", sText.url, "openai:mock-model?api_key_env=MYVAR&id=a,openai:mock-model?api_key_env=PLAINVAR&temperature=0.5&id=b", 0);
    expect(sText.authHeaders.some((h) => h.includes(OTHER))).toBe(true);
    await sText.close();
    const files = filesUnder(dir);
    expect(files.some((f) => f.endsWith("responses.jsonl"))).toBe(true);
    expect(files.filter((f) => f.endsWith("events.jsonl")).length).toBeGreaterThanOrEqual(3);
    expectNoPiece([...files.map((f) => ({ where: f, text: readFileSync(f, "utf8") })), ...printed]);
  }, 60_000);
});
