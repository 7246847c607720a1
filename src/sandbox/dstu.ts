/**
 * The sandbox's `dstu` profile: deliveries sealed as the real platform seals them (base64 CMS EnvelopedData
 * around CMS SignedData, DSTU 4145 and GOST), with the platform test key the caller provides. The dstu code
 * is imported only here, and only when a sandbox asks for it, so `diia-accept/sandbox` stays light.
 *
 * @module
 */
import type { Clock } from '../clock.js';
import { AcceptError } from '../errors.js';
import type { DstuKeySource, DstuKeys } from '../profiles/dstu/index.js';
// The base64 text codec is a few lines with no cryptography: imported statically, unlike the profile.
import { decodeSealed, encodeSealed } from '../profiles/dstu/sealed-text.js';
import type { Sealer } from '../profiles/port.js';
import type { SealedFormat } from './courier.js';

/**
 * The keys of a sandbox with `profile: 'dstu'`: the platform's container (a signing key and a
 * key-agreement key with their certificates, as in the test `DiiaTest.pfx`) and the partner's key-agreement
 * certificate, the recipient of every delivery.
 *
 * @example
 * ```ts
 * const dstu: SandboxDstuOptions = {
 *   platformKeys: await loadDstuKeys({ container: diiaTestPfx, password: 'Test' }),
 *   partnerCertificate: await readFile('EU-KEP-5B63D88375D9201804000000E0BA0500B5810D00.cer'),
 * };
 * ```
 */
export interface SandboxDstuOptions {
  /** The platform's key container, or keys already opened with `loadDstuKeys` (opening takes seconds). */
  readonly platformKeys: DstuKeys | DstuKeySource;
  /** DER certificate of the partner's key-agreement key (on the platform's key-agreement curve). */
  readonly partnerCertificate: Uint8Array;
}

interface Tlv {
  readonly start: number;
  readonly body: number;
  readonly end: number;
}

function tlv(der: Uint8Array, at: number): Tlv {
  let length = der[at + 1] ?? 0;
  let body = at + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (der[body + i] ?? 0);
    body += count;
  }
  return { start: at, body, end: body + length };
}

function lastChild(der: Uint8Array, parent: Tlv): Tlv {
  let child = tlv(der, parent.body);
  while (child.end < parent.end) child = tlv(der, child.end);
  return child;
}

/**
 * Changes one byte of the encrypted content, about a hundred bytes in: inside the signed file, past the
 * SignedData header, so the opener sees content that no longer matches its signed digest (CFB carries the
 * change into the plaintext without noticing).
 */
function tamperEnveloped(sealed: Uint8Array): Uint8Array {
  const der = Uint8Array.from(decodeSealed(sealed));
  // ContentInfo { contentType, [0] { EnvelopedData { …, encryptedContentInfo { …, [0] encryptedContent } } } }
  const explicit = lastChild(der, tlv(der, 0));
  const enveloped = tlv(der, explicit.body);
  const encrypted = lastChild(der, lastChild(der, enveloped));
  const length = encrypted.end - encrypted.body;
  const at = encrypted.body + (length > 200 ? 100 : Math.floor(length / 2));
  der[at] = (der[at] ?? 0) ^ 0x01;
  return encodeSealed(der);
}

/** The dstu profile's parts: base64 text of DER, named like the real platform's. */
export const DSTU_FORMAT: SealedFormat = {
  suffix: '.pdf.p7s.p7e',
  contentType: 'application/octet-stream',
  tamper: tamperEnveloped,
};

/**
 * Loads the dstu code and makes the sandbox's sealer. Seals a byte once, so that a wrong password, a
 * container without the keys or a certificate on another curve fails `createSandbox`, not a delivery.
 */
export async function dstuSandboxSealer(
  options: SandboxDstuOptions | undefined,
  clock: Clock,
): Promise<Sealer> {
  if (!options?.platformKeys || !(options.partnerCertificate instanceof Uint8Array)) {
    throw new AcceptError('INVALID_ARGUMENT', {
      detail: "profile 'dstu' needs dstu: { platformKeys, partnerCertificate }",
    });
  }
  const { dstuSealer, loadDstuKeys } = await import('../profiles/dstu/index.js');
  const keys =
    'container' in options.platformKeys ? await loadDstuKeys(options.platformKeys) : options.platformKeys;
  const sealer = dstuSealer({ keys, recipients: [options.partnerCertificate], clock });
  await sealer.seal(new Uint8Array(1));
  return sealer;
}
