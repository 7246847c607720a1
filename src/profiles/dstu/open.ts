/**
 * The `dstu` opener: what the partner's webhook runs on each delivered part. Decrypts the CMS EnvelopedData
 * with the partner's key-agreement key, verifies the CMS SignedData inside, checks that the signer is one of
 * the platform's certificates and that its chain reaches the CA bundle, at an explicit time.
 *
 * @module
 */
import { equalBytes } from '../../bytes.js';
import { type Clock, systemClock } from '../../clock.js';
import { parseAs } from '../../der.js';
import { AcceptError, isAcceptError } from '../../errors.js';
import { optionKeys, refuseUnknownOptions } from '../../options.js';
import type { OpenCheck, OpenContext, OpenedFile, Opener, Signer } from '../port.js';
import { type DstuKeySource, type DstuKeys, type LoadedKey, resolveKeys } from './keys.js';
import { type Certificate, parseCertificate } from './lib/certificate.js';
import { openEnvelopeInSlices } from './lib/enveloped.js';
import { type VerifiedSignedData, verifySignedDataInSlices } from './lib/signed.js';
import { sha256HexInSlices } from './lib/slices.js';
import { type CaStore, caStore, validateChain } from './lib/trust.js';
import { decodeSealedInSlices } from './sealed-text.js';

/**
 * What the receiver trusts: the CA bundle (`CACertificates.p7b` of the CAs, or DER certificates) and the
 * platform's own certificates — only a signer among `platformCertificates` is accepted.
 *
 * @example
 * ```ts
 * const trust: DstuTrust = { caBundle: await readFile('CACertificates.p7b'), platformCertificates: [diiaCert] };
 * ```
 */
export interface DstuTrust {
  /** One or more `.p7b` bundles or DER certificates; every certificate in them is a trust anchor. */
  readonly caBundle: Uint8Array | readonly Uint8Array[];
  /** DER certificates of the platform's signing (and key-agreement) keys. */
  readonly platformCertificates: readonly Uint8Array[];
}

/**
 * When certificates must be valid: `'now'` (the default: the clock's current time) or `'signing-time'`
 * (the signed `signingTime` attribute; for archives and for the expired sample data).
 *
 * @example
 * ```ts
 * const validity: DstuValidity = 'signing-time';
 * ```
 */
export type DstuValidity = 'now' | 'signing-time';

/**
 * Options of {@link dstuOpener}.
 *
 * @example
 * ```ts
 * const options: DstuOpenerOptions = {
 *   keys: { container: keyFile, password },
 *   trust: { caBundle, platformCertificates: [diiaSigningCert, diiaKeyAgreementCert] },
 * };
 * ```
 */
export interface DstuOpenerOptions {
  /**
   * The partner's key container(s), opened on first use (PBKDF2 makes that take seconds), or keys opened
   * once with {@link loadDstuKeys} and shared.
   */
  readonly keys: DstuKeys | DstuKeySource | readonly DstuKeySource[];
  /** The CA bundle and the platform's certificates. */
  readonly trust: DstuTrust;
  /** Time source for `validity: 'now'`; defaults to the system clock. */
  readonly clock?: Clock;
  /** When certificates must be valid; `'now'` unless you need to open archived deliveries. */
  readonly validity?: DstuValidity;
}

interface Prepared {
  readonly keys: readonly LoadedKey[];
  readonly store: CaStore;
  readonly platform: readonly Certificate[];
}

function prepare(options: DstuOpenerOptions): Prepared {
  const bundles =
    options.trust.caBundle instanceof Uint8Array ? [options.trust.caBundle] : options.trust.caBundle;
  const platform = options.trust.platformCertificates.map((der) =>
    parseAs('CERTIFICATE_MALFORMED', () => parseCertificate(der)),
  );
  return { keys: resolveKeys(options.keys), store: caStore(bundles), platform };
}

function signerOf(cert: Certificate): Signer {
  return {
    ...(cert.subjectKeyId ? { keyId: cert.subjectKeyId } : {}),
    subject: cert.subject,
    serialNumber: cert.serial.toString(16),
    issuer: cert.issuer,
    ...(cert.edrpou ? { edrpou: cert.edrpou } : {}),
    ...(cert.drfo ? { drfo: cert.drfo } : {}),
  };
}

/**
 * The signer must be one of the platform's certificates itself, byte for byte: a certificate that only
 * shares its key identifier (another certificate for the same key, or a forged one naming it) is not the
 * platform's, even when its chain is valid.
 */
function isPlatform(cert: Certificate, platform: readonly Certificate[]): boolean {
  return platform.some((p) => equalBytes(p.raw, cert.raw));
}

