import { closeSync, openSync, readSync, writeFileSync } from "node:fs";
import { FibError } from "@fib/schemas";

/**
 * GGUF (version 3), the file format of llama.cpp: a header of typed key/value metadata and
 * tensor descriptions, then the tensor data, each tensor aligned (default 32 bytes). Dimensions
 * are listed innermost first: a row-major (rows × cols) matrix is described as [cols, rows].
 * The reader reads only the header (what provenance needs: architecture, parameter count, vocabulary
 * size), however large the file; the writer writes float32 tensors (what the zoo and the tests need).
 */

export type GgufScalarType = "u8" | "i8" | "u16" | "i16" | "u32" | "i32" | "f32" | "bool" | "string" | "u64" | "i64" | "f64";
export type GgufValue = { type: GgufScalarType; value: number | boolean | string } | { type: "array"; itemType: GgufScalarType; value: readonly (number | boolean | string)[] };

export interface GgufTensorInfo {
  name: string;
  /** innermost first */
  shape: number[];
  /** ggml type id (0 = F32, 1 = F16, 8 = Q8_0, …) */
  ggmlType: number;
  offset: number;
}

export interface GgufHeader {
  version: number;
  metadata: Record<string, unknown>;
  tensors: GgufTensorInfo[];
  /** total elements over all tensors */
  parameters: number;
}

const TYPE_IDS: Record<GgufScalarType | "array", number> = { u8: 0, i8: 1, u16: 2, i16: 3, u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9, u64: 10, i64: 11, f64: 12 };
const TYPE_NAMES = Object.fromEntries(Object.entries(TYPE_IDS).map(([k, v]) => [v, k])) as Record<number, GgufScalarType | "array">;
const MAGIC = 0x46554747; // "GGUF" little-endian
const MAX_STRING = 1 << 24;
const MAX_ARRAY = 1 << 26;

/** Reads a file front to back in growing chunks: the header of a 10 GB model costs only its own bytes. */
class Cursor {
  private buf = Buffer.alloc(0);
  private base = 0;
  pos = 0;
  constructor(
    private readonly fd: number,
    private readonly path: string,
  ) {}
  private need(n: number): void {
    const end = this.pos + n;
    if (end <= this.base + this.buf.length) return;
    const keep = this.buf.subarray(this.pos - this.base);
    const want = Math.max(n, 1 << 20, keep.length * 2);
    const next = Buffer.alloc(keep.length + want);
    keep.copy(next);
    const got = readSync(this.fd, next, keep.length, want, this.base + (this.pos - this.base) + keep.length);
    this.buf = next.subarray(0, keep.length + got);
    this.base = this.pos;
    if (end > this.base + this.buf.length) throw new FibError("INPUT_INVALID", `${this.path}: not a GGUF file (the header ends early at byte ${this.base + this.buf.length})`, { file: this.path });
  }
  private at(n: number): number {
    this.need(n);
    const o = this.pos - this.base;
    this.pos += n;
    return o;
  }
  /** `this.buf.readX(this.at(n))` would read the old buffer when at() refills it: take the offset first */
  private read<T>(n: number, f: (b: Buffer, o: number) => T): T {
    const o = this.at(n);
    return f(this.buf, o);
  }
  u32(): number {
    return this.read(4, (b, o) => b.readUInt32LE(o));
  }
  u64(): number {
    const v = this.read(8, (b, o) => b.readBigUInt64LE(o));
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new FibError("INPUT_INVALID", `${this.path}: GGUF count ${v} is too large`, { file: this.path });
    return Number(v);
  }
  scalar(t: GgufScalarType): number | boolean | string {
    if (t === "string") {
      const n = this.u64();
      if (n > MAX_STRING) throw new FibError("INPUT_INVALID", `${this.path}: GGUF string of ${n} bytes`, { file: this.path });
      return this.read(n, (b, o) => b.toString("utf8", o, o + n));
    }
    const [width, , read] = FIXED[t];
    return this.read(width, read);
  }
  type(): GgufScalarType | "array" {
    const id = this.u32();
    const t = TYPE_NAMES[id];
    if (!t) throw new FibError("INPUT_INVALID", `${this.path}: unknown GGUF value type ${id}`, { file: this.path });
    return t;
  }
}

/** Read a GGUF file's header: metadata, tensor descriptions and the parameter count. */
export function readGgufHeader(path: string): GgufHeader {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FibError(code === "ENOENT" ? "INPUT_NOT_FOUND" : "IO_ERROR", `${path}: ${code === "ENOENT" ? "no such GGUF file" : (e as Error).message}`, { file: path, cause: e });
  }
  try {
    const c = new Cursor(fd, path);
    if (c.u32() !== MAGIC) throw new FibError("INPUT_INVALID", `${path}: not a GGUF file (bad magic)`, { file: path });
    const version = c.u32();
    if (version < 2 || version > 3) throw new FibError("INPUT_INVALID", `${path}: GGUF version ${version} is not supported (2 or 3)`, { file: path });
    const nTensors = c.u64();
    const nKv = c.u64();
    const metadata: Record<string, unknown> = {};
    for (let i = 0; i < nKv; i++) {
      const key = c.scalar("string") as string;
      const t = c.type();
      if (t === "array") {
        const it = c.type();
        if (it === "array") throw new FibError("INPUT_INVALID", `${path}: nested GGUF arrays (${key})`, { file: path, field: key });
        const n = c.u64();
        if (n > MAX_ARRAY) throw new FibError("INPUT_INVALID", `${path}: GGUF array ${key} has ${n} items`, { file: path, field: key });
        const xs = new Array(n);
        for (let j = 0; j < n; j++) xs[j] = c.scalar(it);
        metadata[key] = xs;
      } else metadata[key] = c.scalar(t);
    }
    const tensors: GgufTensorInfo[] = [];
    let parameters = 0;
    for (let i = 0; i < nTensors; i++) {
      const name = c.scalar("string") as string;
      const nd = c.u32();
      if (nd > 4) throw new FibError("INPUT_INVALID", `${path}: tensor ${name} has ${nd} dimensions`, { file: path, field: name });
      const shape = Array.from({ length: nd }, () => c.u64());
      const ggmlType = c.u32();
      const offset = c.u64();
      tensors.push({ name, shape, ggmlType, offset });
      parameters += shape.reduce((a, b) => a * b, 1);
    }
    return { version, metadata, tensors, parameters };
  } finally {
    closeSync(fd);
  }
}

