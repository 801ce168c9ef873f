import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateCarb } from "@fib/carb";
import { createDefaultRegistry, memoryCache } from "@fib/models";
import { FibError } from "@fib/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeGguf, readGgufHeader } from "./gguf.js";
import { ggufPredictor } from "./ggufPredictor.js";
import { type LlamaVocabulary, randomLlamaGguf } from "./llamaFile.js";
import { zooDir, zooModels } from "./zoo.js";

const dir = mkdtempSync(join(tmpdir(), "fib-llama-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("GGUF reader and writer", () => {
  it("round-trips typed metadata and tensor shapes, and counts parameters", () => {
    const bytes = encodeGguf(
      {
        "general.architecture": { type: "string", value: "llama" },
        "a.u32": { type: "u32", value: 4000000000 },
        "a.f32": { type: "f32", value: 0.5 },
        "a.bool": { type: "bool", value: true },
        "a.i64": { type: "i64", value: -5 },
        "a.arr": { type: "array", itemType: "string", value: ["▁yes", "▁no", ""] },
        "a.ints": { type: "array", itemType: "i32", value: [1, -2, 3] },
      },
      [
        { name: "w", shape: [3, 2], data: new Float32Array([1, 2, 3, 4, 5, 6]) },
        { name: "b", shape: [5], data: new Float32Array(5) },
      ],
    );
    const p = join(dir, "rt.gguf");
    writeFileSync(p, bytes);
    const h = readGgufHeader(p);
    expect(h.version).toBe(3);
    expect(h.metadata).toEqual({ "general.architecture": "llama", "a.u32": 4000000000, "a.f32": 0.5, "a.bool": true, "a.i64": -5, "a.arr": ["▁yes", "▁no", ""], "a.ints": [1, -2, 3] });
    expect(h.tensors.map((t) => [t.name, t.shape, t.ggmlType])).toEqual([
      ["w", [3, 2], 0],
      ["b", [5], 0],
    ]);
    expect(h.tensors[1]?.offset).toBe(32); // 24 bytes of w, aligned to 32
    expect(h.parameters).toBe(11);
    // the data section starts aligned and holds the floats little-endian
    expect(bytes.length % 32).toBe(0);
    expect(bytes.readFloatLE(bytes.length - 64 + 20)).toBe(6);
  });

  it("refuses what is not a GGUF file, naming it", () => {
    const bad = join(dir, "bad.gguf");
    writeFileSync(bad, "not a model at all");
    expect(() => readGgufHeader(bad)).toThrow(/bad\.gguf: not a GGUF file/);
    const cut = join(dir, "cut.gguf");
    writeFileSync(cut, readFileSync(join(zooDir(), "zoo-tiny.gguf")).subarray(0, 200));
    expect(() => readGgufHeader(cut)).toThrow(/cut\.gguf: not a GGUF file \(the header ends early/);
    expect(() => readGgufHeader(join(dir, "missing.gguf"))).toThrow(expect.objectContaining({ code: "INPUT_NOT_FOUND" }));
  });
});

describe("gguf: predictor on a random-weight model", () => {
  let path: string;
  const items = generateCarb({ n: 12, seed: 3 });
  beforeAll(() => {
    // the zoo's vocabulary, random weights: what a committed script can write anywhere, with no download
    const h = readGgufHeader(join(zooDir(), "zoo-tiny.gguf"));
    const vocab: LlamaVocabulary = {
      tokens: h.metadata["tokenizer.ggml.tokens"] as string[],
      scores: h.metadata["tokenizer.ggml.scores"] as number[],
      types: h.metadata["tokenizer.ggml.token_type"] as number[],
    };
    path = join(dir, "random.gguf");
    writeFileSync(path, randomLlamaGguf({ name: "random", width: 32, layers: 2, heads: 2, ffn: 64, context: 128 }, vocab, 7));
  });

  it("answers every item with P(yes) from the next-token probabilities, and records provenance from the header", async () => {
    // random weights rarely put yes or no among the top 20: read every token (a forced choice)
    const p = await ggufPredictor({ path, promptTemplate: "{x} Answer:", concurrency: 3, topK: 0, threads: 1 });
    try {
      const out = await p.predict(items);
      expect(out.map((o) => o.item_id)).toEqual(items.map((i) => i.id));
      for (const o of out) {
        expect(o.error).toBeUndefined();
        expect(o.p_yes).toBeGreaterThan(0);
        expect(o.p_yes).toBeLessThan(1);
        expect(o.answer).toBe((o.p_yes as number) >= 0.5 ? 1 : 0);
      }
      // deterministic at concurrency 1 (the default): the same model and prompt give the same probabilities, bit for bit
      const one = async () => (await ggufPredictor({ path, promptTemplate: "{x} Answer:", topK: 0, threads: 1 })).predict(items);
      const [a, b] = [await one(), await one()];
      expect(b.map((o) => o.p_yes)).toEqual(a.map((o) => o.p_yes));
      // in parallel sequences llama.cpp may batch items differently: equal up to rounding
      for (const [i, o] of out.entries()) expect(o.p_yes).toBeCloseTo(a[i]?.p_yes as number, 5);
      const d = p.describe();
      expect(d).toMatchObject({ id: "random", kind: "gguf", architecture: "llama", model_name: "random", scoring: "logprob", top_k: 0, file: "random.gguf", size_bytes: readFileSync(path).length });
      // with the default top 20, an answer whose yes and no are both out of reach is an errored record, as through the openai adapter
      const top20 = await (await ggufPredictor({ path, promptTemplate: "{x} Answer:", threads: 1 })).predict(items);
      for (const o of top20) if (o.answer === null) expect(o.error).toMatch(/unparsable/);
      expect(d.sha256).toMatch(/^[0-9a-f]{64}$/);
      // token embeddings + 2 × (2 norms + 4 attention + 3 ffn) + output norm + output
      expect(d.parameters).toBe(1122 * 32 * 2 + 2 * (2 * 32 + 4 * 32 * 32 + 3 * 32 * 64) + 32);
    } finally {
      await p.close?.();
    }
  });

  it("caches answers by file hash and prompt: a second predictor answers from the cache without loading the model", async () => {
    const cache = memoryCache();
    const a = await ggufPredictor({ path, promptTemplate: "{x} Answer:" }, { cache });
    const first = await a.predict(items.slice(0, 4));
    await a.close?.();
    expect(cache.size).toBe(4);
    // the same bytes under another name, deleted before predict(): the model cannot be loaded, only the cache can answer
    const copy = join(dir, "copy.gguf");
    writeFileSync(copy, readFileSync(path));
    const b = await ggufPredictor({ path: copy, promptTemplate: "{x} Answer:" }, { cache });
    rmSync(copy);
    const second = await b.predict(items.slice(0, 4));
    expect(second.map((o) => [o.answer, o.p_yes, o.latency_ms])).toEqual(first.map((o) => [o.answer, o.p_yes, 0]));
    await expect(b.predict(items.slice(5, 6))).rejects.toMatchObject({ code: "MODEL_ERROR" });
    const other = await ggufPredictor({ path, promptTemplate: "Q: {x} A:" }, { cache });
    await other.predict(items.slice(0, 1));
    expect(cache.size).toBe(5);
    await other.close?.();
  });

  it("text scoring reads a greedy continuation; an unreadable one is an errored record, not a guess", async () => {
    const p = await ggufPredictor({ path, scoring: "text", maxTokens: 3, promptTemplate: "{x} Answer:" });
    try {
      const out = await p.predict(items.slice(0, 3));
      for (const o of out) {
        expect(typeof o.raw).toBe("string");
        if (o.answer === null) expect(o.error).toBeTruthy();
      }
    } finally {
      await p.close?.();
    }
  });

  it("a prompt longer than the context is an errored record naming the item; Ctrl-C stops with ABORTED", async () => {
    const p = await ggufPredictor({ path, context: 32, promptTemplate: "{x} {x} {x} Answer:" });
    try {
      const [o] = await p.predict(items.slice(0, 1));
      expect(o?.answer).toBeNull();
      expect(o?.error).toMatch(new RegExp(`item ${items[0]?.id}: the prompt has \\d+ tokens`));
      const ac = new AbortController();
      ac.abort();
      await expect(p.predict(items.slice(0, 2), { signal: ac.signal })).rejects.toMatchObject({ code: "ABORTED" });
    } finally {
      await p.close?.();
    }
  });

  it("spec parameters are checked: unknown keys, bad scoring, credentials", async () => {
    const reg = createDefaultRegistry();
    await expect(reg.resolve(`gguf:${path}?scoring=maybe`, { cacheDir: null })).rejects.toThrow(/scoring must be logprob or text/);
    await expect(reg.resolve(`gguf:${path}?temprature=0`, { cacheDir: null })).rejects.toThrow(/unknown parameter "temprature"/);
    await expect(reg.resolve(`gguf:${path}?api_key=abc`, { cacheDir: null })).rejects.toThrow(/credential/);
    await expect(reg.resolve(`gguf:${join(dir, "nope.gguf")}`, { cacheDir: null })).rejects.toBeInstanceOf(FibError);
  });
});

describe("the neural zoo", () => {
  const models = zooModels({ specialists: true });
  it("is on disk: the capacity ladder, and the specialists beside it", () => {
    expect(zooModels().map((m) => m.name)).toEqual(["micro", "tiny", "small"]);
    expect(models.map((m) => m.name)).toEqual(["micro", "tiny", "small", "spec-nochain", "spec-nosyllogism", "spec-nocounterfactual", "spec-shallow"]);
  });
  for (const { name } of models) {
    it(`zoo:${name} through llama.cpp gives the training script's own P(yes) on its fixed items`, async () => {
      const ev = JSON.parse(readFileSync(join(zooDir(), `zoo-${name}.eval.json`), "utf8")) as { fixed_predictions: { id: string; x: string; y: 0 | 1; p_yes: number }[] };
      const fixed = ev.fixed_predictions;
      const p = await createDefaultRegistry().resolve(`zoo:${name}`, { cacheDir: null });
      try {
        const out = await p.predict(fixed.map((f) => ({ id: f.id, x: f.x, y: f.y, type: "zootest", depth: 1, distractor_count: 0, operator_count: 0 })));
        expect(p.id).toBe(`zoo-${name}`);
        for (const [i, f] of fixed.entries()) {
          const o = out[i];
          expect(Math.abs((o?.p_yes as number) - f.p_yes), f.id).toBeLessThan(0.01);
          if (Math.abs(f.p_yes - 0.5) > 0.01) expect(o?.answer, f.id).toBe(f.p_yes >= 0.5 ? 1 : 0);
        }
      } finally {
        await p.close?.();
      }
    });
  }
});
