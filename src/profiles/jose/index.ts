/**
 * `diia-accept/profiles/jose`: the open sealing profile (docs/protocol.md §4). The platform (or the sandbox)
 * signs each delivered file with a detached JWS (RFC 7515 appendix F, or RFC 7797 for large files) and seals
 * signature and file into a compact JWE (RFC 7516) to the partner's key (`ECDH-ES+A256KW`, `A256GCM`). The
 * partner's webhook opens it with {@link joseOpener}.
 *
 * @module diia-accept/profiles/jose
 */
export type { FileSignatureAlgorithm, KeyAgreementAlgorithm } from './algorithms.js';
export {
  type GeneratedKeys,
  generatePartnerKeys,
  generatePlatformKeys,
  type JoseKeyInput,
  type KeyWithId,
} from './keys.js';
export { type JoseOpenerOptions, joseOpener } from './open.js';
export { type JoseSealerOptions, joseSealer } from './seal.js';
