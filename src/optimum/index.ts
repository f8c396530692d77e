/**
 * `spechub/optimum`: optimal acceptance (theory §4). The routes: the full OTM linear program (§4.1), the
 * membership LP (§4.2), max-flow / min-cut (§4.3) and the subset dual (§4.3–4.4), cross-checked by
 * {@link optimalAcceptance}. The LP routes load GLPK (glpk.js) on first use; the max-flow and the dual are
 * plain TypeScript.
 *
 * @example
 * ```ts
 * import { subsetDual } from 'spechub/optimum';
 * import { rationalField, parseVector } from 'spechub';
 * subsetDual(rationalField, 'iid', parseVector('1/6,1/3,1/2', rationalField), parseVector('1/2,1/3,1/6', rationalField), 2).optimum.toString(); // '29/36'
 * ```
 */
export { type OptimalAcceptanceReport, type OptimumRoute, OPTIMUM_ROUTES, optimalAcceptance } from './optimalAcceptance.ts';
export { type SubsetDualResult, subsetDual } from './subsetDual.ts';
export { ratioOrder, subsetDualPrefix } from './subsetDualPrefix.ts';
export { subsetDualExhaustive } from './subsetDualExhaustive.ts';
export { type MembershipFlow, membershipMaxFlow } from './membershipMaxFlow.ts';
export { optimalMembershipFlow } from './optimalMembershipFlow.ts';
export { solveOtmLinearProgram } from './otmLinearProgram.ts';
export { solveMembershipLinearProgram } from './membershipLinearProgram.ts';
export { solveSpecHubLinearProgram } from './specHubLinearProgram.ts';
export { iidMembershipBound, membershipBound } from './membershipBound.ts';
export { gapReport } from '../analysis/gapReport.ts';
