#!/usr/bin/env python3
"""Independent reference for Plume's GPT-2 forward pass.

Written from first principles, sharing no code with the engine:
  * its own GGUF v2/v3 reader (written from ggml's docs/gguf.md with the struct module),
    decoding F32, F16 and Q8_0 tensors (Q8_0: blocks of 34 bytes, an fp16 scale d then 32
    int8 q; value = d * q);
  * a GPT-2 forward computed entirely in float64: learned token + position embeddings,
    pre-LayerNorm blocks (x += attn(LN1(x)); x += mlp(LN2(x))), a fused qkv projection split
    into q, k, v, causal multi-head attention softmax(Q K^T / sqrt(d_head)) V, GELU in its tanh
    form, a final LayerNorm, and an output projection tied to token_embd when the file has no
    `output.weight`.

ggml dimension order: a tensor with ne = [n_in, n_out] is stored as n_out rows of n_in values,
so it reads into a numpy array of shape (n_out, n_in) and a linear layer is y = x @ W.T + b.

Usage:
  python3 tests/reference/gpt2_numpy.py MODEL.gguf --tokens 1,2,3 [--all] [--greedy N]
prints JSON {"logits": [[...]], "greedy": [...]}: the logits of the last position (or, with
--all, of every position) of the given tokens, and with --greedy N the N tokens that greedy
decoding appends to them (argmax, first index on ties; no stopping at EOS).
"""

import argparse
import json
import struct
import sys

import numpy as np

GGUF_MAGIC = b"GGUF"

# gguf_metadata_value_type
T_UINT8, T_INT8, T_UINT16, T_INT16, T_UINT32, T_INT32, T_FLOAT32, T_BOOL, T_STRING, T_ARRAY, \
    T_UINT64, T_INT64, T_FLOAT64 = range(13)
SCALAR_FORMATS = {
    T_UINT8: "<B", T_INT8: "<b", T_UINT16: "<H", T_INT16: "<h", T_UINT32: "<I", T_INT32: "<i",
    T_FLOAT32: "<f", T_BOOL: "<?", T_UINT64: "<Q", T_INT64: "<q", T_FLOAT64: "<d",
}

# ggml_type ids this reader decodes
GGML_F32, GGML_F16, GGML_Q8_0 = 0, 1, 8
QK8_0 = 32
Q8_0_BLOCK = np.dtype([("d", "<f2"), ("qs", "i1", (QK8_0,))])  # 2 + 32 = 34 bytes
assert Q8_0_BLOCK.itemsize == 34


class GgufError(Exception):
    pass


class Reader:
    def __init__(self, data):
        self.data = data
        self.pos = 0

    def take(self, n):
        if self.pos + n > len(self.data):
            raise GgufError(f"truncated file: need {n} bytes at offset {self.pos}, "
                            f"file has {len(self.data)}")
        b = self.data[self.pos:self.pos + n]
        self.pos += n
        return b

    def scalar(self, fmt):
        return struct.unpack(fmt, self.take(struct.calcsize(fmt)))[0]

    def string(self):
        n = self.scalar("<Q")
        return bytes(self.take(n)).decode("utf-8", errors="surrogateescape")

    def value(self, vtype):
        if vtype == T_STRING:
            return self.string()
        if vtype == T_ARRAY:
            etype = self.scalar("<I")
            n = self.scalar("<Q")
            if etype in SCALAR_FORMATS and etype != T_BOOL:
                fmt = SCALAR_FORMATS[etype]
                size = struct.calcsize(fmt)
                return np.frombuffer(self.take(n * size), dtype=np.dtype(fmt)).tolist()
            return [self.value(etype) for _ in range(n)]
        if vtype in SCALAR_FORMATS:
            return self.scalar(SCALAR_FORMATS[vtype])
        raise GgufError(f"unknown metadata value type {vtype} at offset {self.pos}")


