"""Speak spechub-verifier/1 from Python (standard library only; Python >= 3.8).

spechub (``spechub conform --exec "python3 my_verifier.py" ...``) starts your program, writes JSON Lines
requests to its stdin and reads JSON Lines replies from its stdout (docs/protocol.md). This module does the
talking; you write the verifier.

Two ways to plug a verifier in:

1. One probabilistic program for both modes (recommended)::

       from spechub_verifier import serve_program

       def verify(p, q, drafts, chooser):
           ...                                  # chooser.bernoulli(x) -> bool, chooser.categorical(w) -> index
           return token, accepted_index_or_None

       serve_program(verify, name="my RRS")

   In black-box mode ``p``, ``q`` are tuples of floats and ``chooser`` draws with ``random.Random``; in exact
   mode they are tuples of ``fractions.Fraction`` and every choice is asked of spechub, which replays your
   program along every branch and obtains its exact output law. Write the arithmetic once (``+ - * /``,
   ``max``, comparisons work for both).

2. Separate functions: ``serve(verify=f, verify_exact=g, draft=h)`` with ``f(p, q, drafts, rng)`` (floats,
   ``rng`` a ``random.Random``), ``g(p, q, drafts, chooser)`` (Fractions, exact chooser) and optionally
   ``h(p, q, k, rng) -> drafts`` for ``draft_and_verify`` (own drafts).

Both return ``(token, accepted)`` per draft tuple: the output token (0-based) and the index in ``drafts`` of the
accepted draft, or ``None``.

Per-(p, q) work: within a request, and across requests with the same vectors, ``p`` and ``q`` are the *same
tuple objects*, so ``@per_pair`` caches anything computed from (p, q, k) (residual chains, the hub, ...).

stdout belongs to the protocol: print logs to stderr. An exception in your code is answered
``{"id": N, "error": "..."}`` (spechub reports the case as declined) and the program goes on.
"""

import bisect
import itertools
import json
import random
import sys
from fractions import Fraction

PROTOCOL = "spechub-verifier/1"

__all__ = ["PROTOCOL", "serve", "serve_program", "per_pair", "RandomChooser", "ExactChooser"]


def per_pair(function):
    """Caches ``function(p, q, k)`` on the identity of p and q (the helper reuses the same objects)."""
    cache = []

    def cached(p, q, k):
        for entry in cache:
            if entry[0] is p and entry[1] is q and entry[2] == k:
                return entry[3]
        value = function(p, q, k)
        cache.insert(0, (p, q, k, value))
        del cache[4:]
        return value

    cached.__name__ = getattr(function, "__name__", "cached")
    cached.__doc__ = getattr(function, "__doc__", None)
    return cached


class RandomChooser:
    """Black-box chooser: draws with a ``random.Random``."""

    def __init__(self, rng):
        self.rng = rng
        self._cumulative = []

    def bernoulli(self, probability):
        """True with probability clamp(probability, 0, 1): the accept test ``u < probability``."""
        return self.rng.random() < probability

    def categorical(self, weights):
        """An index i with probability weights[i] / sum(weights) (weights >= 0, not necessarily normalised)."""
        cumulative = None
        for entry in self._cumulative:
            if entry[0] is weights:
                cumulative = entry[1]
                break
        if cumulative is None:
            cumulative = list(itertools.accumulate(weights))
            self._cumulative.insert(0, (weights, cumulative))
            del self._cumulative[8:]
        total = cumulative[-1]
        if not total > 0:
            raise ValueError("categorical choice with zero total weight")
        index = bisect.bisect_right(cumulative, self.rng.random() * total)
        if index >= len(cumulative):  # rounding at the top end: the last positive weight
            index = len(cumulative) - 1
            while index > 0 and cumulative[index - 1] == cumulative[-1]:
                index -= 1
        return index


class ExactChooser:
    """Exact chooser: every choice is a request to spechub (probabilities and weights as Fractions)."""

    def __init__(self, connection, request_id):
        self._connection = connection
        self._id = request_id

    def bernoulli(self, probability):
        """True or False as spechub answers; spechub enumerates both branches (probability p and 1 - p)."""
        value = self._connection.ask({"id": self._id, "choice": "bernoulli", "probability": _exact_text(probability)})
        if not isinstance(value, bool):
            raise ValueError("bernoulli answer %r is not a boolean" % (value,))
        return value

    def categorical(self, weights):
        """An index with positive weight as spechub answers; spechub enumerates every positive weight."""
        texts = [_exact_text(w) for w in weights]
        value = self._connection.ask({"id": self._id, "choice": "categorical", "weights": texts})
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < len(texts):
            raise ValueError("categorical answer %r is not an index" % (value,))
        return value


def _exact_text(x):
    if isinstance(x, bool):
        raise TypeError("a probability must be a number, got a boolean")
    if isinstance(x, int):
        return str(x)
    if isinstance(x, Fraction):
        return str(x)  # "1/3", "0", "1"
    if isinstance(x, float):
        raise TypeError("exact mode needs fractions.Fraction probabilities, got the float %r" % (x,))
    return str(Fraction(x))


