/**
 * The Diia ID signature verifier: one `DiiaIdVerify` for both of the holder's algorithms. `DSTU` signatures
 * go to the DSTU profile's CAdES check (DSTU 4145 over GOST 34.311), `ECDSA` ones to the WebCrypto check of
 * `signatures/cms.ts` (P-256/P-384 over SHA-256/384). Both take the signer's chain to the same CA
 * certificates (the real `CACertificates.p7b` holds both kinds), and both report the signer through the one
 * identity reader, `signerIdentity`.
 *
 * The time the chain must be valid at is the signing time (a qualified signature outlives its certificate),
 * and the signing time is bounded by times the partner knows: not before the request was made, not after
 * the delivery arrived (each with the clock skew allowed). A signer whose certificate has expired cannot
 * therefore pass by dating the signature back.
 *
 * @module
 */
import { type Clock, type Duration, parseDuration } from '../clock.js';
import { AcceptError } from '../errors.js';
import { optionKeys, refuseUnknownOptions } from '../options.js';
import { verifyCadesDstu } from '../profiles/dstu/lib/cades.js';
import { caStore } from '../profiles/dstu/lib/trust.js';
import type { CadesFindings } from '../signatures/cades.js';
import { ecTrustStore } from '../signatures/chain.js';
import { verifyEcdsaSignedData } from '../signatures/cms.js';
import { type IdentitySource, type SignerIdentity, signerIdentity } from '../signatures/identity.js';
import type { DiiaIdVerification, DiiaIdVerify, DiiaIdVerifyContext } from './types.js';

/**
 * Options of {@link diiaIdVerifier}.
 *
 * @example
 * ```ts
 * const options: DiiaIdVerifierOptions = { caCertificates: [await readFile('CACertificates.p7b')] };
 * ```
 */
export interface DiiaIdVerifierOptions {
  /**
   * The CA certificates a signer's chain must reach: DER certificates and/or PKCS#7 bundles (`.p7b`, such
   * as the `CACertificates.p7b` Ukrainian qualified trust service providers publish). DSTU and ECDSA CAs
   * are both taken from them; certificates of other algorithms are left out.
   */
  readonly caCertificates: readonly Uint8Array[];
  /** Now, for a signing time in the future. Default: the system clock. */
  readonly clock?: Clock;
  /** How far a signing time may lie outside the request's lifetime. Default `'5m'`. */
  readonly maxClockSkew?: Duration;
}

/** What this verifier does not check; every result lists it. */
const NOT_VERIFIED = Object.freeze(['revocation', 'timestamp-authority-signature'] as const);

/**
 * Creates the verifier `createDiiaId` (and `createAcceptor`'s `diiaId`) needs.
 *
 * A signature is accepted when: it is a CMS SignedData with exactly one signer and signed attributes; its
 * algorithms are on the allow-list (DSTU 4145 with GOST 34.311; ECDSA P-256/P-384 with SHA-256/384); its
 * messageDigest equals the digest the partner sent (the file's `fileHash`, or the login's hashed id);
 * the signature over the signed attributes verifies; an ESS signing-certificate attribute, when present,
 * names the signer's certificate; a signature timestamp, when present, stamps this signature; the signing
 * time lies within the request's lifetime; and the signer's chain reaches one of `caCertificates` with
 * every certificate valid at the signing time. Revocation and the timestamp authority's own signature are
 * not checked (`notVerified` in the result says so).
 *
 * @throws {AcceptError} `INVALID_ARGUMENT`, `CERTIFICATE_MALFORMED` (a source that is neither a
 *   certificate nor a bundle). The verifier it returns rejects with the code of the failed check:
 *   `SIGNATURE_MALFORMED`, `SIGNATURE_ALGORITHM_NOT_ALLOWED`, `SIGNATURE_DIGEST_MISMATCH`,
 *   `SIGNATURE_INVALID`, `SIGNATURE_SIGNER_UNTRUSTED`, `SIGNATURE_SIGNER_COUNT`, `SIGNATURE_TIME_INVALID`,
 *   `SIGNATURE_TIMESTAMP_MISMATCH`, `CERTIFICATE_EXPIRED`, `CERTIFICATE_NOT_YET_VALID`,
 *   `CERTIFICATE_CHAIN_INVALID`, `CERTIFICATE_ALGORITHM_NOT_ALLOWED`, `CERTIFICATE_USAGE_NOT_ALLOWED`,
 *   `DER_LIMIT_EXCEEDED`.
 * @example
 * ```ts
 * import { createDiiaId, diiaIdVerifier } from 'diia-accept/diia-id';
 * const verify = diiaIdVerifier({ caCertificates: [await readFile('CACertificates.p7b')] });
 * const diiaId = createDiiaId({ transport, verify });
 * ```
 */
