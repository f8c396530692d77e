"""Write (and read back) spechub traces from Python: format version 1, see docs/traces.md.

A trace is one ``.safetensors`` file (8-byte little-endian header length, JSON header, raw little-endian data)
holding, for P positions, the target's and the draft's next-token distributions:

* dense probabilities ``target`` / ``draft`` of shape [P, V], or
* logits ``target_logits`` / ``draft_logits`` [P, V] (softmaxed at the metadata's temperature), or
* top-K ``target_ids`` + ``target_probs`` / ``draft_ids`` + ``draft_probs`` [P, K] (the rest of the mass implied;
  ``vocab_size`` goes into the metadata),

optionally ``context_id`` [P] and ``position`` [P]; metadata values are strings.

Standard library only. numpy arrays and torch tensors are accepted (and written faster) when those packages are
installed; lists of floats work everywhere. Set SPECHUB_TRACE_NO_NUMPY=1 to force the pure-Python encoders.

    from spechub_trace import TraceWriter
    with TraceWriter("trace.safetensors", positions=P, vocab_size=V, target="probs", draft="probs",
                     context_ids=True, metadata={"target_model": "...", "temperature": "1"}) as w:
        for p, q, ctx in rows:
            w.write(p, q, context_id=ctx)

``write_trace(path, **tensors)`` writes whole arrays at once; ``read_trace(path)`` reads any safetensors file
back into plain Python lists (for checks).
"""

import array
import json
import math
import os
import random
import struct
import sys

__all__ = ["TraceWriter", "write_trace", "read_trace", "FORMAT"]

FORMAT = "spechub-trace/1"
_SIZES = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4}
_FLOATS = ("F64", "F32", "F16", "BF16")
_INTS = ("I64", "I32")


def _numpy():
    if os.environ.get("SPECHUB_TRACE_NO_NUMPY"):
        return None
    try:
        import numpy  # noqa: F401

        return numpy
    except ImportError:
        return None


def _as_flat(values):
    """A flat list (or a 1-D numpy array) from a list, tuple, numpy array or torch tensor."""
    if hasattr(values, "detach") and hasattr(values, "cpu"):  # torch
        values = values.detach().to("cpu")
        np = _numpy()
        if np is not None:
            return np.asarray(values.double().numpy()).reshape(-1)
        return [float(x) for x in values.reshape(-1).tolist()]
    np = _numpy()
    if np is not None and isinstance(values, np.ndarray):
        return values.reshape(-1)
    if hasattr(values, "tolist") and not isinstance(values, (list, tuple)):
        values = values.tolist()
    out = []
    for v in values:
        if isinstance(v, (list, tuple)) or hasattr(v, "tolist"):
            out.extend(_as_flat(v))
        else:
            out.append(v)
    return out


def _bf16_bits(x):
    """Nearest bfloat16 of a float (through float32, ties to even), as an unsigned 16-bit pattern."""
    (u,) = struct.unpack("<I", struct.pack("<f", x))
    if math.isnan(x):
        return 0x7FC0
    lower = u & 0xFFFF
    upper = u >> 16
    if lower > 0x8000 or (lower == 0x8000 and (upper & 1) == 1):
        upper += 1
    return upper & 0xFFFF


def _encode(values, dtype):
    """Little-endian bytes of the values in dtype (floats rounded to nearest, ties to even)."""
    flat = _as_flat(values)
    np = _numpy()
    if np is not None and not isinstance(flat, list):
        a = np.asarray(flat)
        if dtype == "F64":
            return a.astype("<f8").tobytes()
        if dtype == "F32":
            return a.astype("<f4").tobytes()
        if dtype == "F16":
            return a.astype("<f8").astype("<f2").tobytes()
        if dtype == "BF16":
            u = a.astype("<f4").view("<u4").astype(np.uint64)
            lower = u & 0xFFFF
            upper = u >> 16
            up = (lower > 0x8000) | ((lower == 0x8000) & ((upper & 1) == 1))
            bits = ((upper + up) & 0xFFFF).astype("<u2")
            bits[np.isnan(a.astype("<f4"))] = 0x7FC0
            return bits.tobytes()
        if dtype in _INTS:
            if not np.all(np.equal(np.mod(a, 1), 0)):
                raise ValueError("integer tensor holds a non-integer")
            return a.astype("<i8" if dtype == "I64" else "<i4").tobytes()
        raise ValueError("unknown dtype %r" % dtype)
    flat = list(flat)
    n = len(flat)
    if dtype == "F64":
        return struct.pack("<%dd" % n, *[float(x) for x in flat])
    if dtype == "F32":
        a = array.array("f", [float(x) for x in flat])
        if sys.byteorder == "big":
            a.byteswap()
        return a.tobytes()
    if dtype == "F16":
        return struct.pack("<%de" % n, *[float(x) for x in flat])
    if dtype == "BF16":
        return struct.pack("<%dH" % n, *[_bf16_bits(float(x)) for x in flat])
    if dtype in _INTS:
        ints = []
        for x in flat:
            if int(x) != x:
                raise ValueError("integer tensor holds %r" % (x,))
            ints.append(int(x))
        return struct.pack("<%d%s" % (n, "q" if dtype == "I64" else "i"), *ints)
    raise ValueError("unknown dtype %r" % dtype)


