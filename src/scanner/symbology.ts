/**
 * The names of the symbologies the image decoders read, apart from any decoder, so that an engine can
 * name them without loading another engine's code. Internal to the scanner; exported from
 * `diia-accept/scanner`.
 *
 * @module
 */

/**
 * Every symbology the image decoder can read. Diia shows `qr-code` (the document link) and `ean-13` (the
 * barcode for sharing); the others are for partners whose desks also read other documents.
 *
 * @example
 * ```ts
 * import { SYMBOLOGIES } from 'diia-accept/scanner';
 * SYMBOLOGIES.includes('pdf417'); // true
 * ```
 */
export const SYMBOLOGIES = ['qr-code', 'ean-13', 'code-128', 'pdf417', 'data-matrix', 'aztec'] as const;

/**
 * A symbology the image decoder can read: one of {@link SYMBOLOGIES}.
 *
 * @example
 * ```ts
 * import type { Symbology } from 'diia-accept/scanner';
 * const diia: Symbology[] = ['qr-code', 'ean-13'];
 * ```
 */
export type Symbology = (typeof SYMBOLOGIES)[number];
