/**
 * A CAdES signature with DSTU 4145 over GOST 34.311, as a Diia ID holder's app returns it for a file hash:
 * one signer, content attached or (usually) detached, checked against the file or against the digest the
 * partner computed; the signer's chain to the CA store at the signing time; and the CAdES level read from
 * the unsigned attributes.
 *
 * Levels follow RFC 5126 (the text of ETSI TS 101 733 V1.7.3; TS 101 733 V2.2.1 keeps the forms):
 * CAdES-BES section 4.3.1 (content-type, message-digest and an ESS signing-certificate attribute, section
 * 5.7.3), -T 4.4.1 (signature-time-stamp, 6.1.1), -C 4.4.2 (complete-certificate-references 6.2.1 and
 * complete-revocation-references 6.2.2), -X Long 4.4.3.1 (certificate-values 6.3.3, revocation-values
 * 6.3.4), -X Type 1 / Type 2 4.4.3.2-3 (CAdES-C-time-stamp 6.3.5, time-stamped-certs-crls-references
 * 6.3.6), -X Long Type 1 / 2 4.4.3.4, -A 4.4.4 (archive-time-stamp 6.4.1; v2 and the archive-time-stamp-v3
 * of EN 319 122-1 recognised by OID).
 *
 * What is not verified, on purpose: the signature of a timestamp authority (only the imprint of a
 * signature timestamp is checked against this signature), the references and values themselves (counted,
 * not matched), revocation (no CRL or OCSP is fetched or read), counter-signatures (listed).
 *
 * @module
 */
import { equalBytes } from '../../../bytes.js';
import { DER_LIMITS, type DerLimits, parseAs } from '../../../der.js';
import { AcceptError } from '../../../errors.js';
import { optionKeys, refuseUnknownOptions } from '../../../options.js';
import { type CadesFindings, readUnsignedAttributes } from '../../../signatures/cades.js';
import { SHA2_IMPRINTS } from '../../../signatures/timestamp.js';
import { decodeSealed } from '../sealed-text.js';
import { type Certificate, parseCertificate } from './certificate.js';
import { gost34311 } from './gost34311.js';
import { type CheckedSigner, checkSigner, GOST34311, type ReadSignedData, readSignedData } from './signed.js';
import { type CaStore, validateChain } from './trust.js';

/** The input a signature is checked against: the file, or the digest the partner computed of it. */
export interface CadesInput {
  /** The signed file (for a detached signature; for an attached one it must equal the attached content). */
  readonly content?: Uint8Array;
  /** GOST 34.311 digest of the file (32 bytes), when the partner has only that. */
  readonly digest?: Uint8Array;
}

export interface CadesOptions {
  /** The CA store the signer's chain must reach. */
  readonly trust: CaStore;
  /**
   * When the chain must be valid: `'signing-time'` (default) — the signed signingTime attribute, else the
   * genTime of a signature timestamp whose imprint matched; or an explicit time in ms.
   */
  readonly at?: number | 'signing-time';
  /**
   * Certificates (parsed, or DER) to find the signer and intermediates among, besides those the SignedData
   * carries.
   */
  readonly certificates?: readonly (Certificate | Uint8Array)[];
  /** Bounds of the DER reader (default `DER_LIMITS`). */
  readonly limits?: DerLimits;
  /** Now (ms): a signing time later than this plus {@link MAX_CLOCK_SKEW_MS} is refused. */
  readonly now?: number;
}

/** A verified CAdES signature. */
export interface VerifiedCades {
  readonly signer: Certificate;
  /** The chain [signer, …, anchor] validated at {@link VerifiedCades.checkedAt}. */
  readonly chain: readonly Certificate[];
  /** The signed signingTime attribute, when present (the signer's claim). */
  readonly signingTime: number | undefined;
  /** The time the chain was validated at, and where it came from. */
  readonly checkedAt: number;
  readonly checkedAtSource: 'signing-time' | 'signature-timestamp' | 'given';
  /** The GOST 34.311 digest the signature covers (its messageDigest attribute). */
  readonly digest: Uint8Array;
  /** Whether the SignedData carried the content. */
  readonly attached: boolean;
  /** eContentType, which the signed contentType attribute matched (id-data for a file). */
  readonly contentType: string;
  /** genTime of a content timestamp (signed attribute), as claimed. */
  readonly contentTimestamp: number | undefined;
  /** How the signer's certificate is bound by the signed attributes (see `CheckedSigner`). */
  readonly signingCertificate: CheckedSigner['signingCertificate'];
  readonly cades: CadesFindings;
}

