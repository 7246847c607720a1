/**
 * The digests of Diia ID: `fileHash` of each file to sign, and the hashed request id of a login. What each
 * official SDK does is cited from its source (the MIT-licensed `diiaintegration/ua-acquirers-sdk-*`
 * repositories and a copy of the Python SDK, `A-App-Main/ua-acquirers-sdk-python-main`); where they
 * disagree, the rule is a setting.
 *
 * @module
 */
import { sha256, sha384 } from '@noble/hashes/sha2.js';
import { AcceptError } from '../errors.js';
import { gost34311, gost34311InSlices } from '../profiles/dstu/lib/gost34311.js';
import { decodeBase64, encodeBase64 } from './base64.js';

/**
 * The holder's signature algorithm in Diia ID: `DSTU` (DSTU 4145 with GOST 34.311) or `ECDSA` (P-256). Only
 * the official PHP SDK sends it (`SDK/diia-php-sdk-diiaId/src/DiiaApi.php` `getSignLink`, `getAuthLink`);
 * the other four are DSTU-only.
 *
 * @example
 * ```ts
 * const signAlgo: SignAlgo = 'ECDSA';
 * ```
 */
export type SignAlgo = 'DSTU' | 'ECDSA';

/**
 * The digest over a file (or a login's request id): GOST 34.311-95 (S-box DKE No. 1, zero starting
 * vector), SHA-256 or SHA-384.
 *
 * @example
 * ```ts
 * const algorithm: DigestAlgorithm = 'gost34311';
 * ```
 */
export type DigestAlgorithm = 'gost34311' | 'sha256' | 'sha384';

/**
 * Digest length in bytes per algorithm.
 *
 * @internal
 */
export const DIGEST_BYTES: Readonly<Record<DigestAlgorithm, number>> = Object.freeze({
  gost34311: 32,
  sha256: 32,
  sha384: 48,
});

/**
 * The `fileHash` digest used when none is configured:
 * - `DSTU` → `gost34311`. The .NET and Python SDKs hash the file **bytes** with UAPKI's `DIGEST`
 *   (`hashAlgo` `1.2.804.2.1.1.1.1.2.1`, GOST 34.311-95) and send its standard base64
 *   (`src/DiiaClient.SDK/Services/Remote/DiiaSignApiImpl.cs` L28-40,
 *   `diia_client/sdk/service/sign_service.py` L34-56); the Java SDK ships the same native wrapper, whose
 *   only digest is GOST 34.311 (`CryptoServiceUAPKI.java` L29-37). The JS SDK calls a `GetHash` its bundled
 *   library lacks, over the base64 *text* (`DiiaSignService.ts` L25-48): a bug, not a variant. PHP leaves
 *   the hash to the caller ("File hash in base64 format", `DiiaAPISignFileHashTest.php` L22).
 * - `ECDSA` → `sha256`. No SDK computes another digest for ECDSA; Diia's ECDSA CAs are P-256 with
 *   ecdsa-with-SHA256, which makes SHA-256 the likely choice (an inference, unconfirmed).
 *
 * @example
 * ```ts
 * defaultFileDigest('DSTU'); // 'gost34311'
 * ```
 */
export function defaultFileDigest(signAlgo: SignAlgo): DigestAlgorithm {
  return signAlgo === 'ECDSA' ? 'sha256' : 'gost34311';
}

/**
 * Tells whether a value is one of the {@link DigestAlgorithm} names.
 *
 * @internal
 */
export function isDigestAlgorithm(value: unknown): value is DigestAlgorithm {
  return value === 'gost34311' || value === 'sha256' || value === 'sha384';
}

/**
 * The digest of `bytes`; GOST 34.311 in slices (a turn of the event loop between them) for large input.
 *
 * @internal
 */
export async function digestOf(bytes: Uint8Array, algorithm: DigestAlgorithm): Promise<Uint8Array> {
  switch (algorithm) {
    case 'gost34311':
      return bytes.length > 1024 * 1024 ? gost34311InSlices(bytes) : gost34311(bytes);
    case 'sha256':
      return sha256(bytes);
    case 'sha384':
      return sha384(bytes);
  }
}

/**
 * A digest the partner computed, as bytes or standard base64, checked for the algorithm's length.
 * `INVALID_ARGUMENT` (naming `what`, never quoting the value) otherwise.
 *
 * @internal
 */
export function partnerDigest(value: unknown, algorithm: DigestAlgorithm, what: string): Uint8Array {
  const bytes =
    value instanceof Uint8Array ? value : typeof value === 'string' ? decodeBase64(value) : undefined;
  if (!bytes || bytes.length !== DIGEST_BYTES[algorithm]) {
    throw new AcceptError('INVALID_ARGUMENT', {
      detail: `${what} must be ${DIGEST_BYTES[algorithm]} bytes of ${algorithm} (bytes or standard base64)`,
    });
  }
  return Uint8Array.from(bytes);
}

// ── the login's hashed request id ───────────────────────────────────────────────────────────────

