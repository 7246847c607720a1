/**
 * The `dstu` sealer: signs a file with the platform's signing key and encrypts it to the partner's
 * key-agreement certificate(s), in the format the real platform delivers. For the sandbox and tests.
 *
 * @module
 */
import { type Clock, systemClock } from '../../clock.js';
import { parseAs } from '../../der.js';
import { AcceptError } from '../../errors.js';
import { optionKeys, refuseUnknownOptions } from '../../options.js';
import type { Sealer } from '../port.js';
import { type DstuKeySource, type DstuKeys, keyFor, resolveKeys } from './keys.js';
import { type Certificate, parseCertificate } from './lib/certificate.js';
import {
  type KeyWithCertificate,
  type RandomBytes,
  webRandom,
  writeEnvelopedData,
  writeSignedData,
} from './lib/seal.js';
import { encodeSealed } from './sealed-text.js';

/**
 * Options of {@link dstuSealer}.
 *
 * @example
 * ```ts
 * const options: DstuSealerOptions = {
 *   keys: { container: diiaTestPfx, password: 'Test' },
 *   recipients: [partnerKeyAgreementCert],
 * };
 * ```
 */
export interface DstuSealerOptions {
  /** The sender's container: a signing key and a key-agreement key, each with its certificate. */
  readonly keys: DstuKeys | DstuKeySource;
  /** DER key-agreement certificates of the recipients (on the sender's key-agreement curve). */
  readonly recipients: readonly Uint8Array[];
  /** Signing time source; defaults to the system clock. */
  readonly clock?: Clock;
  /** Random bytes; defaults to `crypto.getRandomValues`. */
  readonly random?: (length: number) => Uint8Array;
  /** Put the sender's key-agreement certificate into `originatorInfo` (default true, as the platform does). */
  readonly includeOriginatorCertificate?: boolean;
}

function complete(k: ReturnType<typeof keyFor>, what: string): KeyWithCertificate {
  if (!k?.certificate)
    throw new AcceptError('KEY_CONTAINER_MALFORMED', { detail: `no ${what} key with a certificate` });
  return { key: k.key, certificate: k.certificate };
}

/**
 * A sealer that writes base64 CMS EnvelopedData around CMS SignedData, like the platform's deliveries.
 *
 * @example
 * ```ts
 * import { dstuSealer } from 'diia-accept/profiles/dstu';
 * const sealer = dstuSealer({ keys: { container: diiaTestPfx, password: 'Test' }, recipients: [partnerCert] });
 * const part = await sealer.seal(pdfBytes, { signedAt: Date.now() });
 * ```
 */
export function dstuSealer(options: DstuSealerOptions): Sealer {
  refuseUnknownOptions(
    options,
    optionKeys<DstuSealerOptions>({
      keys: true,
      recipients: true,
      clock: true,
      random: true,
      includeOriginatorCertificate: true,
    }),
    'dstuSealer',
  );
  if (!options?.keys || !Array.isArray(options.recipients) || options.recipients.length === 0) {
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'dstuSealer needs keys and at least one recipient' });
  }
  const clock = options.clock ?? systemClock;
  const random: RandomBytes = options.random ?? webRandom;
  let ready:
    | { signer: KeyWithCertificate; originator: KeyWithCertificate; recipients: Certificate[] }
    | undefined;
  return {
    profile: 'dstu',
    async seal(content, context) {
      if (!(content instanceof Uint8Array))
        throw new AcceptError('INVALID_ARGUMENT', { detail: 'content must be bytes' });
      if (!ready) {
        const keys = resolveKeys(options.keys);
        ready = {
          signer: complete(keyFor(keys, 'digitalSignature'), 'signing'),
          originator: complete(keyFor(keys, 'keyAgreement'), 'key-agreement'),
          recipients: options.recipients.map((der) =>
            parseAs('CERTIFICATE_MALFORMED', () => parseCertificate(der)),
          ),
        };
      }
      const { signer, originator, recipients } = ready;
      const signedAt = context?.signedAt ?? clock.now();
      const signed = writeSignedData(content, signer, signedAt, random);
      const enveloped = parseAs('CERTIFICATE_MALFORMED', () =>
        writeEnvelopedData(
          signed,
          originator,
          recipients,
          random,
          options.includeOriginatorCertificate ?? true,
        ),
      );
      return encodeSealed(enveloped);
    },
  };
}
