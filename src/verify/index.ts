/**
 * `diia-accept/verify`: is this document code genuine, current and unused? Signed document tokens,
 * trust in the platform's keys (pinned or a remote JWKS), single use, identity confirmation over the
 * platform, and detached signatures on delivered copies. Every check answers `valid`, `invalid` or
 * `unknown`; none of them returns personal data. Pure and runtime-agnostic.
 *
 * @module diia-accept/verify
 */
export type { SignatureAlgorithm } from './algorithms.js';
export { SIGNATURE_ALGORITHMS } from './algorithms.js';
export type { DigestAlgorithm } from './content.js';
export type { IdentifyOptions, IdentifyResult } from './identify.js';
export { identify } from './identify.js';
export type { FetchFunction, RemoteJwksOptions } from './remote-jwks.js';
export { remoteJwks } from './remote-jwks.js';
export type { MemoryReplayGuardOptions, ReplayGuard } from './replay.js';
export { memoryReplayGuard } from './replay.js';
export type { Verdict, VerificationFailure } from './result.js';
export type { DetachedSignatureInput, DetachedSignatureResult, VerifiedCopy } from './signature.js';
export { DIGEST_MANIFEST_TYPE, FILE_SIGNATURE_TYPE, verifyDetached } from './signature.js';
export type { DocumentTokenOptions, DocumentTokenResult, VerifiedDocumentToken } from './token.js';
export { MAX_TOKEN_LIFETIME_S, verifyDocumentToken } from './token.js';
export type { PinnedCryptoKey, PublicJwk, TrustFailure, TrustLookup, TrustStore } from './trust.js';
export { pinnedKeys } from './trust.js';
