/**
 * `JSON.stringify` that refuses non-finite numbers: NaN and ±Infinity would silently become `null` in the
 * output (and an unreadable result downstream), so they raise a `NOT_FINITE` {@link SpechubError} naming the
 * first offending path (`$.rows[3].exact`). Every JSON file or line spechub writes goes through it.
 *
 * @example
 * ```ts
 * stringifyJson({ a: [1, 0.5] });        // '{"a":[1,0.5]}'
 * stringifyJson({ a: [1, NaN] });        // throws SpechubError NOT_FINITE: $.a[1] is NaN
 * ```
 */
import { SpechubError } from './errors.ts';

/** Options: indentation (as JSON.stringify's third argument) and a name for the value in messages. */
export interface StringifyJsonOptions {
  indent?: number;
  what?: string;
}

/** The JSON text of `value`; throws `NOT_FINITE` on NaN or ±Infinity anywhere in it. */
export function stringifyJson(value: unknown, options: StringifyJsonOptions = {}): string {
  const paths = new WeakMap<object, string>();
  const text = JSON.stringify(
    value,
    function (this: unknown, key: string, v: unknown) {
      const holderPath = this !== null && typeof this === 'object' ? paths.get(this) ?? '$' : '$';
      const path = key === '' && !paths.has(this as object) ? '$' : Array.isArray(this) ? `${holderPath}[${key}]` : `${holderPath}.${key}`;
      if (typeof v === 'number' && !Number.isFinite(v)) {
        throw new SpechubError('NOT_FINITE', `${options.what ?? 'output'}: ${path} is ${v}, not a finite number (refusing to write it as null)`);
      }
      if (v !== null && typeof v === 'object' && !paths.has(v)) paths.set(v, path);
      return v;
    },
    options.indent,
  );
  if (text === undefined) throw new SpechubError('INVALID_ARGUMENT', `${options.what ?? 'output'} has no JSON representation`);
  return text;
}
