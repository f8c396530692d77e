import { SpechubError } from '../../core/errors.ts';

/** Throws `TOO_LARGE` when an LP would have more than `maxVariables` variables. */
export function guardVariables(variables: number, maxVariables: number, what: string): void {
  if (variables > maxVariables) {
    throw new SpechubError(
      'TOO_LARGE',
      `${what} would have ${Math.round(variables).toLocaleString('en-US')} variables, above the limit of ${maxVariables.toLocaleString('en-US')} (raise maxVariables / --max-variables, or use the max-flow or dual route)`,
    );
  }
}
