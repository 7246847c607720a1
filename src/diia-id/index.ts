/**
 * `diia-accept/diia-id`: the platform's Diia ID flows, verified. The holder signs files in the app
 * ({@link DiiaId.signFiles}) or logs in with it ({@link DiiaId.login}); the platform posts the signatures
 * to the partner's webhook, which checks each against the digest that was sent, the signer's chain to the
 * partner's CA certificates at the signing time and the CAdES level ({@link diiaIdVerifier}), and resolves
 * the session with who signed. The results hold personal data: never log them.
 *
 * Most partners need only `createAcceptor`'s `diiaId` option (`diia-accept`); this subpath is for a
 * Diia ID service of its own, a store of one's own, or a verifier of one's own.
 *
 * @module diia-accept/diia-id
 */

export type {
  Identifier,
  IdentifierSource,
  QualifiedMarks,
  SignerIdentity,
} from '../signatures/identity.js';
export type { CustomLoginHashRule, DigestAlgorithm, LoginHashRule, SignAlgo } from './digests.js';
export {
  createDiiaId,
  type DiiaId,
  type DiiaIdFile,
  type DiiaIdOptions,
  type DiiaIdRequestLimits,
  type DiiaIdSession,
  type LoginRequest,
  type SignFilesRequest,
} from './diia-id.js';
export {
  type DiiaIdRecord,
  type DiiaIdState,
  type DiiaIdStore,
  type MemoryDiiaIdStoreOptions,
  memoryDiiaIdStore,
  type PutResultOutcome,
} from './store.js';
export type {
  DiiaIdResult,
  DiiaIdSigner,
  DiiaIdVerification,
  DiiaIdVerify,
  DiiaIdVerifyContext,
  LoginResult,
  SignedFile,
  SigningResult,
} from './types.js';
export { type DiiaIdVerifierOptions, diiaIdVerifier } from './verify.js';
export {
  createDiiaIdWebhook,
  DIIA_ID_ACTION_HEADER,
  type DiiaIdLogEntry,
  type DiiaIdWebhookLimits,
  type DiiaIdWebhookOptions,
  type DispatchOptions,
  dispatchDeliveries,
} from './webhook.js';
