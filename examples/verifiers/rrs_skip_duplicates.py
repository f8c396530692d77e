#!/usr/bin/env python3
"""RRS that skips duplicate drafts WITHOUT the residual update (§8 item 1): NOT exact.

This is the EAGLE-repository pitfall (`if xi in candidates_set: continue`): with i.i.d. drafts a repeated token
is skipped, so the residual is not updated for it and the output law is biased (§7.2: TV = 3/112 on E4 at
k = 2). `spechub conform` rejects it in Monte Carlo mode and in exact mode:

    spechub conform --exec "python3 examples/verifiers/rrs_skip_duplicates.py" --draws iid --method rrs
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "clients", "python"))
from spechub_verifier import serve_program  # noqa: E402
from rrs import residual_chain  # noqa: E402


def rrs_skipping_duplicates(p, q, drafts, chooser):
    chain = residual_chain(p, q, len(drafts))
    step = 0
    seen = set()
    for i, x in enumerate(drafts):
        if x in seen:
            continue  # the bug: a duplicate is skipped without applying the residual update
        seen.add(x)
        if step >= len(chain):
            return chooser.categorical(p), None
        P = chain[step]
        if q[x] == 0:
            if P[x] > 0:
                return x, i
        elif chooser.bernoulli(P[x] / q[x]):
            return x, i
        step += 1
    final = chain[step] if step < len(chain) else p
    return chooser.categorical(final), None


if __name__ == "__main__":
    serve_program(rrs_skipping_duplicates, name="RRS skipping duplicate drafts (§8.1, biased)")
