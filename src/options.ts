/**
 * The one check every options object of the SDK goes through for the keys it does not know: a misspelt or
 * unsupported option (`tryHarder`, `timeoutMS`) fails with `INVALID_ARGUMENT` naming the key, instead of
 * being accepted and silently ignored. Internal.
 *
 * @module
 */
import { AcceptError } from './errors.js';

/**
 * The keys of an options type, written once as a record so that the compiler checks the list against the
 * type: a key added to the interface and not here fails to compile.
 *
 * @internal
 */
export function optionKeys<T extends object>(
  keys: { readonly [K in keyof Required<T>]: true },
): ReadonlySet<string> {
  return new Set(Object.keys(keys));
}

/**
 * Refuses an options object with a key outside `known` (own enumerable string keys; `undefined` and `null`
 * pass: "no options"). Only the first unknown key is named, sorted so the message does not depend on the
 * object's key order.
 *
 * @throws {AcceptError} `INVALID_ARGUMENT` naming the unknown key, or when `options` is not an object.
 * @internal
 */
export function refuseUnknownOptions(options: unknown, known: ReadonlySet<string>, where: string): void {
  if (options === undefined || options === null) return;
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new AcceptError('INVALID_ARGUMENT', { detail: `${where}: options must be an object` });
  }
  const unknown = Object.keys(options)
    .filter((key) => !known.has(key))
    .sort();
  if (unknown.length > 0) {
    const key = unknown[0]!.replace(/[^\x20-\x7e]/g, '?').slice(0, 64);
    throw new AcceptError('INVALID_ARGUMENT', { detail: `${where}: unknown option '${key}'` });
  }
}