/**
 * How a login's request id becomes the `requestId` sent to the platform (and echoed in the delivery's
 * trace-id header). The official SDKs disagree, so it is a setting:
 *
 * - `'java-py'` (default): base64(GOST 34.311(UTF-8 bytes of a UUID)). Java
 *   `DiiaIdServiceImpl.java` L35-45 (`getHash(requestId.getBytes(UTF_8))`); Python
 *   `sign_service.py` L58-81. The .NET SDK passes the plain id where its wrapper expects base64
 *   (`DiiaSignApiImpl.cs` L42-54: a bug, its effective rule is undefined); the JS SDK's hashing is broken.
 * - `'php-sample'`: base64(SHA-256(UTF-8 bytes of the id)), the id being base64 of a UUID's text, as the PHP
 *   SDK's test does it (`SDK/diia-php-sdk-diiaId/tests/DiiaAPIAuthTest.php` L19-25).
 * - `'platform'`: what the platform's own login through this flow does (`diia-open-source/be-auth-service`
 *   `src/services/authMethods/ds/index.ts` L28-54): the id is base64 of a UUID's text, the hash is the
 *   digest of the UUID text (the decoded id; GOST 34.311 for `DSTU`, SHA-256 for `ECDSA`), and the
 *   signature is checked as a detached one over that text. Its digest algorithm is closed source: an
 *   inference.
 * - a custom rule: the bytes the holder signs for an id, and their digest algorithm.
 *
 * In every rule the signature is expected to be detached over {@link LoginHashRule} `content`, so its CMS
 * `messageDigest` equals the hashed id's bytes (the platform's own check, ibid. L86-100).
 *
 * @example
 * ```ts
 * const rule: LoginHashRule = { digestAlgorithm: 'sha256', content: (id) => new TextEncoder().encode(id) };
 * ```
 */
export type LoginHashRule = 'java-py' | 'php-sample' | 'platform' | CustomLoginHashRule;

/**
 * A login hash rule of the partner's own.
 *
 * @example
 * ```ts
 * const rule: CustomLoginHashRule = {
 *   digestAlgorithm: 'gost34311',
 *   content: (id) => new TextEncoder().encode(id),
 *   newRequestId: () => crypto.randomUUID(),
 * };
 * ```
 */
export interface CustomLoginHashRule {
  readonly digestAlgorithm: DigestAlgorithm;
  /** The bytes whose digest is the hashed id (what the holder signs, detached). */
  readonly content: (requestId: string) => Uint8Array;
  /** A new plain request id. Default: a random UUID. */
  readonly newRequestId?: () => string;
}

/**
 * A login's plain and hashed ids, and the digest the signature must carry.
 *
 * @internal
 */
export interface LoginIds {
  readonly requestId: string;
  readonly hashedRequestId: string;
  readonly digest: Uint8Array;
  readonly digestAlgorithm: DigestAlgorithm;
}

const utf8 = new TextEncoder();
const base64OfUuidText = () => encodeBase64(utf8.encode(crypto.randomUUID()));

/**
 * Makes a login's ids by `rule` (a plain id given by the caller is used as is, and must suit the rule:
 * `'platform'` takes base64 of a UUID's text).
 *
 * @internal
 */
export async function loginIds(rule: LoginHashRule, signAlgo: SignAlgo, given?: string): Promise<LoginIds> {
  const resolved = resolveRule(rule, signAlgo);
  const requestId = given ?? resolved.newRequestId();
  if (typeof requestId !== 'string' || requestId.length < 1 || requestId.length > 256) {
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'requestId must be 1 to 256 characters' });
  }
  const content = resolved.content(requestId);
  if (!(content instanceof Uint8Array)) {
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'the login hash rule gave no bytes for the id' });
  }
  const digest = await digestOf(content, resolved.digestAlgorithm);
  return {
    requestId,
    hashedRequestId: encodeBase64(digest),
    digest,
    digestAlgorithm: resolved.digestAlgorithm,
  };
}

/**
 * Refuses a malformed rule early (`INVALID_ARGUMENT`), at set-up rather than at the first login.
 *
 * @internal
 */
export function checkLoginHashRule(rule: LoginHashRule): void {
  resolveRule(rule, 'DSTU');
}

function resolveRule(rule: LoginHashRule, signAlgo: SignAlgo): Required<CustomLoginHashRule> {
  switch (rule) {
    case 'java-py':
      return {
        digestAlgorithm: 'gost34311',
        content: (id) => utf8.encode(id),
        newRequestId: () => crypto.randomUUID(),
      };
    case 'php-sample':
      return { digestAlgorithm: 'sha256', content: (id) => utf8.encode(id), newRequestId: base64OfUuidText };
    case 'platform':
      return {
        digestAlgorithm: defaultFileDigest(signAlgo),
        content: (id) => {
          const text = decodeBase64(id);
          if (!text)
            throw new AcceptError('INVALID_ARGUMENT', { detail: "the 'platform' rule takes base64 ids" });
          return text;
        },
        newRequestId: base64OfUuidText,
      };
    default:
      if (
        typeof rule !== 'object' ||
        rule === null ||
        !isDigestAlgorithm(rule.digestAlgorithm) ||
        typeof rule.content !== 'function'
      ) {
        throw new AcceptError('INVALID_ARGUMENT', {
          detail: "loginHash must be 'java-py', 'php-sample', 'platform' or { digestAlgorithm, content }",
        });
      }
      return { newRequestId: () => crypto.randomUUID(), ...rule };
  }
}