class _Connection:
    def __init__(self, stdin, stdout):
        self._in = stdin
        self._out = stdout

    def read(self):
        line = self._in.readline()
        if not line:
            return None
        return line

    def write(self, message):
        self._out.write(json.dumps(message, separators=(",", ":")) + "\n")
        self._out.flush()

    def ask(self, message):
        self.write(message)
        line = self.read()
        if line is None:
            raise EOFError("spechub closed the pipe during an exact run")
        answer = json.loads(line)
        if answer.get("id") != message["id"] or "value" not in answer:
            raise ValueError("expected {\"id\": %r, \"value\": ...}, got %s" % (message["id"], line[:200]))
        return answer["value"]


class _VectorCache:
    """Returns the same tuple objects for repeated vectors (so that per_pair caches hit)."""

    def __init__(self, convert):
        self._convert = convert
        self._raw = None
        self._value = None

    def get(self, raw):
        if self._raw is None or self._raw != raw:
            self._raw = raw
            self._value = tuple(self._convert(x) for x in raw)
        return self._value


def serve(verify=None, verify_exact=None, draft=None, name="python verifier", seed=None, stdin=None, stdout=None):
    """Answers spechub's requests until ``bye`` or end of input.

    verify(p, q, drafts, rng) -> (token, accepted): black box, floats, ``rng`` a random.Random.
    verify_exact(p, q, drafts, chooser) -> (token, accepted): exact, Fractions, ``chooser`` an ExactChooser.
    draft(p, q, k, rng) -> drafts: own drafts for ``draft_and_verify`` (then verified with ``verify``).
    seed: seed of ``rng`` (default: None, i.e. fresh randomness).
    """
    connection = _Connection(stdin or sys.stdin, stdout or sys.stdout)
    rng = random.Random(seed)
    floats_p, floats_q = _VectorCache(float), _VectorCache(float)
    exact_p, exact_q = _VectorCache(Fraction), _VectorCache(Fraction)

    def check(result, drafts, n):
        token, accepted = result
        if isinstance(token, bool) or not isinstance(token, int) or not 0 <= token < n:
            raise ValueError("the verifier returned token %r, not one of 0..%d" % (token, n - 1))
        return token, accepted

    while True:
        line = connection.read()
        if line is None:
            return
        if not line.strip():
            continue
        try:
            request = json.loads(line)
        except ValueError:
            connection.write({"id": None, "error": "not JSON: %s" % line[:200]})
            continue
        op = request.get("op")
        request_id = request.get("id")
        if op == "bye":
            return
        try:
            if op == "hello":
                if request.get("protocol") != PROTOCOL:
                    connection.write({"op": "hello", "error": "unsupported protocol %r (this program speaks %s)" % (request.get("protocol"), PROTOCOL)})
                else:
                    connection.write({"op": "hello", "name": name})
            elif op == "verify":
                if verify is None:
                    raise NotImplementedError("black-box mode is not implemented by this program")
                p, q = floats_p.get(request["p"]), floats_q.get(request["q"])
                n = len(p)
                tokens, accepted = [], []
                for drafts in request["drafts"]:
                    token, index = check(verify(p, q, drafts, rng), drafts, n)
                    tokens.append(token)
                    accepted.append(index)
                connection.write({"id": request_id, "tokens": tokens, "accepted": accepted})
            elif op == "draft_and_verify":
                if verify is None or draft is None:
                    raise NotImplementedError("own drafts (draft_and_verify) are not implemented by this program")
                p, q = floats_p.get(request["p"]), floats_q.get(request["q"])
                n, k = len(p), request["k"]
                all_drafts, tokens, accepted = [], [], []
                for _ in range(request["count"]):
                    drafts = list(draft(p, q, k, rng))
                    token, index = check(verify(p, q, drafts, rng), drafts, n)
                    all_drafts.append(drafts)
                    tokens.append(token)
                    accepted.append(index)
                connection.write({"id": request_id, "drafts": all_drafts, "tokens": tokens, "accepted": accepted})
            elif op == "verify_exact":
                if verify_exact is None:
                    raise NotImplementedError("exact mode is not implemented by this program")
                p, q = exact_p.get(request["p"]), exact_q.get(request["q"])
                drafts = request["drafts"]
                token, index = check(verify_exact(p, q, drafts, ExactChooser(connection, request_id)), drafts, len(p))
                connection.write({"id": request_id, "token": token, "accepted": index})
            else:
                raise ValueError("unknown op %r" % (op,))
        except EOFError:
            return
        except Exception as error:  # answered as a declined request; the session goes on
            connection.write({"id": request_id, "error": "%s: %s" % (type(error).__name__, error)})


def serve_program(program, name="python verifier", draft=None, seed=None):
    """Serves one chooser program ``program(p, q, drafts, chooser) -> (token, accepted)`` in both modes."""
    choosers = {}

    def verify(p, q, drafts, rng):
        chooser = choosers.get(id(rng))
        if chooser is None:
            chooser = choosers[id(rng)] = RandomChooser(rng)
        return program(p, q, drafts, chooser)

    serve(verify=verify, verify_exact=program, draft=draft, name=name, seed=seed)
