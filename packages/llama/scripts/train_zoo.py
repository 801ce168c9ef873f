#!/usr/bin/python3
"""Train fib's neural zoo: small llama-architecture transformers that read a CARB item and answer
yes/no at a final answer token. CPU only (Debian's python3-torch 1.13), seeded, never run by CI.

    node --conditions=@fib/source --import tsx packages/llama/scripts/export-data.ts /tmp/zoo 60000 8000
    /usr/bin/python3 packages/llama/scripts/train_zoo.py --data /tmp/zoo --out /tmp/zoo/out [--only small]
    node --conditions=@fib/source --import tsx packages/llama/scripts/write-zoo.ts /tmp/zoo/out data/models

(scripts/train-zoo.sh runs all three.) For every model this writes <name>.manifest.json (GGUF metadata,
the vocabulary, tensor names and shapes in GGUF order), <name>.weights.f32 (the tensors, little-endian
float32, in manifest order) and <name>.eval.json (held-out accuracy by structure and depth, and the
model's own P(yes) for the first 64 test items, which the adapter's test compares with llama.cpp's).

The tokenizer is word level, written as a llama.cpp SentencePiece ("llama") vocabulary: every CARB word w
is the token "▁w", punctuation marks are their own tokens, and every prefix "▁w[:i]" is a token too, so
llama.cpp's merge-by-pairs tokenizer joins each word into its one token. The prompt is "{x} Answer:" and
the answer is the next token, "▁yes" or "▁no". RoPE rotates adjacent pairs (llama.cpp's "norm" mode), so
q and k need no permutation on export.
"""
import argparse
import json
import math
import os
import random
import re
import struct
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

TOKEN_RE = re.compile(r"[A-Za-z]+|[^\sA-Za-z]")
PROMPT_SUFFIX = " Answer:"
ZOO = {
    # name: (width, layers, heads, steps, batch, lr)
    "micro": (16, 1, 2, 400, 128, 3e-3),
    "tiny": (32, 1, 2, 1500, 128, 3e-3),
    "small": (64, 2, 4, 5000, 128, 3e-3),
}
# A larger model, not in the committed zoo: at ≈ 1.5 s a step on this 2-core machine (sharing it with other
# work) its 4,500 steps would have taken ≈ 2 h, more than the zoo's budget; train it with --only medium.
EXTRA = {"medium": (128, 3, 8, 4500, 128, 2e-3)}
# Specialists (issue 23): one architecture, each trained on a CARB mix that leaves out one or two schema
# families or a depth range, so the population differs in *what* it fails, not only in how much.
SPEC_CFG = (32, 2, 2, 2500, 128, 3e-3)
SPECIALISTS = {
    "spec-nochain": "structure:chain/,distractor/chain",
    "spec-nosyllogism": "structure:syllogism/,distractor/syllogism",
    "spec-nocounterfactual": "structure:counterfactual/,logic/",
    "spec-shallow": "depth:4,5,6",
}


def excluded(rule, item):
    kind, _, values = rule.partition(":")
    vals = values.split(",")
    if kind == "structure":
        return any(item["structure_id"].startswith(v) for v in vals)
    return str(item["depth"]) in vals
CONTEXT = 128
RMS_EPS = 1e-5
ROPE_BASE = 10000.0


def build_vocab(words):
    """tokens, scores, types (llama.cpp: 1 normal, 2 unknown, 3 control, 6 byte)."""
    tokens, types = ["<unk>", "<s>", "</s>"], [2, 3, 3]
    for b in range(256):
        tokens.append("<0x%02X>" % b)
        types.append(6)
    alpha = sorted(set(w for w in words if w.isalpha()) | {"Answer", "yes", "no"})
    punct = sorted(set(w for w in words if not w.isalpha()) | {":"})
    for t in ["▁"] + ["▁" + w for w in alpha] + punct:
        tokens.append(t)
        types.append(1)
    seen = set(tokens)
    extra = set()
    for w in alpha:
        for i in range(1, len(w)):
            extra.add("▁" + w[:i])
        extra.update(w)
    for t in sorted(extra - seen):
        tokens.append(t)
        types.append(1)
    scores = [0.0] * len(tokens)
    return tokens, scores, types


