/**
 * The verification port of Diia ID and the results a session resolves with. Verification itself (DSTU
 * CAdES, ECDSA CMS) is injected: this part only binds each signature to the digest it must cover.
 *
 * @module
 */

import type { SignerIdentity } from '../signatures/identity.js';
import type { DigestAlgorithm, SignAlgo } from './digests.js';

/**
 * What a signature is checked against: the digest it must cover (its detached CMS `messageDigest`: the
 * file's `fileHash`, or a login's hashed id), the algorithm of that digest, the holder's signature algorithm,
 * and the time of the delivery (ms since the epoch) for the certificate's validity.
 *
 * @example
 * ```ts
 * const context: DiiaIdVerifyContext = { digest, digestAlgorithm: 'gost34311', signAlgo: 'DSTU', at: Date.now() };
 * ```
 */
export interface DiiaIdVerifyContext {
  readonly digest: Uint8Array;
  readonly digestAlgorithm: DigestAlgorithm;
  readonly signAlgo: SignAlgo;
  /** When the delivery arrived (ms). */
  readonly at: number;
  /** When the request was made (ms): a signature dated earlier is refused. */
  readonly requestedAt?: number;
  readonly signal?: AbortSignal;
}

/**
 * The signer, read from the certificate. **Personal data**: never log it.
 *
 * @example
 * ```ts
 * const signer: DiiaIdSigner = { fullName: 'Шевченко Тарас Григорович', taxId: '1234567890' };
 * ```
 */
export interface DiiaIdSigner {
  readonly fullName: string;
  /** RNOKPP (DRFO attribute or a `TINUA-` subject serial number); may be a passport number. */
  readonly taxId?: string;
  /** EDRPOU, for an organisation's seal or a signer acting for one. */
  readonly edrpou?: string;
  /**
   * Everything read from the certificate (`diiaIdVerifier` sets it): where each number came from and
   * whether an RNOKPP's check digit holds, UNZR, organisation, title, the qualified-certificate marks, seal.
   */
  readonly identity?: SignerIdentity;
  /** Whatever else a custom verifier reads. */
  readonly [field: string]: unknown;
}

/**
 * A verified signature. **Personal data** (the signer, the certificate): never log it.
 *
 * @example
 * ```ts
 * const { signer, signedAt, level }: DiiaIdVerification = await verify(signature, context);
 * ```
 */
export interface DiiaIdVerification {
  /** Signing time (ms since the epoch), when the signature carries one. */
  readonly signedAt?: number;
  /** The CAdES level found: `BES`, `T`, `C`, `X-Long`, or the verifier's own word. */
  readonly level: string;
  readonly signer: DiiaIdSigner;
  /** The signer's certificate (DER). */
  readonly certificate: Uint8Array;
  /** The checks that passed, in the order they ran. */
  readonly checks: readonly string[];
  /** `DSTU` or `ECDSA` (`diiaIdVerifier` sets it). */
  readonly algorithm?: SignAlgo;
  /** The time the chain was validated at (ms): the signing time, else a signature timestamp's. */
  readonly checkedAt?: number;
  /** The signer's chain, `[signer, …, the trusted CA]`, DER. */
  readonly chain?: readonly Uint8Array[];
  /** The timestamps found (genTime, and whether the imprint matched this signature). */
  readonly timestamps?: readonly { readonly genTime: number; readonly imprintMatches: true | undefined }[];
  /** What was not checked: `revocation`, `timestamp-authority-signature`. */
  readonly notVerified?: readonly string[];
}

/**
 * The injected signature verifier: resolves when `signature` (CMS DER) is a valid signature over
 * `context.digest` by a trusted signer at `context.at`, and rejects with an `AcceptError` (its code refuses
 * the delivery) otherwise.
 *
 * @example
 * ```ts
 * const verify: DiiaIdVerify = async (signature, { digest, digestAlgorithm, at }) =>
 *   checkCades(signature, { digest, digestAlgorithm, at, trust });
 * ```
 */
export type DiiaIdVerify = (
  signature: Uint8Array,
  context: DiiaIdVerifyContext,
) => Promise<DiiaIdVerification>;

/**
 * One signed file. **Personal data** (the verification's signer): never log it.
 *
 * @example
 * ```ts
 * for (const file of result.files) console.log(file.name, file.verification.level);
 * ```
 */
export interface SignedFile {
  /** The file name as sent for signing (and echoed as `signedItems[].name`). */
  readonly name: string;
  /** The digest that was signed (`fileHash`, decoded). */
  readonly digest: Uint8Array;
  readonly digestAlgorithm: DigestAlgorithm;
  /** The CMS signature (DER), detached. */
  readonly signature: Uint8Array;
  readonly verification: DiiaIdVerification;
}

/**
 * The outcome of a signing request: every file, signed and verified. **Personal data**: never log it.
 *
 * @example
 * ```ts
 * const result: SigningResult = await session.result();
 * ```
 */
export interface SigningResult {
  readonly flow: 'hashedFilesSigning';
  readonly requestId: string;
  readonly files: readonly SignedFile[];
  /** Milliseconds since the epoch. */
  readonly receivedAt: number;
}

/**
 * The outcome of a login: the verified signature bound to the hashed id, and who signed. **Personal data**
 * on purpose (the person's name and tax number): never log it.
 *
 * @example
 * ```ts
 * const { person } = await session.result();
 * ```
 */
export interface LoginResult {
  readonly flow: 'auth';
  /** The partner's plain request id. */
  readonly requestId: string;
  /** The hashed id sent to the platform and echoed in the trace-id header. */
  readonly hashedRequestId: string;
  readonly person: { readonly fullName: string; readonly taxId?: string };
  readonly signature: Uint8Array;
  readonly verification: DiiaIdVerification;
  readonly certificate: Uint8Array;
  readonly signedAt?: number;
  /** Milliseconds since the epoch. */
  readonly receivedAt: number;
}

/**
 * A Diia ID outcome of either flow. **Personal data**.
 *
 * @example
 * ```ts
 * const who = (r: DiiaIdResult) => (r.flow === 'auth' ? r.person : r.files[0]?.verification.signer);
 * ```
 */
export type DiiaIdResult = SigningResult | LoginResult;
