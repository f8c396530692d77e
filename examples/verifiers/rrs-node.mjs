#!/usr/bin/env node
// Recursive rejection sampling (RRS, §2.2) as a dependency-free Node program speaking spechub-verifier/1
// (docs/protocol.md) in black-box mode; exact requests are declined ({"id", "error"}). Used by the conformance
// benchmark as the "fast program" reference:
//   spechub conform --exec "node examples/verifiers/rrs-node.mjs" --draws iid --method rrs --mode monte-carlo
import { createInterface } from 'node:readline';

// Seeded xoshiro128** (the program's own randomness; SEED env var, default 1), 53-bit uniforms.
// (A first version of this example used a 32-bit port of xorshift128+, a poor generator: the standard suite
// rejected it on the n = 1,000 Zipf case, G = 13,205 on 983 degrees of freedom.)
function splitmix32(a) {
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  };
}
const seed = splitmix32(Number(process.env.SEED ?? 1));
const state = Uint32Array.of(seed(), seed(), seed(), seed());
function next32() {
  const [a, b, c, d] = state;
  const result = Math.imul(((Math.imul(b, 5) << 7) | (Math.imul(b, 5) >>> 25)), 9) >>> 0;
  const t = b << 9;
  state[2] = c ^ a;
  state[3] = d ^ b;
  state[1] = b ^ state[2];
  state[0] = a ^ state[3];
  state[2] ^= t;
  state[3] = (state[3] << 11) | (state[3] >>> 21);
  return result;
}
function uniform() {
  return ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;
}

/** Residual chain P_1 = p, P_{i+1} = norm((P_i − q)^+), with cumulative sums for drawing. */
function prepare(p, q, k) {
  const chain = [p];
  for (let i = 0; i < k; i++) {
    const prev = chain[chain.length - 1];
    const next = prev.map((x, j) => Math.max(x - q[j], 0));
    const total = next.reduce((a, b) => a + b, 0);
    if (!(total > 0)) break;
    chain.push(next.map((x) => x / total));
  }
  const cumulative = chain.map((law) => {
    const c = new Float64Array(law.length);
    let acc = 0;
    for (let j = 0; j < law.length; j++) c[j] = acc += law[j];
    return c;
  });
  return { chain, cumulative };
}

function draw(cumulative) {
  const u = uniform() * cumulative[cumulative.length - 1];
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

let cache = { p: null, q: null, k: 0, prepared: null };
const same = (a, b) => a !== null && a.length === b.length && a.every((x, i) => x === b[i]);

function verify(prepared, drafts, q) {
  const { chain, cumulative } = prepared;
  for (let i = 0; i < drafts.length; i++) {
    if (i >= chain.length) return [draw(cumulative[0]), null];
    const x = drafts[i];
    if (uniform() < chain[i][x] / q[x]) return [x, i];
  }
  const final = drafts.length < chain.length ? drafts.length : 0; // a vanished residual: probability-zero path
  return [draw(cumulative[final]), null];
}

const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === '') return;
  const m = JSON.parse(line);
  if (m.op === 'hello') return out({ op: 'hello', name: 'RRS in Node (examples/verifiers/rrs-node.mjs)' });
  if (m.op === 'bye') process.exit(0);
  if (m.op !== 'verify') return out({ id: m.id ?? null, error: `${m.op} is not implemented by this example` });
  if (!same(cache.p, m.p) || !same(cache.q, m.q) || cache.k !== m.k) cache = { p: m.p, q: m.q, k: m.k, prepared: prepare(m.p, m.q, m.k) };
  const tokens = new Array(m.drafts.length);
  const accepted = new Array(m.drafts.length);
  for (let t = 0; t < m.drafts.length; t++) [tokens[t], accepted[t]] = verify(cache.prepared, m.drafts[t], m.q);
  out({ id: m.id, tokens, accepted });
});
