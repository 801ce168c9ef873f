import { createRng } from "@fib/stats";
import { encodeGguf, type GgufTensor, type GgufValue } from "./gguf.js";

/** A llama.cpp SentencePiece ("llama") vocabulary: tokens, merge scores, token types (1 normal, 2 unknown, 3 control, 6 byte). */
export interface LlamaVocabulary {
  tokens: string[];
  scores: number[];
  types: number[];
  unk?: number;
  bos?: number;
  eos?: number;
}

export interface LlamaShape {
  name: string;
  width: number;
  layers: number;
  heads: number;
  ffn: number;
  context: number;
  rmsEps?: number;
  ropeBase?: number;
}

/** The GGUF metadata llama.cpp needs for a llama-architecture model, each key with the type llama.cpp reads it as. */
export function llamaMetadata(shape: LlamaShape, vocab: LlamaVocabulary): Record<string, GgufValue> {
  const u32 = (value: number): GgufValue => ({ type: "u32", value });
  const f32 = (value: number): GgufValue => ({ type: "f32", value });
  return {
    "general.architecture": { type: "string", value: "llama" },
    "general.name": { type: "string", value: shape.name },
    "llama.context_length": u32(shape.context),
    "llama.embedding_length": u32(shape.width),
    "llama.block_count": u32(shape.layers),
    "llama.feed_forward_length": u32(shape.ffn),
    "llama.attention.head_count": u32(shape.heads),
    "llama.attention.head_count_kv": u32(shape.heads),
    "llama.rope.dimension_count": u32(shape.width / shape.heads),
    "llama.rope.freq_base": f32(shape.ropeBase ?? 10000),
    "llama.attention.layer_norm_rms_epsilon": f32(shape.rmsEps ?? 1e-5),
    "llama.vocab_size": u32(vocab.tokens.length),
    "tokenizer.ggml.model": { type: "string", value: "llama" },
    "tokenizer.ggml.tokens": { type: "array", itemType: "string", value: vocab.tokens },
    "tokenizer.ggml.scores": { type: "array", itemType: "f32", value: vocab.scores },
    "tokenizer.ggml.token_type": { type: "array", itemType: "i32", value: vocab.types },
    "tokenizer.ggml.unknown_token_id": u32(vocab.unk ?? 0),
    "tokenizer.ggml.bos_token_id": u32(vocab.bos ?? 1),
    "tokenizer.ggml.eos_token_id": u32(vocab.eos ?? 2),
    "tokenizer.ggml.add_bos_token": { type: "bool", value: true },
    "tokenizer.ggml.add_eos_token": { type: "bool", value: false },
  };
}

/** Tensor names and shapes (GGUF order, innermost first) of a llama model. */
export function llamaTensorShapes(shape: LlamaShape, vocabSize: number): { name: string; shape: number[] }[] {
  const { width: d, ffn } = shape;
  const out = [{ name: "token_embd.weight", shape: [d, vocabSize] }];
  for (let i = 0; i < shape.layers; i++) {
    const p = `blk.${i}.`;
    out.push(
      { name: `${p}attn_norm.weight`, shape: [d] },
      { name: `${p}attn_q.weight`, shape: [d, d] },
      { name: `${p}attn_k.weight`, shape: [d, d] },
      { name: `${p}attn_v.weight`, shape: [d, d] },
      { name: `${p}attn_output.weight`, shape: [d, d] },
      { name: `${p}ffn_norm.weight`, shape: [d] },
      { name: `${p}ffn_gate.weight`, shape: [d, ffn] },
      { name: `${p}ffn_up.weight`, shape: [d, ffn] },
      { name: `${p}ffn_down.weight`, shape: [ffn, d] },
    );
  }
  out.push({ name: "output_norm.weight", shape: [d] }, { name: "output.weight", shape: [d, vocabSize] });
  return out;
}

/**
 * A llama model with seeded random weights (normal, std 0.02 via Box–Muller; norms 1), as GGUF
 * bytes: what the adapter's tests load, since no weights can be downloaded.
 */
export function randomLlamaGguf(shape: LlamaShape, vocab: LlamaVocabulary, seed = 0): Buffer {
  const rng = createRng(seed, `llama/random/${shape.name}`);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng.float())) * Math.cos(2 * Math.PI * rng.float());
  const tensors: GgufTensor[] = llamaTensorShapes(shape, vocab.tokens.length).map(({ name, shape: s }) => {
    const n = s.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    if (name.endsWith("norm.weight")) data.fill(1);
    else for (let i = 0; i < n; i++) data[i] = 0.02 * normal();
    return { name, shape: s, data };
  });
  return encodeGguf(llamaMetadata(shape, vocab), tensors);
}

/** What scripts/train_zoo.py writes beside the raw float32 weights. */
export interface ZooManifest {
  metadata: Record<string, unknown>;
  tensors: { name: string; shape: number[]; count: number }[];
}

/** A trained model's GGUF bytes from the training script's manifest and its little-endian float32 weights. */
export function ggufFromManifest(manifest: ZooManifest, weights: Buffer): Buffer {
  const m = manifest.metadata;
  const num = (k: string) => {
    const v = m[k];
    if (typeof v !== "number") throw new TypeError(`manifest metadata ${k} must be a number, got ${JSON.stringify(v)}`);
    return v;
  };
  const shape: LlamaShape = {
    name: String(m["general.name"]),
    width: num("llama.embedding_length"),
    layers: num("llama.block_count"),
    heads: num("llama.attention.head_count"),
    ffn: num("llama.feed_forward_length"),
    context: num("llama.context_length"),
    rmsEps: num("llama.attention.layer_norm_rms_epsilon"),
    ropeBase: num("llama.rope.freq_base"),
  };
  const vocab: LlamaVocabulary = { tokens: m["tokenizer.ggml.tokens"] as string[], scores: m["tokenizer.ggml.scores"] as number[], types: m["tokenizer.ggml.token_type"] as number[] };
  const expected = llamaTensorShapes(shape, vocab.tokens.length);
  let offset = 0;
  const tensors = manifest.tensors.map((t, i) => {
    const want = expected[i];
    if (!want || want.name !== t.name || want.shape.join() !== t.shape.join()) throw new TypeError(`manifest tensor ${i} is ${t.name} [${t.shape}], expected ${want?.name} [${want?.shape}]`);
    const data = new Float32Array(t.count);
    for (let j = 0; j < t.count; j++) data[j] = weights.readFloatLE((offset + j) * 4);
    offset += t.count;
    return { name: t.name, shape: t.shape, data };
  });
  if (offset * 4 !== weights.length) throw new TypeError(`weights hold ${weights.length / 4} floats, the manifest lists ${offset}`);
  return encodeGguf(llamaMetadata(shape, vocab), tensors);
}
