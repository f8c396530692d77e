/**
 * spechub's public API. See README.md for examples and docs/ARCHITECTURE.md for the design.
 */
export { Rational } from './core/rational.ts';
export { type Field, type Vec, floatField, rationalField, sum } from './core/field.ts';
export {
  NORMALISATION_TOLERANCE, argmax, assertSameLength, normalise, parseDistribution, parseVector, supportSize,
  toFloat64, validateDistribution, validateExactDistribution,
} from './core/distribution.ts';
export { klDivergence, overlap, totalVariation } from './core/divergence.ts';
export { softmax, topKFilter, topPFilter } from './core/softmax.ts';
export { Categorical } from './core/categorical.ts';
export { type Chooser, type Outcome, SamplingChooser, enumerateOutcomes } from './core/chooser.ts';
export type { Rng } from './core/rng.ts';
export { InvalidDistributionError, ParseError, SolverError, SpechubError, type SpechubErrorCode } from './core/errors.ts';
export { createRng, deriveSeed } from './random/createRng.ts';

export type { DraftScheme, DraftSchemeId, PreparedDraws } from './draws/draftScheme.ts';
export { iidDraws } from './draws/iidDraws.ts';
export { withoutReplacementDraws } from './draws/withoutReplacementDraws.ts';
export { hubPairDraws } from './draws/hubPairDraws.ts';
export { greedyDraws } from './draws/greedyDraws.ts';
export { greedyQDraws } from './draws/greedyQDraws.ts';
export { exponentialRaceDraws, gumbelTopKDraws, hubPairDrawsByRace } from './draws/exponentialRaceDraws.ts';

export type { AcceptanceValue, PreparedVerifier, Verdict, Verifier, VerifierId, VerifierOptions } from './verifiers/verifier.ts';
export { sd } from './verifiers/sd.ts';
export { rrs, rrsResiduals } from './verifiers/rrs.ts';
export { rrsw, rrswAcceptanceTwoDrafts } from './verifiers/rrsw.ts';
export { kseq, kseqBeta, kseqGap, kseqRho } from './verifiers/kseq.ts';
export { spechub } from './verifiers/spechub.ts';
export { greedy } from './verifiers/greedy.ts';
export { greedyQ } from './verifiers/greedyQ.ts';
export { CORE_METHOD_IDS, type Method, draftSchemes, getDraftScheme, getMethod, methodIds, registerMethod } from './methods.ts';

export { validateInputs } from './analysis/validateInputs.ts';
export { type ExactAnalysis, exactOutputLaw, exactOutputLawUnchecked } from './analysis/outputLaw.ts';
export { draftJointLaw, draftSetLaw } from './analysis/jointLaw.ts';
export { acceptanceRate, exactAcceptance } from './analysis/acceptanceRate.ts';
export { verifyDrafts } from './sampling/verifyDrafts.ts';
export { sampleDrafts } from './sampling/sampleDrafts.ts';

export { type MonteCarloResult, monteCarlo, monteCarloUnchecked } from './montecarlo/monteCarlo.ts';
export { type CheckResult, checkSampler, checkSamplerUnchecked } from './montecarlo/checkSampler.ts';
export { type GoodnessOfFitResult, goodnessOfFit } from './montecarlo/goodnessOfFit.ts';
export { proportionTest, wilsonInterval } from './montecarlo/proportionInterval.ts';

export { iidMembershipBound, membershipBound } from './optimum/membershipBound.ts';
export { subsetDualExhaustive } from './optimum/subsetDualExhaustive.ts';
export { type BackendName, selectBackend } from './backend/selectBackend.ts';

export { type OptimalAcceptanceReport, type OptimumRoute, OPTIMUM_ROUTES, optimalAcceptance } from './optimum/optimalAcceptance.ts';
export { type SubsetDualResult, subsetDual } from './optimum/subsetDual.ts';
export { ratioOrder, subsetDualPrefix } from './optimum/subsetDualPrefix.ts';
export { type MembershipFlow, membershipMaxFlow } from './optimum/membershipMaxFlow.ts';
export { optimalMembershipFlow } from './optimum/optimalMembershipFlow.ts';
export { solveOtmLinearProgram } from './optimum/otmLinearProgram.ts';
export { solveMembershipLinearProgram } from './optimum/membershipLinearProgram.ts';
export { solveSpecHubLinearProgram } from './optimum/specHubLinearProgram.ts';
export { gapReport } from './optimum/gapReport.ts';
export { otm, otmWor } from './verifiers/otm.ts';
export { khisti } from './verifiers/khisti.ts';

export { acceptedProfile } from './analysis/acceptedProfile.ts';
export type { Language, MarkovChain } from './tree/language.ts';
export { lazyMarkovChain, markovChainFromRows } from './tree/markovChain.ts';
export { type TokenTree, chainTree, fullTree, treeFromParents, treeFromPaths } from './tree/tokenTree.ts';
export { parseTreeSpec } from './tree/parseTreeSpec.ts';
export { createTreeWalk } from './tree/treeWalk.ts';
export { exactEmittedLaw, exactStepLaw, languageSequenceLaw } from './tree/exactWalkLaw.ts';
export { expectedTokensPerStep } from './tree/expectedTokensPerStep.ts';
export { simulateTreeWalk } from './tree/simulateTreeWalk.ts';
export { stationaryDistribution } from './tree/stationaryDistribution.ts';
export { type PairConfig, syntheticPair } from './synthetic/syntheticPair.ts';
export { syntheticMarkovChain } from './synthetic/syntheticMarkovChain.ts';
export { contextualLanguage } from './synthetic/contextualLanguage.ts';
export { generatePairBatch } from './synthetic/generatePairBatch.ts';
export { calibrateLogitNoise } from './synthetic/calibrateLogitNoise.ts';

// Conformance harness (in process; the Node-only process client is src/conform/conformProgram.ts).
export { type ConformVerifierOptions, conformVerifier } from './conform/conformVerifier.ts';
export {
  type ConformanceCaseReport, type ConformanceMode, type ConformanceOptions, type ConformanceReport, runConformance,
} from './conform/runConformance.ts';
export { type ConformanceCase, type ConformanceSuite, SUITE_NAMES, conformanceSuite } from './conform/conformanceSuite.ts';
export { inProcessEndpoint } from './conform/inProcessEndpoint.ts';
export { DeclinedError, PROTOCOL_VERSION, ProtocolError, type VerifierEndpoint } from './conform/verifierEndpoint.ts';
export { type SyncLineIo, serveVerifierProtocol } from './conform/serveVerifierProtocol.ts';
export { type GoodnessOfFitPowerResult, goodnessOfFitPower } from './montecarlo/goodnessOfFitPower.ts';