type Fixed = Exclude<GgufScalarType, "string">;
/** byte width, writer and reader of each fixed-size GGUF scalar */
const FIXED: Record<Fixed, [number, (b: Buffer, v: number | boolean) => void, (b: Buffer, o: number) => number | boolean]> = {
  u8: [1, (b, v) => b.writeUInt8(v as number), (b, o) => b.readUInt8(o)],
  i8: [1, (b, v) => b.writeInt8(v as number), (b, o) => b.readInt8(o)],
  u16: [2, (b, v) => b.writeUInt16LE(v as number), (b, o) => b.readUInt16LE(o)],
  i16: [2, (b, v) => b.writeInt16LE(v as number), (b, o) => b.readInt16LE(o)],
  u32: [4, (b, v) => b.writeUInt32LE(v as number), (b, o) => b.readUInt32LE(o)],
  i32: [4, (b, v) => b.writeInt32LE(v as number), (b, o) => b.readInt32LE(o)],
  f32: [4, (b, v) => b.writeFloatLE(v as number), (b, o) => b.readFloatLE(o)],
  bool: [1, (b, v) => b.writeUInt8(v ? 1 : 0), (b, o) => b.readUInt8(o) !== 0],
  u64: [8, (b, v) => b.writeBigUInt64LE(BigInt(v as number)), (b, o) => Number(b.readBigUInt64LE(o))],
  i64: [8, (b, v) => b.writeBigInt64LE(BigInt(v as number)), (b, o) => Number(b.readBigInt64LE(o))],
  f64: [8, (b, v) => b.writeDoubleLE(v as number), (b, o) => b.readDoubleLE(o)],
};

function encodeScalar(t: GgufScalarType, v: number | boolean | string, out: Buffer[]): void {
  if (t === "string") {
    const s = Buffer.from(v as string, "utf8");
    out.push(u64(s.length), s);
    return;
  }
  const [width, write] = FIXED[t];
  const b = Buffer.alloc(width);
  write(b, v as number | boolean);
  out.push(b);
}

const u32 = (n: number) => {
  const x = Buffer.alloc(4);
  x.writeUInt32LE(n);
  return x;
};
const u64 = (n: number) => {
  const x = Buffer.alloc(8);
  x.writeBigUInt64LE(BigInt(n));
  return x;
};

export interface GgufTensor {
  name: string;
  /** innermost first, as GGUF lists them */
  shape: number[];
  data: Float32Array;
}

/** The bytes of a GGUF v3 file with float32 tensors (alignment 32). */
export function encodeGguf(metadata: Record<string, GgufValue>, tensors: readonly GgufTensor[]): Buffer {
  const ALIGN = 32;
  const out: Buffer[] = [u32(MAGIC), u32(3), u64(tensors.length), u64(Object.keys(metadata).length)];
  for (const [key, v] of Object.entries(metadata)) {
    encodeScalar("string", key, out);
    out.push(u32(TYPE_IDS[v.type]));
    if (v.type === "array") {
      out.push(u32(TYPE_IDS[v.itemType]), u64(v.value.length));
      for (const x of v.value) encodeScalar(v.itemType, x, out);
    } else encodeScalar(v.type, v.value, out);
  }
  let offset = 0;
  for (const t of tensors) {
    const n = t.shape.reduce((a, b) => a * b, 1);
    if (n !== t.data.length) throw new RangeError(`tensor ${t.name}: shape [${t.shape.join(", ")}] holds ${n} values, data has ${t.data.length}`);
    encodeScalar("string", t.name, out);
    out.push(u32(t.shape.length), ...t.shape.map(u64), u32(0), u64(offset));
    offset += Math.ceil((n * 4) / ALIGN) * ALIGN;
  }
  const pad = (len: number) => Buffer.alloc((ALIGN - (len % ALIGN)) % ALIGN);
  out.push(pad(out.reduce((a, b) => a + b.length, 0)));
  for (const t of tensors) {
    const bytes = Buffer.alloc(t.data.length * 4);
    for (let i = 0; i < t.data.length; i++) bytes.writeFloatLE(t.data[i] as number, i * 4);
    out.push(bytes, pad(bytes.length));
  }
  return Buffer.concat(out);
}

/** Write a GGUF v3 file with float32 tensors. */
export function writeGguf(path: string, metadata: Record<string, GgufValue>, tensors: readonly GgufTensor[]): void {
  writeFileSync(path, encodeGguf(metadata, tensors));
}
