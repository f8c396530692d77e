"""One SpecHub verification step (docs/theory.md §2.6) written as the SpecHub authors' PyTorch op sequence
(softmax of the logits, hub by argmax, Q_ai through a softmax of the masked draft logits, residual clamps,
sums, multinomial), timed on one CPU thread. Reads {"target": [...], "draft": [...], "repeats": R, "seed": s}
as JSON on stdin, prints {"seconds": median seconds per step, "torch": version, "threads": 1}.

Used by bench/verifiers.bench.ts (the optional peer comparison of issue 15); needs torch, which spechub does
not: the benchmark skips the comparison, saying why, when torch does not import.
"""
import json
import statistics
import sys
import time

import torch


def spechub_step(target_logits, draft_logits, t0, t1, r0, r1):
    p = torch.softmax(target_logits, dim=-1)
    q = torch.softmax(draft_logits, dim=-1)
    a = int(torch.argmax(q))
    masked = draft_logits.clone()
    masked[a] = float("-inf")
    q_ai = q[a] * torch.softmax(masked, dim=-1)
    if t1 == a and p[t0] > r0 * q[t0]:
        return t0, 0
    p1 = torch.clamp(p - q, min=0)
    p1[a] = 0
    c_ia = torch.clamp(q - p, min=0)
    c_ia[a] = 0
    if t0 == a and p1[t1] > r1 * q_ai[t1]:
        return t1, 1
    p2 = torch.clamp(p1 - q_ai, min=0)
    c_ai = torch.clamp(q_ai - p1, min=0)
    s_ai = c_ai.sum()
    s_ia = c_ia.sum()
    if t0 == a and p[a] > r0 * s_ai:
        return a, 0
    p1_a = torch.clamp(p[a] - s_ai, min=0)
    if t1 == a and p1_a > r1 * s_ia:
        return a, 1
    p2[a] = torch.clamp(p1_a - s_ia, min=0)
    y = int(torch.multinomial(p2 / p2.sum(), 1))
    return y, None


def main():
    spec = json.load(sys.stdin)
    torch.set_num_threads(1)
    torch.manual_seed(spec.get("seed", 1))
    target = torch.tensor(spec["target"], dtype=torch.float32)
    draft = torch.tensor(spec["draft"], dtype=torch.float32)
    repeats = int(spec.get("repeats", 200))
    q = torch.softmax(draft, dim=-1)
    a = int(torch.argmax(q))
    rest = q.clone()
    rest[a] = 0
    # Hub pairs drawn beforehand (not timed): first ~ q; the hub first → second ~ q without the hub.
    pairs = []
    for _ in range(64):
        first = int(torch.multinomial(q, 1))
        pairs.append((a, int(torch.multinomial(rest, 1))) if first == a else (first, a))
    uniforms = torch.rand(repeats * 2).tolist()
    for i in range(10):  # warm-up
        t0, t1 = pairs[i % 64]
        spechub_step(target, draft, t0, t1, uniforms[0], uniforms[1])
    samples = []
    for batch in range(5):
        start = time.perf_counter()
        count = max(1, repeats // 5)
        for i in range(count):
            t0, t1 = pairs[(batch * count + i) % 64]
            spechub_step(target, draft, t0, t1, uniforms[2 * i], uniforms[2 * i + 1])
        samples.append((time.perf_counter() - start) / count)
    print(json.dumps({"seconds": statistics.median(samples), "torch": torch.__version__, "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
