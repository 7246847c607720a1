/**
 * The allow-lists of the jose profile and the header values it fixes (docs/protocol.md §4). Everything the
 * opener does downstream works from a value that passed these lists, never from a raw header string.
 *
 * @module
 */

/**
 * A signature algorithm the platform may sign copies with: ECDSA P-256 (`ES256`, RFC 7518 §3.4), Ed25519
 * (`EdDSA`, RFC 8037) or RSASSA-PSS SHA-256 (`PS256`, RFC 7518 §3.5).
 *
 * @example
 * ```ts
 * import type { FileSignatureAlgorithm } from 'diia-accept/profiles/jose';
 * const only: FileSignatureAlgorithm[] = ['ES256'];
 * ```
 */
export type FileSignatureAlgorithm = 'ES256' | 'EdDSA' | 'PS256';

/**
 * A key-management algorithm a sealed file may use (RFC 7518 §4.6): `ECDH-ES+A256KW` by default; direct
 * `ECDH-ES` only when the opener is told to accept it.
 *
 * @example
 * ```ts
 * import type { KeyAgreementAlgorithm } from 'diia-accept/profiles/jose';
 * const accepted: KeyAgreementAlgorithm[] = ['ECDH-ES+A256KW', 'ECDH-ES'];
 * ```
 */
export type KeyAgreementAlgorithm = 'ECDH-ES+A256KW' | 'ECDH-ES';

/** Every signature algorithm of the profile. */
export const FILE_SIGNATURE_ALGORITHMS: readonly FileSignatureAlgorithm[] = Object.freeze([
  'ES256',
  'EdDSA',
  'PS256',
]);

/** Every key-management algorithm the profile knows; the opener's default accepts only the first. */
export const KEY_AGREEMENT_ALGORITHMS: readonly KeyAgreementAlgorithm[] = Object.freeze([
  'ECDH-ES+A256KW',
  'ECDH-ES',
]);

/** The only content encryption of the profile. */
export const CONTENT_ENCRYPTION = 'A256GCM';

/** `cty` of the JWE: its plaintext is a detached JWS, a line feed and the file bytes. */
export const SEALED_FILE_CTY = 'diia-accept.signed-file';

/** `typ` of the inner detached JWS. */
export const SIGNED_FILE_TYP = 'diia-file+jws';

/** `typ` of the inner signed digest manifest, the alternative to a detached JWS for large files. */
export const DIGEST_MANIFEST_TYP = 'diia-digest+jws';

/** Files at least this large are signed with the RFC 7797 unencoded payload: no base64 copy of 1 MiB+. */
export const DEFAULT_UNENCODED_THRESHOLD = 1024 * 1024;

/** Header parameters that would let a file name its own key; the profile never takes a key from a header. */
export const FORBIDDEN_KEY_HEADERS: readonly string[] = Object.freeze(['jwk', 'jku', 'x5u', 'x5c']);

/** Tells whether `alg` is an allowed file signature algorithm. */
export function isFileSignatureAlgorithm(alg: unknown): alg is FileSignatureAlgorithm {
  return typeof alg === 'string' && (FILE_SIGNATURE_ALGORITHMS as readonly string[]).includes(alg);
}

/** Tells whether `alg` is a known key-management algorithm of the profile. */
export function isKeyAgreementAlgorithm(alg: unknown): alg is KeyAgreementAlgorithm {
  return typeof alg === 'string' && (KEY_AGREEMENT_ALGORITHMS as readonly string[]).includes(alg);
}