def _header(tensors, metadata):
    """(header bytes incl. the 8-byte length, data start, {name: begin}) for [(name, dtype, shape)]."""
    header = {}
    if metadata:
        for k, v in metadata.items():
            if not isinstance(v, str):
                raise TypeError("metadata %s must be a string, got %r" % (k, v))
        header["__metadata__"] = dict(metadata)
    offsets = {}
    offset = 0
    for name, dtype, shape in tensors:
        size = _SIZES[dtype]
        for d in shape:
            size *= d
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + size]}
        offsets[name] = offset
        offset += size
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text, 8 + len(text), offsets, offset


class TraceWriter:
    """Writes a trace position by position (P is declared up front); atomic: the file appears on close().

    target / draft: "probs", "logits" or ("topk", K). dtype: F32 (default), F16, BF16 or F64 for the float
    tensors; id_dtype: I32 (default) or I64 for ids, context ids and positions.
    """

    def __init__(self, path, positions, vocab_size, target="probs", draft="probs", dtype="F32", id_dtype="I32",
                 context_ids=False, position_ids=False, metadata=None):
        if dtype not in _FLOATS:
            raise ValueError("dtype must be one of %s" % (_FLOATS,))
        if id_dtype not in _INTS:
            raise ValueError("id_dtype must be I32 or I64")
        if positions < 1 or vocab_size < 1:
            raise ValueError("positions and vocab_size must be positive")
        self.path = path
        self.positions = positions
        self.vocab_size = vocab_size
        self.dtype = dtype
        self.id_dtype = id_dtype
        self.sides = {}
        tensors = []
        for name, form in (("target", target), ("draft", draft)):
            if form == "probs":
                tensors.append((name, dtype, [positions, vocab_size]))
            elif form == "logits":
                tensors.append((name + "_logits", dtype, [positions, vocab_size]))
            elif isinstance(form, (tuple, list)) and len(form) == 2 and form[0] == "topk":
                k = int(form[1])
                if not 1 <= k <= vocab_size:
                    raise ValueError("top-K needs 1 <= K <= vocab_size")
                tensors.append((name + "_ids", id_dtype, [positions, k]))
                tensors.append((name + "_probs", dtype, [positions, k]))
            else:
                raise ValueError("%s must be 'probs', 'logits' or ('topk', K), got %r" % (name, form))
            self.sides[name] = form
        if context_ids:
            tensors.append(("context_id", id_dtype, [positions]))
        if position_ids:
            tensors.append(("position", id_dtype, [positions]))
        meta = {"format": FORMAT}
        meta.update(metadata or {})
        if any(isinstance(f, (tuple, list)) for f in self.sides.values()):
            meta["vocab_size"] = str(vocab_size)
        self.context_ids = context_ids
        self.position_ids = position_ids
        self._tensors = {name: (dt, shape) for name, dt, shape in tensors}
        header, self._data_start, self._offsets, _ = _header(tensors, meta)
        self._temporary = "%s.partial-%d-%d" % (path, os.getpid(), random.randrange(10**9))
        self._file = open(self._temporary, "wb")
        self._file.write(header)
        self._written = 0

    def _put(self, name, row, values, expected):
        dtype, _ = self._tensors[name]
        data = _encode(values, dtype)
        if len(data) != expected * _SIZES[dtype]:
            raise ValueError("tensor '%s' row %d: expected %d values, got %d" % (name, row, expected, len(data) // _SIZES[dtype]))
        self._file.seek(self._data_start + self._offsets[name] + row * len(data))
        self._file.write(data)

    def write(self, target, draft, context_id=None, position=None):
        """One position. Dense sides take V values; top-K sides take (ids, probs) with K values each."""
        if self._written >= self.positions:
            raise ValueError("the trace was declared with %d positions" % self.positions)
        r = self._written
        for name, values in (("target", target), ("draft", draft)):
            form = self.sides[name]
            if form == "probs":
                self._put(name, r, values, self.vocab_size)
            elif form == "logits":
                self._put(name + "_logits", r, values, self.vocab_size)
            else:
                ids, probs = values
                self._put(name + "_ids", r, ids, form[1])
                self._put(name + "_probs", r, probs, form[1])
        if self.context_ids:
            if context_id is None:
                raise ValueError("row %d: context_id is required" % r)
            self._put("context_id", r, [context_id], 1)
        if self.position_ids:
            if position is None:
                raise ValueError("row %d: position is required" % r)
            self._put("position", r, [position], 1)
        self._written += 1

    def close(self):
        if self._file is None:
            return
        if self._written != self.positions:
            self.abort()
            raise ValueError("declared %d positions but wrote %d" % (self.positions, self._written))
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        self._file = None
        os.replace(self._temporary, self.path)

    def abort(self):
        if self._file is not None:
            self._file.close()
            self._file = None
            try:
                os.remove(self._temporary)
            except OSError:
                pass

    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback):
        if kind is None:
            self.close()
        else:
            self.abort()
        return False


def _rows(values):
    """A list of rows from a 2-D list / numpy array / torch tensor."""
    if hasattr(values, "detach"):
        values = values.detach().to("cpu")
    if hasattr(values, "shape") and len(values.shape) == 2:
        return [values[i] for i in range(values.shape[0])]
    return list(values)


def write_trace(path, target=None, draft=None, target_logits=None, draft_logits=None, target_ids=None,
                target_probs=None, draft_ids=None, draft_probs=None, context_id=None, position=None,
                vocab_size=None, metadata=None, dtype="F32", id_dtype="I32"):
    """Writes a whole trace from 2-D arrays ([P, V] dense / logits, [P, K] top-K) and optional 1-D ids."""
    sides = {}
    for name, dense, logits, ids, probs in (("target", target, target_logits, target_ids, target_probs),
                                            ("draft", draft, draft_logits, draft_ids, draft_probs)):
        given = [x is not None for x in (dense, logits, ids)]
        if sum(given) != 1 or (ids is None) != (probs is None):
            raise ValueError("give exactly one of %s, %s_logits, or %s_ids with %s_probs" % (name, name, name, name))
        if dense is not None:
            sides[name] = ("probs", _rows(dense))
        elif logits is not None:
            sides[name] = ("logits", _rows(logits))
        else:
            id_rows, prob_rows = _rows(ids), _rows(probs)
            k = len(_as_flat(id_rows[0]))
            sides[name] = (("topk", k), list(zip(id_rows, prob_rows)))
    positions = len(sides["target"][1])
    if len(sides["draft"][1]) != positions:
        raise ValueError("target and draft have different numbers of positions")
    if vocab_size is None:
        dense_rows = [rows for form, rows in sides.values() if not isinstance(form, tuple)]
        if not dense_rows:
            raise ValueError("top-K traces need vocab_size")
        vocab_size = len(_as_flat(dense_rows[0][0]))
    contexts = None if context_id is None else list(_as_flat(context_id))
    places = None if position is None else list(_as_flat(position))
    with TraceWriter(path, positions, vocab_size, target=sides["target"][0], draft=sides["draft"][0], dtype=dtype,
                     id_dtype=id_dtype, context_ids=contexts is not None, position_ids=places is not None,
                     metadata=metadata) as w:
        for r in range(positions):
            w.write(sides["target"][1][r], sides["draft"][1][r],
                    context_id=None if contexts is None else contexts[r],
                    position=None if places is None else places[r])


def _decode(data, dtype):
    n = len(data) // _SIZES[dtype]
    if dtype == "F64":
        return list(struct.unpack("<%dd" % n, data))
    if dtype == "F32":
        return list(struct.unpack("<%df" % n, data))
    if dtype == "F16":
        return list(struct.unpack("<%de" % n, data))
    if dtype == "BF16":
        return [struct.unpack("<f", struct.pack("<I", b << 16))[0] for b in struct.unpack("<%dH" % n, data)]
    if dtype == "I64":
        return list(struct.unpack("<%dq" % n, data))
    if dtype == "I32":
        return list(struct.unpack("<%di" % n, data))
    raise ValueError("unknown dtype %r" % dtype)


def read_trace(path):
    """{'metadata': {...}, 'tensors': {name: {'dtype', 'shape', 'values' (flat list)}}} of a safetensors file."""
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n).decode("utf-8"))
        start = 8 + n
        out = {"metadata": header.pop("__metadata__", {}), "tensors": {}}
        for name, info in header.items():
            begin, end = info["data_offsets"]
            f.seek(start + begin)
            out["tensors"][name] = {"dtype": info["dtype"], "shape": info["shape"], "values": _decode(f.read(end - begin), info["dtype"])}
        return out


if __name__ == "__main__":
    # python3 spechub_trace.py FILE: print the header and the first row of each tensor.
    if len(sys.argv) != 2:
        sys.exit("usage: python3 spechub_trace.py trace.safetensors")
    t = read_trace(sys.argv[1])
    print(json.dumps(t["metadata"], indent=1))
    for name, info in t["tensors"].items():
        width = info["shape"][1] if len(info["shape"]) == 2 else 1
        print(name, info["dtype"], info["shape"], info["values"][:min(width, 8)])
