/**
 * UUIDs as the platform's one-time codes use them (RFC 9562): 8-4-4-4-12 hexadecimal digits, a version
 * from 1 to 8 and the RFC variant. The nil and max UUIDs and other variants are refused: no generator
 * of one-time codes makes them, so they only come from forged or damaged codes.
 *
 * @module
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/**
 * Tells whether a value is a UUID of RFC 9562 (versions 1 to 8, RFC variant), in either letter case.
 *
 * @example
 * ```ts
 * import { isUuid } from 'diia-accept/scanner';
 * isUuid('3f2504e0-4f89-41d3-9a0c-0305e82c3301'); // true
 * isUuid('00000000-0000-0000-0000-000000000000'); // false
 * ```
 */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
