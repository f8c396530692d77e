/**
 * The randomness contract: every sampler in spechub takes an explicit generator of uniforms in [0, 1) and
 * uses nothing else (no `Math.random`). Create a seeded one with `createRng` (src/random/createRng.ts).
 */
export type Rng = () => number;
