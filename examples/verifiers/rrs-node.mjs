#!/usr/bin/env node
// Recursive rejection sampling (RRS, spec §2.2) as a dependency-free Node program speaking spechub-verifier/1
// (docs/protocol.md) in black-box mode; exact requests are declined ({"id", "error"}). Used by the conformance
// benchmark as the "fast program" reference:
//   spechub conform --exec "node examples/verifiers/rrs-node.mjs" --draws iid --method rrs --mode monte-carlo
import { createInterface } from 'node:readline';

// Seeded xorshift128+ (the program's own randomness); SEED env var, default 1.
let s0 = 0x9e3779b9 ^ Number(process.env.SEED ?? 1);
let s1 = 0x85ebca6b;
function uniform() {
  let x = s0;
  const y = s1;
  s0 = y;
  x ^= x << 23;
  x ^= x >>> 17;
  x ^= y ^ (y >>> 26);
  s1 = x;
  return ((s0 + s1) >>> 0) / 4294967296;
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
