#!/usr/bin/env python3
"""SpecHub verification (k = 2, §2.6) WITH the EAGLE shortcut of §8 item 2: NOT exact.

`if gtp[a] > 1 - 1e-3: accept a`: when the target puts more than 0.999 on the hub a, the hub is accepted
outright. The output law is off by at most 1e-3 in total variation, which Monte Carlo mode cannot see at
practical sample sizes (its stated power says so) but exact mode certifies:

    spechub conform --exec "python3 examples/verifiers/spechub_shortcut.py" --draws hub --k 2 --method spechub
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "clients", "python"))
from spechub_verifier import per_pair, serve_program  # noqa: E402

SHORTCUT = 1 - 1e-3


def normalised(v):
    total = sum(v)
    return tuple(x / total for x in v) if total > 0 else None


@per_pair
def hub_tables(p, q, k):
    n = len(p)
    a = 0
    for j in range(1, n):
        if q[j] > q[a]:  # lowest index on ties
            a = j
    qa = q[a]
    if qa >= 1:
        return {"a": a, "single": True, "sd_residual": normalised([max(x - y, 0) for x, y in zip(p, q)]) or p}
    scale = qa / (1 - qa)
    Qai = [0 if j == a else scale * q[j] for j in range(n)]
    P1 = [0 if j == a else max(p[j] - q[j], 0) for j in range(n)]
    Sia = sum(max(q[j] - p[j], 0) for j in range(n) if j != a)
    Sai = sum(max(Qai[j] - P1[j], 0) for j in range(n) if j != a)
    P2 = [max(P1[j] - Qai[j], 0) for j in range(n)]
    P2[a] = max(max(p[a] - Sai, 0) - Sia, 0)
    return {"a": a, "single": False, "Qai": Qai, "P1": P1, "Sai": Sai, "Sia": Sia, "residual": normalised(P2) or p}


def ratio_test(chooser, num, den):
    if den == 0:
        return num > 0
    return chooser.bernoulli(num / den)


def spechub_with_shortcut(p, q, drafts, chooser):
    t = hub_tables(p, q, len(drafts))
    a = t["a"]
    if p[a] > SHORTCUT and a in drafts:
        return a, drafts.index(a)  # the EAGLE shortcut (§8 item 2): not exact
    if t["single"] or len(drafts) == 1:  # one draft: single-draft speculative sampling (§2.1)
        x = drafts[0]
        if ratio_test(chooser, p[x], q[x]):
            return x, 0
        return chooser.categorical(t["sd_residual"] if t["single"] else normalised([max(a_ - b, 0) for a_, b in zip(p, q)]) or p), None
    t0, t1 = drafts
    if t1 == a and ratio_test(chooser, p[t0], q[t0]):
        return t0, 0
    if t0 == a and ratio_test(chooser, t["P1"][t1], t["Qai"][t1]):
        return t1, 1
    if t0 == a and ratio_test(chooser, p[a], t["Sai"]):
        return a, 0
    if t1 == a and ratio_test(chooser, max(p[a] - t["Sai"], 0), t["Sia"]):
        return a, 1
    return chooser.categorical(t["residual"]), None


if __name__ == "__main__":
    serve_program(spechub_with_shortcut, name="SpecHub with the EAGLE 0.999 shortcut (§8.2)")
