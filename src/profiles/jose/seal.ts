/**
 * The sealer of the jose profile (docs/protocol.md §4.2): a detached JWS by the platform key over the file,
 * put with the file into a compact JWE to the partner's key.
 *
 * @module
 */
import { base64url, CompactEncrypt, CompactSign, FlattenedSign } from 'jose';
import { type Clock, systemClock } from '../../clock.js';
import { AcceptError } from '../../errors.js';
import { optionKeys, refuseUnknownOptions } from '../../options.js';
import type { Sealer } from '../port.js';
import {
  CONTENT_ENCRYPTION,
  DEFAULT_UNENCODED_THRESHOLD,
  DIGEST_MANIFEST_TYP,
  type KeyAgreementAlgorithm,
  SEALED_FILE_CTY,
  SIGNED_FILE_TYP,
} from './algorithms.js';
import { concatBytes, utf8 } from './bytes.js';
import {
  importAgreementKey,
  importSigningKey,
  type JoseKeyInput,
  type ResolvedKey,
  signatureAlgorithmOf,
} from './keys.js';

/**
 * Options of {@link joseSealer}.
 *
 * @example
 * ```ts
 * import type { JoseSealerOptions } from 'diia-accept/profiles/jose';
 * const options: JoseSealerOptions = { signingKey: platform.privateJwk, recipientKey: partner.publicJwk };
 * ```
 */
export interface JoseSealerOptions {
  /** The platform's private signing key with its `kid` (ES256, EdDSA or PS256; taken from `alg` or the key). */
  readonly signingKey: JoseKeyInput;
  /** The partner's public key-agreement key with its `kid`. */
  readonly recipientKey: JoseKeyInput;
  /** The source of the signing time (`iat`); the system clock by default. */
  readonly clock?: Clock;
  /** Files of at least this many bytes get the RFC 7797 unencoded payload; 1 MiB by default. */
  readonly unencodedPayloadThreshold?: number;
  /** `ECDH-ES+A256KW` (default) or `ECDH-ES`. */
  readonly keyAgreement?: KeyAgreementAlgorithm;
  /**
   * `'detached'` (default): a detached JWS over the file (RFC 7515 appendix F, or RFC 7797 from the
   * threshold on). `'manifest'`: a JWS over `{ hash, digest, size }` of the file, which a verifier checks by
   * hashing as the file streams past.
   */
  readonly signatureForm?: 'detached' | 'manifest';
}

const LINE_FEED = new Uint8Array([0x0a]);

/**
 * Makes a {@link Sealer} of the jose profile: what the platform (here: the sandbox) does to each delivered
 * file and to the metadata. The result is the compact JWE text as ASCII bytes, ready for a multipart part.
 *
 * @example
 * ```ts
 * import { generatePartnerKeys, generatePlatformKeys, joseSealer } from 'diia-accept/profiles/jose';
 * const platform = await generatePlatformKeys({ kid: 'platform-1' });
 * const partner = await generatePartnerKeys({ kid: 'partner-1' });
 * const sealer = joseSealer({ signingKey: platform.privateJwk, recipientKey: partner.publicJwk });
 * const sealed = await sealer.seal(new TextEncoder().encode('%PDF-1.4 …'));
 * ```
 */
export function joseSealer(options: JoseSealerOptions): Sealer {
  refuseUnknownOptions(
    options,
    optionKeys<JoseSealerOptions>({
      signingKey: true,
      recipientKey: true,
      clock: true,
      unencodedPayloadThreshold: true,
      keyAgreement: true,
      signatureForm: true,
    }),
    'joseSealer',
  );
  const clock = options.clock ?? systemClock;
  const threshold = options.unencodedPayloadThreshold ?? DEFAULT_UNENCODED_THRESHOLD;
  if (!Number.isSafeInteger(threshold) || threshold < 0) {
    throw new AcceptError('INVALID_ARGUMENT', {
      detail: 'unencodedPayloadThreshold must be a whole number ≥ 0',
    });
  }
  const alg = signatureAlgorithmOf(options.signingKey);
  const keyAgreement = options.keyAgreement ?? 'ECDH-ES+A256KW';
  let keys: Promise<[ResolvedKey, ResolvedKey]> | undefined;

  return {
    profile: 'jose',
    async seal(content, context = {}) {
      keys ??= Promise.all([
        importSigningKey(options.signingKey, alg),
        importAgreementKey(options.recipientKey),
      ]);
      const [signer, recipient] = await keys;
      const iat = Math.floor((context.signedAt ?? clock.now()) / 1000);
      let signature: string;
      if (options.signatureForm === 'manifest') {
        const digest = new Uint8Array(
          await crypto.subtle.digest('SHA-256', content as Uint8Array<ArrayBuffer>),
        );
        const manifest = { hash: 'SHA-256', digest: base64url.encode(digest), size: content.length };
        signature = await new CompactSign(utf8(JSON.stringify(manifest)))
          .setProtectedHeader({ alg, kid: signer.kid, typ: DIGEST_MANIFEST_TYP, iat })
          .sign(signer.key);
      } else {
        const unencoded = content.length >= threshold;
        const signed = await new FlattenedSign(content)
          .setProtectedHeader({
            alg,
            kid: signer.kid,
            typ: SIGNED_FILE_TYP,
            iat,
            ...(unencoded ? { b64: false, crit: ['b64'] } : {}),
          })
          .sign(signer.key);
        signature = `${signed.protected}..${signed.signature}`;
      }
      const plaintext = concatBytes([utf8(signature), LINE_FEED, content]);
      const jwe = await new CompactEncrypt(plaintext)
        .setProtectedHeader({
          alg: keyAgreement,
          enc: CONTENT_ENCRYPTION,
          kid: recipient.kid,
          cty: SEALED_FILE_CTY,
        })
        .encrypt(recipient.key);
      return utf8(jwe);
    },
  };
}
