#!/usr/bin/env python3
"""Recursive rejection sampling (RRS, §2.2) in Python, served over spechub-verifier/1.

A correct verifier: it passes `spechub conform` in both modes.

    spechub conform --exec "python3 examples/verifiers/rrs.py" --draws iid --method rrs
    spechub conform --exec "python3 examples/verifiers/rrs.py" --draws external --method rrs --mode monte-carlo

Drafts x_1..x_k i.i.d. from q; P_1 = p, P_{i+1} = norm((P_i - q)^+) (applied for every draft, duplicates
included); accept x_i when u_i < P_i(x_i) / q(x_i); otherwise output y ~ P_{k+1}.
One program for both modes: floats with a random chooser (black box), Fractions with spechub's chooser (exact).
"""
import itertools
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "clients", "python"))
from spechub_verifier import per_pair, serve_program  # noqa: E402


def residual(P, q):
    """norm((P - q)^+), or None when its mass is zero."""
    r = [max(a - b, 0) for a, b in zip(P, q)]
    total = sum(r)
    if not total > 0:
        return None
    return tuple(x / total for x in r)


@per_pair
def residual_chain(p, q, k):
    chain = [p]
    while len(chain) <= k:
        nxt = residual(chain[-1], q)
        if nxt is None:
            break
        chain.append(nxt)
    return chain


def rrs(p, q, drafts, chooser):
    chain = residual_chain(p, q, len(drafts))
    for i, x in enumerate(drafts):
        if i >= len(chain):  # the residual vanished: a probability-zero path
            return chooser.categorical(p), None
        P = chain[i]
        if q[x] == 0:
            if P[x] > 0:
                return x, i
        elif chooser.bernoulli(P[x] / q[x]):
            return x, i
    final = chain[len(drafts)] if len(drafts) < len(chain) else p
    return chooser.categorical(final), None


@per_pair
def cumulative(p, q, k):
    return list(itertools.accumulate(q))


def iid_drafts(p, q, k, rng):
    """Own drafts for draft_and_verify: k i.i.d. tokens from q."""
    return rng.choices(range(len(q)), cum_weights=cumulative(p, q, k), k=k)


if __name__ == "__main__":
    serve_program(rrs, name="RRS in Python (examples/verifiers/rrs.py)", draft=iid_drafts)