/** Timestamp imprints a DSTU signature's timestamp may use: GOST 34.311 (default S-box, DKE No. 1) and SHA-2. */
const DSTU_IMPRINTS = { ...SHA2_IMPRINTS, [GOST34311]: (data: Uint8Array) => gost34311(data) };

/** How far a signing time may lie ahead of `now`. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

const OPTION_KEYS = optionKeys<CadesOptions>({
  trust: true,
  at: true,
  certificates: true,
  limits: true,
  now: true,
});
const INPUT_KEYS = optionKeys<CadesInput>({ content: true, digest: true });

function checkArguments(signature: unknown, input: CadesInput, options: CadesOptions): void {
  if (!(signature instanceof Uint8Array))
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'signature must be a Uint8Array' });
  if (typeof input !== 'object' || input === null)
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'input must be { content?, digest? }' });
  refuseUnknownOptions(input, INPUT_KEYS, 'verifyCadesDstu input');
  if (typeof options !== 'object' || options === null || typeof options.trust?.byKeyId?.get !== 'function')
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'options.trust (a CA store) is required' });
  refuseUnknownOptions(options, OPTION_KEYS, 'verifyCadesDstu');
  if (input.content !== undefined && !(input.content instanceof Uint8Array))
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'content must be a Uint8Array' });
  if (input.digest !== undefined && (!(input.digest instanceof Uint8Array) || input.digest.length !== 32))
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'digest must be 32 bytes (GOST 34.311)' });
  const { at, now } = options;
  if (at !== undefined && at !== 'signing-time' && !Number.isFinite(at))
    throw new AcceptError('INVALID_ARGUMENT', { detail: "at must be a time in ms or 'signing-time'" });
  if (now !== undefined && !Number.isFinite(now))
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'now must be a time in ms' });
}

/** DER from DER or its base64 text; anything else is `SIGNATURE_MALFORMED`. */
function signatureDer(signature: Uint8Array): Uint8Array {
  try {
    return decodeSealed(signature);
  } catch (error) {
    throw new AcceptError('SIGNATURE_MALFORMED', {
      cause: error,
      detail: 'neither DER nor base64 text of DER',
    });
  }
}

/**
 * The digest the signature must cover: of the given content, or the given digest; for attached content
 * the given file or digest must agree with it. A mismatch is `SIGNATURE_DIGEST_MISMATCH`.
 */
function expectedDigest(read: ReadSignedData, input: CadesInput): Uint8Array {
  const sbox = read.key.params.sbox;
  const ofContent = input.content ? gost34311(input.content, sbox) : undefined;
  if (ofContent && input.digest && !equalBytes(ofContent, input.digest))
    throw new AcceptError('SIGNATURE_DIGEST_MISMATCH', { detail: 'the file and the digest given differ' });
  if (read.attached) {
    const attached = gost34311(read.content as Uint8Array, sbox);
    const given = ofContent ?? input.digest;
    if (given && !equalBytes(given, attached))
      throw new AcceptError('SIGNATURE_DIGEST_MISMATCH', { detail: 'the attached content is another file' });
    return attached;
  }
  const digest = ofContent ?? input.digest;
  if (!digest) throw new AcceptError('SIGNATURE_CONTENT_MISSING');
  return digest;
}