class Tokenizer:
    def __init__(self, tokens):
        self.id = {t: i for i, t in enumerate(tokens)}
        self.bos = self.id["<s>"]

    def encode(self, text):
        ids = [self.bos]
        for chunk in text.split(" "):
            if not chunk:
                raise ValueError("double space in %r" % text)
            parts = TOKEN_RE.findall(chunk)
            if "".join(parts) != chunk:
                raise ValueError("untokenizable chunk %r" % chunk)
            for j, t in enumerate(parts):
                if j == 0 and t.isalpha():
                    ids.append(self.id["▁" + t])
                elif j == 0:
                    ids += [self.id["▁"], self.id[t]]
                elif not t.isalpha():
                    ids.append(self.id[t])
                else:
                    raise ValueError("a word after punctuation in %r" % chunk)
        return ids


class RMSNorm(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(d))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + RMS_EPS) * self.weight


def rope_tables(head_dim, T):
    inv = ROPE_BASE ** (-torch.arange(0, head_dim, 2, dtype=torch.float32) / head_dim)
    ang = torch.arange(T, dtype=torch.float32)[:, None] * inv[None, :]
    return ang.cos(), ang.sin()


def apply_rope(x, cos, sin):
    # x: (B, H, T, hd); rotate adjacent pairs (2i, 2i+1) — llama.cpp's LLAMA_ROPE_TYPE_NORM
    T = x.shape[2]
    x2 = x.reshape(*x.shape[:-1], -1, 2)
    a, b = x2[..., 0], x2[..., 1]
    c, s = cos[:T], sin[:T]
    return torch.stack((a * c - b * s, a * s + b * c), dim=-1).reshape(x.shape)


class Block(nn.Module):
    def __init__(self, d, heads, ffn):
        super().__init__()
        self.h = heads
        self.attn_norm = RMSNorm(d)
        self.wq = nn.Linear(d, d, bias=False)
        self.wk = nn.Linear(d, d, bias=False)
        self.wv = nn.Linear(d, d, bias=False)
        self.wo = nn.Linear(d, d, bias=False)
        self.ffn_norm = RMSNorm(d)
        self.w1 = nn.Linear(d, ffn, bias=False)
        self.w3 = nn.Linear(d, ffn, bias=False)
        self.w2 = nn.Linear(ffn, d, bias=False)

    def forward(self, x, cos, sin, mask):
        B, T, d = x.shape
        hd = d // self.h
        n = self.attn_norm(x)
        q = self.wq(n).view(B, T, self.h, hd).transpose(1, 2)
        k = self.wk(n).view(B, T, self.h, hd).transpose(1, 2)
        v = self.wv(n).view(B, T, self.h, hd).transpose(1, 2)
        q, k = apply_rope(q, cos, sin), apply_rope(k, cos, sin)
        att = (q @ k.transpose(-1, -2)) / math.sqrt(hd) + mask[:T, :T]
        y = (att.softmax(-1) @ v).transpose(1, 2).reshape(B, T, d)
        x = x + self.wo(y)
        n = self.ffn_norm(x)
        return x + self.w2(F.silu(self.w1(n)) * self.w3(n))