/**
 * The opener of the `dstu` profile: plug it into the webhook as the jose opener is. Throws
 * {@link AcceptError} with `ENVELOPE_*`, `SIGNATURE_*`, `CERTIFICATE_*` or `KEY_CONTAINER_*` codes, and
 * `DER_LIMIT_EXCEEDED` for input beyond the DER reader's limits (see the threat model).
 *
 * The signer must be one of `trust.platformCertificates` byte for byte, with a chain to the CA bundle. The
 * EnvelopedData's originator certificate is not checked: anyone can seal to the partner's public
 * key-agreement certificate, so it would prove nothing; it only decides whether the envelope decrypts.
 *
 * @example
 * ```ts
 * import { dstuOpener } from 'diia-accept/profiles/dstu';
 * const opener = dstuOpener({
 *   keys: { container: await readFile('Key-6.dat'), password: process.env.KEY_PASSWORD! },
 *   trust: { caBundle: await readFile('CACertificates.p7b'), platformCertificates: [await readFile('diia.cer')] },
 * });
 * const file = await opener.open(partBytes);
 * console.log(file.signer.subject, file.checks);
 * ```
 */
export function dstuOpener(options: DstuOpenerOptions): Opener {
  refuseUnknownOptions(
    options,
    optionKeys<DstuOpenerOptions>({ keys: true, trust: true, clock: true, validity: true }),
    'dstuOpener',
  );
  if (!options?.keys || !options.trust?.caBundle || !Array.isArray(options.trust.platformCertificates)) {
    throw new AcceptError('INVALID_ARGUMENT', {
      detail: 'dstuOpener needs keys and trust { caBundle, platformCertificates }',
    });
  }
  if (options.trust.platformCertificates.length === 0) {
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'trust.platformCertificates is empty' });
  }
  const validity = options.validity ?? 'now';
  if (validity !== 'now' && validity !== 'signing-time') {
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'validity must be "now" or "signing-time"' });
  }
  const clock = options.clock ?? systemClock;
  let prepared: Prepared | undefined;
  // A wrong password or a broken container stays wrong: remember it rather than run PBKDF2 per delivery.
  let broken: AcceptError | undefined;
  return {
    profile: 'dstu',
    async open(sealed: Uint8Array, context?: OpenContext): Promise<OpenedFile> {
      if (context?.signal?.aborted) throw new AcceptError('ABORTED', { cause: context.signal.reason });
      if (broken) throw broken;
      try {
        prepared ??= prepare(options);
      } catch (error) {
        if (isAcceptError(error)) broken = error;
        throw error;
      }
      const { keys, store, platform } = prepared;
      const checks: OpenCheck[] = [];
      // Decryption and the digests run in slices with turns of the event loop between them: a copy of
      // megabytes does not hold the thread for its whole length (the stall bench measures it).
      const envelope = await openEnvelopeInSlices(await decodeSealedInSlices(sealed), keys, platform);
      checks.push('decrypted');
      let signed: VerifiedSignedData;
      try {
        signed = await verifySignedDataInSlices(envelope.content, { certificates: platform });
      } catch (error) {
        // Without integrity of its own, a changed ciphertext shows up as a plaintext that is not SignedData.
        if (isAcceptError(error, 'SIGNATURE_MALFORMED'))
          throw new AcceptError('ENVELOPE_DECRYPT_FAILED', { cause: error });
        throw error;
      }
      checks.push('digest-matches', 'signature-valid');
      if (!isPlatform(signed.signer, platform)) throw new AcceptError('SIGNATURE_SIGNER_UNTRUSTED');
      if (signed.signer.keyUsage && !signed.signer.keyUsage.digitalSignature) {
        throw new AcceptError('SIGNATURE_SIGNER_UNTRUSTED', { detail: 'not a signing certificate' });
      }
      checks.push('signer-trusted');
      const at = validity === 'now' ? clock.now() : signed.signingTime;
      if (at === undefined)
        throw new AcceptError('CERTIFICATE_EXPIRED', { detail: 'the signature carries no signing time' });
      validateChain(signed.signer, store, at, signed.certificates);
      checks.push(
        'certificate-chain-valid',
        validity === 'now' ? 'certificate-valid-now' : 'certificate-valid-at-signing-time',
      );
      return {
        content: signed.content,
        signer: signerOf(signed.signer),
        ...(signed.signingTime !== undefined ? { signedAt: signed.signingTime } : {}),
        checks,
        sha256: await sha256HexInSlices(signed.content),
      };
    },
  };
}
