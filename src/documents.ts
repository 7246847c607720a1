/**
 * The document types the platform shares (its "sharing scopes"), as named in the partner API, with what the
 * official partner SDKs confirm about each.
 *
 * @module
 */

// Named only in a comment of one official SDK's tests (see UNCONFIRMED_DOCUMENT_TYPES).
const UNCONFIRMED = [
  'student-id-card',
  'pension-card',
  'education-document',
  'veteran-certificate',
  'name-change-act-record',
  'marriage-act-record',
  'divorce-act-record',
] as const;

/**
 * Every document type the partner API is known to name. The first eight are confirmed by the official
 * partner SDKs; the last seven ({@link UNCONFIRMED_DOCUMENT_TYPES}) are named only in a comment of one SDK's
 * tests and are kept so that a partner may ask for them, unconfirmed. `passport` is a **request-only** type
 * ({@link REQUEST_ONLY_DOCUMENT_TYPES}): it asks for whichever passport the holder has, and the delivery
 * carries `internal-passport` (the ID card) or `foreign-passport` (the biometric passport), never `passport`.
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
  ...UNCONFIRMED,
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

/**
 * The types named only in a comment of one official SDK's tests: accepted, but whether the platform shares
 * them, and under exactly these names, is unconfirmed.
 *
 * @example
 * ```ts
 * import { UNCONFIRMED_DOCUMENT_TYPES } from 'diia-accept';
 * if (UNCONFIRMED_DOCUMENT_TYPES.includes(type)) console.warn(`${type} is not confirmed by the platform`);
 * ```
 */
export const UNCONFIRMED_DOCUMENT_TYPES: readonly DocumentType[] = Object.freeze([...UNCONFIRMED]);

/**
 * Types that are asked for but never delivered under their own name: `passport`.
 *
 * @example
 * ```ts
 * import { REQUEST_ONLY_DOCUMENT_TYPES } from 'diia-accept';
 * REQUEST_ONLY_DOCUMENT_TYPES.includes('passport'); // true
 * ```
 */
export const REQUEST_ONLY_DOCUMENT_TYPES: readonly DocumentType[] = Object.freeze(['passport']);

const KNOWN: ReadonlySet<string> = new Set(DOCUMENT_TYPES);
const REQUEST_ONLY: ReadonlySet<string> = new Set(REQUEST_ONLY_DOCUMENT_TYPES);
const SATISFIES: Readonly<Record<string, readonly DocumentType[]>> = {
  passport: ['internal-passport', 'foreign-passport'],
};

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

/**
 * Tells whether a delivery may carry a file of this type: a known type that is not request-only.
 *
 * @example
 * ```ts
 * import { isDeliverableType } from 'diia-accept';
 * isDeliverableType('internal-passport'); // true
 * isDeliverableType('passport'); // false: it comes as internal-passport or foreign-passport
 * ```
 */
export function isDeliverableType(value: unknown): value is DocumentType {
  return isDocumentType(value) && !REQUEST_ONLY.has(value);
}

/**
 * Tells whether a delivered type answers a requested one: the same type, or, for `passport`,
 * `internal-passport` or `foreign-passport`.
 *
 * @example
 * ```ts
 * import { satisfiesDocumentType } from 'diia-accept';
 * satisfiesDocumentType('passport', 'foreign-passport'); // true
 * satisfiesDocumentType('passport', 'driver-license'); // false
 * ```
 */
export function satisfiesDocumentType(requested: DocumentType, delivered: DocumentType): boolean {
  return requested === delivered || (SATISFIES[requested]?.includes(delivered) ?? false);
}