class Gguf:
    """A parsed GGUF file: .version, .metadata (dict), .tensors (name -> info dict)."""

    def __init__(self, path):
        with open(path, "rb") as f:
            self.data = memoryview(f.read())
        r = Reader(self.data)
        magic = bytes(r.take(4))
        if magic != GGUF_MAGIC:
            raise GgufError(f"not a GGUF file (magic {magic!r})")
        self.version = r.scalar("<I")
        if self.version not in (2, 3):
            raise GgufError(f"unsupported GGUF version {self.version}")
        n_tensors = r.scalar("<Q")
        n_kv = r.scalar("<Q")
        self.metadata = {}
        for _ in range(n_kv):
            key = r.string()
            vtype = r.scalar("<I")
            self.metadata[key] = r.value(vtype)
        self.tensors = {}
        order = []
        for _ in range(n_tensors):
            name = r.string()
            n_dims = r.scalar("<I")
            ne = [r.scalar("<Q") for _ in range(n_dims)]
            gtype = r.scalar("<I")
            offset = r.scalar("<Q")
            self.tensors[name] = {"ne": ne, "type": gtype, "offset": offset}
            order.append(name)
        self.alignment = int(self.metadata.get("general.alignment", 32))
        pos = r.pos
        self.data_start = pos + (self.alignment - pos % self.alignment) % self.alignment
        for name in order:
            t = self.tensors[name]
            if t["offset"] % self.alignment:
                raise GgufError(f"tensor {name!r}: offset {t['offset']} not aligned")
            t["nbytes"] = tensor_nbytes(name, t["ne"], t["type"])
            end = self.data_start + t["offset"] + t["nbytes"]
            if end > len(self.data):
                raise GgufError(f"tensor {name!r}: data ends at byte {end}, "
                                f"file has {len(self.data)}")

    def has(self, name):
        return name in self.tensors

    def tensor(self, name):
        """The tensor as float64, shaped with numpy's order (ne reversed)."""
        if name not in self.tensors:
            raise GgufError(f"missing tensor {name!r}")
        t = self.tensors[name]
        start = self.data_start + t["offset"]
        raw = self.data[start:start + t["nbytes"]]
        n = int(np.prod(t["ne"])) if t["ne"] else 1
        if t["type"] == GGML_F32:
            flat = np.frombuffer(raw, dtype="<f4").astype(np.float64)
        elif t["type"] == GGML_F16:
            flat = np.frombuffer(raw, dtype="<f2").astype(np.float64)
        elif t["type"] == GGML_Q8_0:
            blocks = np.frombuffer(raw, dtype=Q8_0_BLOCK)
            d = blocks["d"].astype(np.float64)[:, None]
            flat = (d * blocks["qs"].astype(np.float64)).reshape(-1)
        else:
            raise GgufError(f"tensor {name!r}: ggml type {t['type']} not supported")
        assert flat.size == n
        return flat.reshape(list(reversed(t["ne"])))


def quantize_dequantize_q8_0(x):
    """Rows of x rounded to Q8_0 blocks (ggml quantize_row_q8_0), returned as float64."""
    shape = x.shape
    blocks = x.reshape(-1, QK8_0).astype(np.float32)
    amax = np.abs(blocks).max(axis=1)
    d = amax / np.float32(127)
    inv = np.where(d > 0, np.float32(1) / np.where(d > 0, d, 1), 0).astype(np.float32)
    v = blocks * inv[:, None]
    q = np.sign(v) * np.floor(np.abs(v) + 0.5)          # roundf: halves away from zero
    d16 = d.astype(np.float16).astype(np.float64)
    return (q.astype(np.float64) * d16[:, None]).reshape(shape)


def tensor_nbytes(name, ne, gtype):
    n = int(np.prod(ne)) if ne else 1
    if gtype == GGML_F32:
        return 4 * n
    if gtype == GGML_F16:
        return 2 * n
    if gtype == GGML_Q8_0:
        if ne[0] % QK8_0:
            raise GgufError(f"tensor {name!r}: Q8_0 row length {ne[0]} not a multiple of 32")
        return n // QK8_0 * Q8_0_BLOCK.itemsize
    raise GgufError(f"tensor {name!r}: ggml type {gtype} not supported by this reader")