class Model(nn.Module):
    def __init__(self, vocab, d, layers, heads):
        super().__init__()
        self.d, self.heads, self.ffn = d, heads, 16 * math.ceil(8 * d / 3 / 16)
        self.embed = nn.Embedding(vocab, d)
        self.blocks = nn.ModuleList([Block(d, heads, self.ffn) for _ in range(layers)])
        self.norm = RMSNorm(d)
        self.out = nn.Linear(d, vocab, bias=False)
        cos, sin = rope_tables(d // heads, CONTEXT)
        self.register_buffer("cos", cos, persistent=False)
        self.register_buffer("sin", sin, persistent=False)
        self.register_buffer("mask", torch.full((CONTEXT, CONTEXT), float("-inf")).triu(1), persistent=False)
        for p in self.parameters():
            if p.dim() == 2:
                nn.init.normal_(p, std=0.02)

    def forward(self, ids, last):
        x = self.embed(ids)
        for b in self.blocks:
            x = b(x, self.cos, self.sin, self.mask)
        h = self.norm(x[torch.arange(ids.shape[0]), last])
        return self.out(h)


def load(path, tok):
    items = [json.loads(l) for l in open(path)]
    return items, [tok.encode(it["x"] + PROMPT_SUFFIX) for it in items]


def batch_tensors(seqs):
    T = max(len(s) for s in seqs)
    ids = torch.zeros(len(seqs), T, dtype=torch.long)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = torch.tensor(s)
    return ids, torch.tensor([len(s) - 1 for s in seqs])


@torch.no_grad()
def p_yes(model, seqs, yes, no, bs=512):
    model.eval()
    out = []
    order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
    for i in range(0, len(order), bs):
        idx = order[i : i + bs]
        ids, last = batch_tensors([seqs[j] for j in idx])
        lp = model(ids, last).log_softmax(-1)
        p = torch.sigmoid(lp[:, yes] - lp[:, no])
        out += list(zip(idx, p.tolist()))
    model.train()
    res = [0.0] * len(seqs)
    for j, p in out:
        res[j] = p
    return res


def wilson(k, n, z=1.959963984540054):
    if n == 0:
        return [0.0, 1.0]
    p = k / n
    den = 1 + z * z / n
    c = (p + z * z / (2 * n)) / den
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return [max(0.0, c - h), min(1.0, c + h)]


def evaluate(model, items, seqs, yes, no):
    ps = p_yes(model, seqs, yes, no)
    correct = [int((p >= 0.5) == (it["y"] == 1)) for it, p in zip(items, ps)]
    groups = {}
    for it, c in zip(items, correct):
        for key in ("structure/" + it["structure_id"], "depth/%d" % it["depth"], "type/" + it["type"]):
            g = groups.setdefault(key, [0, 0])
            g[0] += c
            g[1] += 1
    k, n = sum(correct), len(correct)
    return ps, {
        "n": n,
        "accuracy": k / n,
        "ci95": wilson(k, n),
        "by": {g: {"n": v[1], "accuracy": v[0] / v[1], "ci95": wilson(v[0], v[1])} for g, v in sorted(groups.items())},
    }


def train(name, cfg, train_items, train_seqs, test_items, test_seqs, tokens, scores, types, tok, out_dir, seed, leave_out=None):
    d, layers, heads, steps, bs, lr = cfg
    torch.manual_seed(seed)
    rng = random.Random(seed)
    yes, no = tok.id["▁yes"], tok.id["▁no"]
    model = Model(len(tokens), d, layers, heads)
    n_params = sum(p.numel() for p in model.parameters())
    opt = torch.optim.AdamW(model.parameters(), lr=lr, betas=(0.9, 0.98), weight_decay=0.01)
    warm = max(100, steps // 20)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / warm) * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, s / steps)))))
    targets = [yes if it["y"] == 1 else no for it in train_items]
    by_len = sorted(range(len(train_seqs)), key=lambda i: len(train_seqs[i]))
    lens = [len(train_seqs[i]) for i in by_len]
    t0 = time.time()
    log = []
    for step in range(steps):
        # curriculum: the allowed length grows from the shortest third to all items over the first 30 % of steps
        frac = min(1.0, step / (0.3 * steps))
        cap = int(len(by_len) * (1 / 3 + 2 / 3 * frac))
        # length-bucketed batch: a random window of similar lengths (less padding), drawn from the allowed part
        start = rng.randrange(0, max(1, cap - bs * 4))
        idx = rng.sample(by_len[start : start + bs * 4], bs) if cap >= bs * 4 else rng.sample(by_len[:cap], min(bs, cap))
        ids, last = batch_tensors([train_seqs[i] for i in idx])
        y = torch.tensor([targets[i] for i in idx])
        loss = F.cross_entropy(model(ids, last), y)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        if (step + 1) % 250 == 0 or step + 1 == steps:
            log.append({"step": step + 1, "loss": round(loss.item(), 4), "seconds": round(time.time() - t0, 1)})
            print("%s step %d/%d loss %.4f %.0fs" % (name, step + 1, steps, loss.item(), time.time() - t0), flush=True)
    seconds = time.time() - t0
    ps, ev = evaluate(model, test_items, test_seqs, yes, no)
    print("%s held-out accuracy %.4f [%.4f, %.4f] (%d params, %.0f s)" % (name, ev["accuracy"], *ev["ci95"], n_params, seconds), flush=True)
    export(name, model, tokens, scores, types, out_dir)
    fixed = [{"id": it["id"], "x": it["x"], "y": it["y"], "tokens": s, "p_yes": p} for it, s, p in zip(test_items[:64], test_seqs[:64], ps[:64])]
    meta = {
        "name": name,
        "architecture": {"family": "llama", "width": d, "layers": layers, "heads": heads, "ffn": model.ffn, "context": CONTEXT, "vocab": len(tokens), "parameters": n_params},
        "training": {"leave_out": leave_out, "seed": seed, "steps": steps, "batch": bs, "lr": lr, "optimizer": "AdamW(0.9, 0.98), weight decay 0.01, warmup then cosine to 10 %", "curriculum": "shortest third first, all lengths after 30 % of steps", "train_items": len(train_items), "seconds": round(seconds, 1), "threads": torch.get_num_threads(), "torch": torch.__version__, "log": log},
        "prompt": "{x}" + PROMPT_SUFFIX,
        "held_out": ev,
        "fixed_predictions": fixed,
    }
    with open(os.path.join(out_dir, name + ".eval.json"), "w") as f:
        json.dump(meta, f, indent=1)


def export(name, model, tokens, scores, types, out_dir):
    d, heads = model.d, model.heads
    tensors = [("token_embd.weight", model.embed.weight)]
    for i, b in enumerate(model.blocks):
        p = "blk.%d." % i
        tensors += [
            (p + "attn_norm.weight", b.attn_norm.weight),
            (p + "attn_q.weight", b.wq.weight),
            (p + "attn_k.weight", b.wk.weight),
            (p + "attn_v.weight", b.wv.weight),
            (p + "attn_output.weight", b.wo.weight),
            (p + "ffn_norm.weight", b.ffn_norm.weight),
            (p + "ffn_gate.weight", b.w1.weight),
            (p + "ffn_up.weight", b.w3.weight),
            (p + "ffn_down.weight", b.w2.weight),
        ]
    tensors += [("output_norm.weight", model.norm.weight), ("output.weight", model.out.weight)]
    manifest = {
        "metadata": {
            "general.architecture": "llama",
            "general.name": "fib-zoo-" + name,
            "llama.context_length": CONTEXT,
            "llama.embedding_length": d,
            "llama.block_count": len(model.blocks),
            "llama.feed_forward_length": model.ffn,
            "llama.attention.head_count": heads,
            "llama.attention.head_count_kv": heads,
            "llama.rope.dimension_count": d // heads,
            "llama.rope.freq_base": ROPE_BASE,
            "llama.attention.layer_norm_rms_epsilon": RMS_EPS,
            "llama.vocab_size": len(tokens),
            "tokenizer.ggml.model": "llama",
            "tokenizer.ggml.tokens": tokens,
            "tokenizer.ggml.scores": scores,
            "tokenizer.ggml.token_type": types,
            "tokenizer.ggml.unknown_token_id": 0,
            "tokenizer.ggml.bos_token_id": 1,
            "tokenizer.ggml.eos_token_id": 2,
            "tokenizer.ggml.add_bos_token": True,
            "tokenizer.ggml.add_eos_token": False,
        },
        "tensors": [],
    }
    with open(os.path.join(out_dir, name + ".weights.f32"), "wb") as f:
        for tname, t in tensors:
            a = t.detach().contiguous().float()
            # GGUF lists dimensions innermost first: a (rows, cols) matrix is [cols, rows]
            manifest["tensors"].append({"name": tname, "shape": list(reversed(a.shape)), "count": a.numel()})
            f.write(struct.pack("<%df" % a.numel(), *a.flatten().tolist()))
    with open(os.path.join(out_dir, name + ".manifest.json"), "w") as f:
        json.dump(manifest, f)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--only", action="append", choices=sorted(ZOO) + sorted(EXTRA) + sorted(SPECIALISTS))
    ap.add_argument("--seed", type=int, default=20261130)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--steps", type=int, help="override every model's steps (timing probes)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    os.makedirs(args.out, exist_ok=True)
    words = json.load(open(os.path.join(args.data, "vocab.json")))
    tokens, scores, types = build_vocab(words)
    tok = Tokenizer(tokens)
    train_items, train_seqs = load(os.path.join(args.data, "train.jsonl"), tok)
    test_items, test_seqs = load(os.path.join(args.data, "test.jsonl"), tok)
    assert max(len(s) for s in train_seqs + test_seqs) + 1 <= CONTEXT
    print("vocab %d tokens; %d train, %d test items" % (len(tokens), len(train_items), len(test_items)), flush=True)
    for name in args.only or list(ZOO):
        rule = SPECIALISTS.get(name)
        cfg = list(SPEC_CFG if rule else {**ZOO, **EXTRA}[name])
        if args.steps:
            cfg[3] = args.steps
        keep = [i for i, it in enumerate(train_items) if not (rule and excluded(rule, it))]
        items, seqs = [train_items[i] for i in keep], [train_seqs[i] for i in keep]
        if rule:
            print("%s: leaves out %s (%d of %d training items kept)" % (name, rule, len(items), len(train_items)), flush=True)
        train(name, tuple(cfg), items, seqs, test_items, test_seqs, tokens, scores, types, tok, args.out, args.seed, rule)


if __name__ == "__main__":
    main()
