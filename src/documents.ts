/**
 * The document types the platform shares (its "sharing scopes"), as named in the partner API.
 *
 * @module
 */

/**
 * Every document type the platform's partner API names. `passport` (an ID card or a biometric foreign
 * passport) is the usual choice.
 *
 * @example
 * ```ts
 * import { DOCUMENT_TYPES } from 'diia-accept';
 * console.log(DOCUMENT_TYPES.includes('driver-license')); // true
 * ```
 */
export const DOCUMENT_TYPES = [
  'passport',
  'internal-passport',
  'foreign-passport',
  'taxpayer-card',
  'reference-internally-displaced-person',
  'birth-certificate',
  'driver-license',
  'vehicle-license',
  'student-id-card',
  'pension-card',
  'education-document',
  'veteran-certificate',
  'name-change-act-record',
  'marriage-act-record',
  'divorce-act-record',
] as const;

/**
 * A document type of the platform, such as `'passport'` or `'driver-license'`.
 *
 * @example
 * ```ts
 * import type { DocumentType } from 'diia-accept';
 * const wanted: DocumentType[] = ['passport', 'taxpayer-card'];
 * ```
 */
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

const KNOWN: ReadonlySet<string> = new Set(DOCUMENT_TYPES);

/**
 * Tells whether a string is one of the platform's document types.
 *
 * @example
 * ```ts
 * import { isDocumentType } from 'diia-accept';
 * isDocumentType('passport'); // true
 * isDocumentType('../etc'); // false
 * ```
 */
export function isDocumentType(value: unknown): value is DocumentType {
  return typeof value === 'string' && KNOWN.has(value);
}