export function diiaIdVerifier(options: DiiaIdVerifierOptions): DiiaIdVerify {
  refuseUnknownOptions(
    options,
    optionKeys<DiiaIdVerifierOptions>({ caCertificates: true, clock: true, maxClockSkew: true }),
    'diiaIdVerifier',
  );
  const sources = options.caCertificates;
  if (!Array.isArray(sources) || sources.length === 0 || !sources.every((s) => s instanceof Uint8Array))
    throw new AcceptError('INVALID_ARGUMENT', {
      detail: 'diiaIdVerifier: caCertificates must be a non-empty array of DER certificates or .p7b bundles',
    });
  const skew = parseDuration(options.maxClockSkew ?? '5m');
  if (skew < 0 || skew > 3_600_000)
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'maxClockSkew must be between 0 and 1 hour' });
  const clock = options.clock;
  // ECDSA anchors: other algorithms are counted and left out. DSTU: a source the DSTU reader cannot take (an
  // ECDSA certificate) is left to the ECDSA store; one neither can take is refused.
  const ecdsa = ecTrustStore(sources);
  const dstuSources = sources.filter((source) => {
    try {
      caStore([source]);
      return true;
    } catch {
      return false;
    }
  });
  if (dstuSources.length === 0 && ecdsa.anchors.length === 0)
    throw new AcceptError('CERTIFICATE_MALFORMED', {
      detail: 'diiaIdVerifier: no DSTU or ECDSA CA certificate among caCertificates',
    });
  const dstu = caStore(dstuSources);

  return async (signature, context) => {
    checkContext(signature, context);
    const now = clock?.now() ?? context.at;
    if (context.signAlgo === 'DSTU') {
      if (context.digest.length !== 32)
        throw new AcceptError('SIGNATURE_DIGEST_MISMATCH', {
          detail: `a DSTU signature covers a 32-byte digest, the request sent ${context.digest.length}`,
        });
      const result = verifyCadesDstu(signature, { digest: context.digest }, { trust: dstu, now });
      checkSigningTime(result.checkedAt, context, skew);
      return verification({
        algorithm: 'DSTU',
        certificate: result.signer,
        chain: result.chain.map((c) => c.raw),
        signedAt: result.signingTime ?? result.checkedAt,
        checkedAt: result.checkedAt,
        cades: result.cades,
        signingCertificate: result.signingCertificate !== undefined,
      });
    }
    // The app signs the digest it was given as the messageDigest, whatever made it (a login's 'java-py'
    // rule hashes with GOST 34.311 for either algorithm); the SignerInfo names SHA-256 for 32 bytes and
    // SHA-384 for 48, and the bytes must be the ones sent.
    const size = context.digest.length;
    if (size !== 32 && size !== 48)
      throw new AcceptError('SIGNATURE_DIGEST_MISMATCH', {
        detail: `an ECDSA signature covers a 32- or 48-byte digest, the request sent ${size}`,
      });
    const algorithm = size === 48 ? 'SHA-384' : 'SHA-256';
    const result = await verifyEcdsaSignedData(signature, {
      trust: ecdsa,
      digest: { algorithm, value: context.digest },
      clock: { now: () => now },
      maxClockSkew: skew,
    });
    checkSigningTime(result.checkedAt, context, skew);
    return verification({
      algorithm: 'ECDSA',
      certificate: result.signer,
      chain: result.chain.map((c) => c.raw),
      signedAt: result.signedAt ?? result.checkedAt,
      checkedAt: result.checkedAt,
      cades: result.cades,
      signingCertificate: result.signingCertificateV2,
    });
  };
}

function checkContext(signature: unknown, context: DiiaIdVerifyContext): void {
  if (!(signature instanceof Uint8Array))
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'the signature must be a Uint8Array' });
  if (
    typeof context !== 'object' ||
    context === null ||
    !(context.digest instanceof Uint8Array) ||
    !Number.isFinite(context.at) ||
    (context.requestedAt !== undefined && !Number.isFinite(context.requestedAt)) ||
    (context.signAlgo !== 'DSTU' && context.signAlgo !== 'ECDSA')
  )
    throw new AcceptError('INVALID_ARGUMENT', {
      detail: 'the context needs digest, digestAlgorithm, signAlgo and at',
    });
}

/**
 * The signing time (what the chain was checked at: the signed signingTime, else a matching signature
 * timestamp's time; both verifiers refuse a signature with neither) must fall within the request's
 * lifetime as the partner saw it: not before the request was made, not after the delivery arrived (each
 * give or take `skew`).
 */
function checkSigningTime(signedAt: number, context: DiiaIdVerifyContext, skew: number): void {
  if (signedAt > context.at + skew)
    throw new AcceptError('SIGNATURE_TIME_INVALID', { detail: 'signed after the delivery arrived' });
  if (context.requestedAt !== undefined && signedAt < context.requestedAt - skew)
    throw new AcceptError('SIGNATURE_TIME_INVALID', { detail: 'signed before the request was made' });
}

function verification(found: {
  readonly algorithm: 'DSTU' | 'ECDSA';
  readonly certificate: IdentitySource & { readonly raw: Uint8Array };
  readonly chain: readonly Uint8Array[];
  readonly signedAt: number;
  readonly checkedAt: number;
  readonly cades: CadesFindings;
  /** Whether an ESS signing-certificate attribute bound the signer's certificate. */
  readonly signingCertificate: boolean;
}): DiiaIdVerification {
  const identity: SignerIdentity = signerIdentity(found.certificate);
  return {
    algorithm: found.algorithm,
    signedAt: found.signedAt,
    checkedAt: found.checkedAt,
    level: found.cades.level,
    timestamps: found.cades.timestamps.map((t) => ({ genTime: t.genTime, imprintMatches: t.imprintMatches })),
    signer: {
      fullName: identity.fullName ?? '',
      ...(identity.taxId ? { taxId: identity.taxId.value } : {}),
      ...(identity.edrpou ? { edrpou: identity.edrpou.value } : {}),
      identity,
    },
    certificate: found.certificate.raw,
    chain: found.chain,
    // The checks that passed, in the order they ran.
    checks: [
      'algorithm',
      'message-digest',
      'signature',
      ...(found.signingCertificate ? ['signing-certificate'] : []),
      ...(found.cades.timestamps.some((t) => t.imprintMatches) ? ['signature-timestamp-imprint'] : []),
      'signing-time',
      'chain',
    ],
    notVerified: NOT_VERIFIED,
  };
}