class Gpt2:
    def __init__(self, path):
        g = Gguf(path)
        md = g.metadata
        arch = md.get("general.architecture")
        if arch != "gpt2":
            raise GgufError(f"general.architecture is {arch!r}, expected 'gpt2'")
        self.n_ctx = int(md["gpt2.context_length"])
        self.n_embd = int(md["gpt2.embedding_length"])
        self.n_layer = int(md["gpt2.block_count"])
        self.n_head = int(md["gpt2.attention.head_count"])
        self.eps = float(md["gpt2.attention.layer_norm_epsilon"])
        self.n_ff = int(md.get("gpt2.feed_forward_length", 4 * self.n_embd))
        self.wte = g.tensor("token_embd.weight")          # (n_vocab, n_embd)
        self.wpe = g.tensor("position_embd.weight")       # (n_ctx, n_embd)
        self.n_vocab = self.wte.shape[0]
        assert self.wte.shape[1] == self.n_embd and self.wpe.shape == (self.n_ctx, self.n_embd)
        self.layers = []
        self.q8_weights = set()
        for i in range(self.n_layer):
            p = f"blk.{i}."
            L = {k: self._load(g, p + k) for k in (
                "attn_norm.weight", "attn_norm.bias", "attn_qkv.weight", "attn_qkv.bias",
                "attn_output.weight", "attn_output.bias", "ffn_norm.weight", "ffn_norm.bias",
                "ffn_up.weight", "ffn_up.bias", "ffn_down.weight", "ffn_down.bias")}
            assert L["attn_qkv.weight"].shape == (3 * self.n_embd, self.n_embd)
            assert L["attn_output.weight"].shape == (self.n_embd, self.n_embd)
            assert L["ffn_up.weight"].shape == (self.n_ff, self.n_embd)
            assert L["ffn_down.weight"].shape == (self.n_embd, self.n_ff)
            self.layers.append(L)
        self.ln_f_w = g.tensor("output_norm.weight")
        self.ln_f_b = g.tensor("output_norm.bias")
        self.tied = not g.has("output.weight")
        self.lm_head = self.wte if self.tied else g.tensor("output.weight")
        self.lm_head_q8 = g.tensors["token_embd.weight" if self.tied else "output.weight"]["type"] \
            == GGML_Q8_0
        self.simulate_q8_activations = False

    def _load(self, g, name):
        w = g.tensor(name)
        if g.tensors[name]["type"] == GGML_Q8_0:
            self.q8_weights.add(id(w))
        return w

    def linear(self, x, w, b=None):
        """y = x @ w.T (+ b). With simulate_q8_activations, a Q8_0 weight's input rows are first
        rounded to Q8_0 blocks the way ggml's quantize_row_q8_0 does (d = max|x|/127 per block
        of 32, q = round(x/d), d kept as fp16): what CPU engines do before an integer dot
        product. Off by default: the reference proper is the exact float64 forward."""
        if self.simulate_q8_activations and (id(w) in self.q8_weights or
                                             (w is self.lm_head and self.lm_head_q8)):
            x = quantize_dequantize_q8_0(x)
        y = x @ w.T
        return y if b is None else y + b

    def layer_norm(self, x, w, b):
        mu = x.mean(axis=-1, keepdims=True)
        var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
        return (x - mu) / np.sqrt(var + self.eps) * w + b

    @staticmethod
    def gelu(x):
        return 0.5 * x * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (x + 0.044715 * x ** 3)))

    def forward(self, tokens):
        """Logits (float64) for every position of `tokens`: shape (len(tokens), n_vocab)."""
        T = len(tokens)
        if T == 0 or T > self.n_ctx:
            raise ValueError(f"need 1..{self.n_ctx} tokens, got {T}")
        if min(tokens) < 0 or max(tokens) >= self.n_vocab:
            raise ValueError(f"token ids must be in 0..{self.n_vocab - 1}")
        E, H = self.n_embd, self.n_head
        D = E // H
        x = self.wte[tokens] + self.wpe[:T]
        mask = np.triu(np.ones((T, T), dtype=bool), k=1)   # True above the diagonal: future
        for L in self.layers:
            h = self.layer_norm(x, L["attn_norm.weight"], L["attn_norm.bias"])
            qkv = self.linear(h, L["attn_qkv.weight"], L["attn_qkv.bias"])       # (T, 3E)
            q, k, v = qkv[:, :E], qkv[:, E:2 * E], qkv[:, 2 * E:]
            q = q.reshape(T, H, D).transpose(1, 0, 2)                   # (H, T, D)
            k = k.reshape(T, H, D).transpose(1, 0, 2)
            v = v.reshape(T, H, D).transpose(1, 0, 2)
            scores = q @ k.transpose(0, 2, 1) / np.sqrt(D)              # (H, T, T)
            scores = np.where(mask, -np.inf, scores)
            scores = scores - scores.max(axis=-1, keepdims=True)
            p = np.exp(scores)
            p = p / p.sum(axis=-1, keepdims=True)
            a = (p @ v).transpose(1, 0, 2).reshape(T, E)
            x = x + self.linear(a, L["attn_output.weight"], L["attn_output.bias"])
            h = self.layer_norm(x, L["ffn_norm.weight"], L["ffn_norm.bias"])
            u = self.gelu(self.linear(h, L["ffn_up.weight"], L["ffn_up.bias"]))
            x = x + self.linear(u, L["ffn_down.weight"], L["ffn_down.bias"])
        x = self.layer_norm(x, self.ln_f_w, self.ln_f_b)
        return self.linear(x, self.lm_head)

    def greedy(self, tokens, n):
        out = []
        seq = list(tokens)
        for _ in range(n):
            if len(seq) >= self.n_ctx:
                break
            nxt = int(np.argmax(self.forward(seq)[-1]))
            out.append(nxt)
            seq.append(nxt)
        return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("model")
    ap.add_argument("--tokens", required=True, help="comma-separated token ids")
    ap.add_argument("--all", action="store_true", help="logits of every position")
    ap.add_argument("--greedy", type=int, default=0, help="greedy-decode N tokens")
    ap.add_argument("--simulate-q8-activations", action="store_true",
                    help="round the inputs of Q8_0 matmuls to Q8_0 blocks (an error model of "
                         "CPU engines, not the reference proper)")
    args = ap.parse_args(argv)
    try:
        tokens = [int(t) for t in args.tokens.split(",") if t.strip() != ""]
        model = Gpt2(args.model)
        model.simulate_q8_activations = args.simulate_q8_activations
        logits = model.forward(tokens)
        out = {"logits": (logits if args.all else logits[-1:]).tolist()}
        if args.greedy > 0:
            out["greedy"] = model.greedy(tokens, args.greedy)
    except (GgufError, ValueError, KeyError, OSError) as e:
        print(f"gpt2_numpy: {e}", file=sys.stderr)
        return 1
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
