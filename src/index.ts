/**
 * `spechub`: the exact core of multi-draft speculative decoding (theory §0–§3). Exact arithmetic
 * ({@link Rational}, {@link Field}), draft schemes (§1), verifiers (§2), the method registry, exact analysis
 * (output laws, acceptance, profiles; §3) and Monte Carlo checks. Importing it loads neither tfjs, GLPK nor
 * vega, and it bundles for the browser; the other areas have their own entry points: `spechub/optimum`,
 * `spechub/tree`, `spechub/synthetic`, `spechub/lm`, `spechub/plots`.
 *
 * Randomness: every function that draws takes a `seed` (string or number) in its options, or an explicit
 * {@link Rng} where it performs one step for a caller that owns the generator (`sampleDrafts`, `verifyDrafts`);
 * child seeds come from {@link deriveSeed}.
 *
 * @example
 * ```ts
 * import { rationalField, parseVector, acceptanceRate } from 'spechub';
 * acceptanceRate('spechub', [1 / 6, 1 / 3, 1 / 2], [1 / 2, 1 / 3, 1 / 6], 2).toFixed(6); // '0.833333'
 * ```
 */
// Exact and float arithmetic, distributions.
export { Rational } from './core/rational.ts';
export { type Field, type Vec, floatField, rationalField, sum } from './core/field.ts';
export {
  NORMALISATION_TOLERANCE, argmax, normalise, parseDistribution, parseVector, toFloat64, validateDistribution,
  validateExactDistribution,
} from './core/distribution.ts';
export { klDivergence, overlap, totalVariation } from './core/divergence.ts';
export { exactlyRenormalised, renormalise } from './core/renormalise.ts';
export { softmax, topKFilter, topPFilter } from './core/softmax.ts';
export { Categorical, type CategoricalOptions } from './core/categorical.ts';
export { InvalidDistributionError, ParseError, SolverError, SpechubError, type SpechubErrorCode } from './core/errors.ts';

// Probabilistic programs and randomness.
export { type Chooser, type Outcome, SamplingChooser, enumerateOutcomes } from './core/chooser.ts';
export type { Rng } from './core/rng.ts';
export { createRng, deriveSeed } from './random/createRng.ts';

// Draft schemes (§1) and verifiers (§2).
export type { DraftScheme, DraftSchemeId, PreparedDraws } from './draws/draftScheme.ts';
export { iidDraws } from './draws/iidDraws.ts';
export { withoutReplacementDraws } from './draws/withoutReplacementDraws.ts';
export { hubPairDraws } from './draws/hubPairDraws.ts';
export { greedyDraws } from './draws/greedyDraws.ts';
export { greedyQDraws } from './draws/greedyQDraws.ts';
export { exponentialRaceDraws, gumbelTopKDraws, hubPairDrawsByRace } from './draws/exponentialRaceDraws.ts';
export type { AcceptanceValue, PreparedVerifier, Verdict, Verifier, VerifierId, VerifierOptions } from './verifiers/verifier.ts';
export { sd } from './verifiers/sd.ts';
export { rrs } from './verifiers/rrs.ts';
export { rrsw } from './verifiers/rrsw.ts';
export { kseq, kseqRho } from './verifiers/kseq.ts';
export { spechub } from './verifiers/spechub.ts';
export { greedy } from './verifiers/greedy.ts';
export { greedyQ } from './verifiers/greedyQ.ts';
export { otm, otmWor } from './verifiers/otm.ts';
export { khisti } from './verifiers/khisti.ts';

// The registry: a method is a verifier with the draft scheme it is exact for.
export { CORE_METHOD_IDS, type Method, draftSchemes, getDraftScheme, getMethod, methodIds, registerMethod } from './methods.ts';

// Exact analysis (§3) and single steps.
export { type ExactAnalysis, exactOutputLaw } from './analysis/outputLaw.ts';
export { draftJointLaw, draftSetLaw } from './analysis/jointLaw.ts';
export { acceptanceRate, exactAcceptance } from './analysis/acceptanceRate.ts';
export { acceptedProfile } from './analysis/acceptedProfile.ts';
export { verifyDrafts } from './sampling/verifyDrafts.ts';
export { sampleDrafts } from './sampling/sampleDrafts.ts';

// Monte Carlo and statistics.
export { type MonteCarloResult, monteCarlo } from './montecarlo/monteCarlo.ts';
export { type CheckResult, checkSampler } from './montecarlo/checkSampler.ts';
export { type GoodnessOfFitResult, goodnessOfFit } from './montecarlo/goodnessOfFit.ts';
export { proportionTest, wilsonInterval } from './montecarlo/proportionInterval.ts';
export { type GoodnessOfFitPowerResult, goodnessOfFitPower } from './montecarlo/goodnessOfFitPower.ts';

// Conformance harness (in process; the Node-only process client is src/conform/conformProgram.ts).
export { type ConformVerifierOptions, conformVerifier } from './conform/conformVerifier.ts';
export {
  type ConformanceCaseReport, type ConformanceMode, type ConformanceOptions, type ConformanceReport, runConformance,
} from './conform/runConformance.ts';
export { type ConformanceCase, type ConformanceSuite, SUITE_NAMES, conformanceSuite } from './conform/conformanceSuite.ts';
export { inProcessEndpoint } from './conform/inProcessEndpoint.ts';
export { DeclinedError, PROTOCOL_VERSION, ProtocolError, type VerifierEndpoint } from './conform/verifierEndpoint.ts';
export { type SyncLineIo, serveVerifierProtocol } from './conform/serveVerifierProtocol.ts';