/**
 * Verifies a CAdES signature (CMS SignedData, DSTU 4145 over GOST 34.311) made over one file.
 *
 * The chain is validated at the signing time, not now: a qualified signature stays valid after its
 * certificate expires, so what matters is whether the certificate was valid when it signed. The signing
 * time is the signed `signingTime` attribute (the signer's claim, bound by the signature), else the
 * genTime of a signature timestamp whose imprint matched (the TSA's claim, its signature not verified);
 * with neither, the call is refused with `SIGNATURE_TIME_INVALID` unless `at` gives a time. Revocation is
 * not checked.
 *
 * Exactly one SignerInfo is accepted: a Diia ID signature has one signer, and with several the question
 * "who signed" would have several answers of which a caller might read only the first.
 *
 * Codes: `INVALID_ARGUMENT`, `SIGNATURE_MALFORMED`, `DER_LIMIT_EXCEEDED`, `SIGNATURE_SIGNER_COUNT`,
 * `SIGNATURE_ALGORITHM_NOT_ALLOWED`, `SIGNATURE_CONTENT_MISSING`, `SIGNATURE_DIGEST_MISMATCH`,
 * `SIGNATURE_INVALID`, `SIGNATURE_SIGNER_UNTRUSTED`, `SIGNATURE_TIME_INVALID`,
 * `SIGNATURE_TIMESTAMP_MISMATCH`, `CERTIFICATE_MALFORMED`, `CERTIFICATE_EXPIRED`,
 * `CERTIFICATE_NOT_YET_VALID`, `CERTIFICATE_CHAIN_INVALID`.
 */
export function verifyCadesDstu(
  signature: Uint8Array,
  input: CadesInput,
  options: CadesOptions,
): VerifiedCades {
  checkArguments(signature, input, options);
  const der = signatureDer(signature);
  const limits = options.limits ?? DER_LIMITS;
  const given = (options.certificates ?? []).map((c) =>
    c instanceof Uint8Array ? parseAs('CERTIFICATE_MALFORMED', () => parseCertificate(c)) : c,
  );
  return parseAs('SIGNATURE_MALFORMED', () => {
    const read = readSignedData(der, {
      contentOptional: true,
      singleSigner: true,
      limits,
      algorithmCode: 'SIGNATURE_ALGORITHM_NOT_ALLOWED',
      certificates: given,
    });
    if (!read.signedAttrs)
      throw new AcceptError('SIGNATURE_MALFORMED', {
        detail: 'no signed attributes: nothing binds the digest',
      });
    const digest = expectedDigest(read, input);
    const checked = checkSigner(read, digest);
    const ku = read.signer.keyUsage;
    if (ku && !ku.digitalSignature)
      throw new AcceptError('SIGNATURE_SIGNER_UNTRUSTED', { detail: 'the certificate is not for signing' });
    const cades = readUnsignedAttributes({
      unsignedAttrs: read.unsignedAttrs,
      signature: read.signature,
      signingCertificate: checked.signingCertificate !== undefined,
      signedAttributes: checked.signedAttributes,
      readCertificate: parseCertificate,
      imprints: DSTU_IMPRINTS,
    });
    const { signingTime } = checked;
    if (
      signingTime !== undefined &&
      options.now !== undefined &&
      signingTime > options.now + MAX_CLOCK_SKEW_MS
    )
      throw new AcceptError('SIGNATURE_TIME_INVALID', { detail: 'signing time in the future' });
    const stamped = cades.timestamps.find((t) => t.imprintMatches)?.genTime;
    // A signature is stamped after it is made: a signing time later than its own timestamp is a false claim
    // (or a timestamp of something else); the tolerance is the same as for the clock.
    if (signingTime !== undefined && stamped !== undefined && signingTime > stamped + MAX_CLOCK_SKEW_MS)
      throw new AcceptError('SIGNATURE_TIME_INVALID', {
        detail: 'signing time after its signature timestamp',
      });
    let checkedAt: number;
    let checkedAtSource: VerifiedCades['checkedAtSource'];
    if (typeof options.at === 'number') [checkedAt, checkedAtSource] = [options.at, 'given'];
    else if (signingTime !== undefined) [checkedAt, checkedAtSource] = [signingTime, 'signing-time'];
    else if (stamped !== undefined) [checkedAt, checkedAtSource] = [stamped, 'signature-timestamp'];
    else
      throw new AcceptError('SIGNATURE_TIME_INVALID', { detail: 'no signing time to validate the chain at' });
    const intermediates = [...read.certificates, ...given];
    const chain = validateChain(read.signer, options.trust, checkedAt, intermediates);
    return {
      signer: read.signer,
      chain,
      signingTime,
      checkedAt,
      checkedAtSource,
      digest,
      attached: read.attached,
      contentType: read.contentType,
      contentTimestamp: checked.contentTimestamp,
      signingCertificate: checked.signingCertificate,
      cades,
    };
  });
}
