/**
 * The partner's (or, in the sandbox, the platform's) key containers, read once and matched to the
 * certificates that name their keys.
 *
 * @module
 */

import { parseAs } from '../../der.js';
import { AcceptError } from '../../errors.js';
import { type Certificate, parseCertificate } from './lib/certificate.js';
import { openKeyContainer, type PrivateKey } from './lib/container.js';
import { sameCurve } from './lib/enveloped.js';

/**
 * A key container and its password: a PKCS#12 file as Ukrainian CAs issue them (`Key-6.dat`, `*.pfx`,
 * `*.p12`). Certificates for its keys are taken from the container and from `certificates`.
 *
 * @example
 * ```ts
 * const keys: DstuKeySource = { container: await readFile('Key-6.dat'), password: process.env.KEY_PASSWORD! };
 * ```
 */
export interface DstuKeySource {
  /** The container's bytes. */
  readonly container: Uint8Array;
  /** Its password. */
  readonly password: string;
  /** DER certificates of the container's keys, if the container does not hold them. */
  readonly certificates?: readonly Uint8Array[];
}

/** A private key and the certificate for it (when one was found). */
export interface LoadedKey {
  readonly key: PrivateKey;
  readonly certificate: Certificate | undefined;
}

/** Opens the containers and pairs every key with the certificate of the same public key. */
export function loadKeys(sources: readonly DstuKeySource[]): LoadedKey[] {
  if (sources.length === 0) throw new AcceptError('INVALID_ARGUMENT', { detail: 'no key containers' });
  const out: LoadedKey[] = [];
  for (const source of sources) {
    if (!(source.container instanceof Uint8Array) || typeof source.password !== 'string') {
      throw new AcceptError('INVALID_ARGUMENT', {
        detail: 'keys need { container: Uint8Array, password: string }',
      });
    }
    const opened = openKeyContainer(source.container, source.password);
    const certs = [...opened.certificates, ...(source.certificates ?? [])].map((der) =>
      parseAs('CERTIFICATE_MALFORMED', () => parseCertificate(der)),
    );
    for (const key of opened.keys) {
      const certificate = certs.find((c) => {
        const k = parseAs('CERTIFICATE_MALFORMED', () => c.key());
        return (
          k !== undefined &&
          sameCurve(k.params.curve, key.params.curve) &&
          k.q?.x === key.q?.x &&
          k.q?.y === key.q?.y
        );
      });
      out.push({ key, certificate });
    }
  }
  return out;
}

/** The first loaded key whose certificate allows `usage`. */
export function keyFor(
  keys: readonly LoadedKey[],
  usage: 'digitalSignature' | 'keyAgreement',
): LoadedKey | undefined {
  return keys.find((k) => k.certificate?.keyUsage?.[usage]);
}

// The private keys stay in this module: a DstuKeys object is only a handle to them.
const registry = new WeakMap<DstuKeys, readonly LoadedKey[]>();

/**
 * Opened key containers, to share between several openers and sealers: opening a container runs PBKDF2
 * (10 000 rounds of HMAC-GOST34311 per bag) and takes seconds, so do it once. The keys stay inside; the
 * object exposes only the certificates' subjects and serial numbers.
 *
 * @example
 * ```ts
 * const keys = await loadDstuKeys({ container: keyFile, password });
 * const opener = dstuOpener({ keys, trust });
 * ```
 */
export interface DstuKeys {
  /** For logs: which certificates the loaded keys belong to (subject and serial number, hex). */
  readonly certificates: readonly { readonly subject: string; readonly serialNumber: string }[];
}

/**
 * Opens one or more key containers once. Throws `KEY_CONTAINER_PASSWORD` or `KEY_CONTAINER_MALFORMED`.
 *
 * @example
 * ```ts
 * import { loadDstuKeys } from 'diia-accept/profiles/dstu';
 * const keys = await loadDstuKeys({ container: await readFile('Key-6.dat'), password: process.env.KEY_PASSWORD! });
 * ```
 */
export async function loadDstuKeys(sources: DstuKeySource | readonly DstuKeySource[]): Promise<DstuKeys> {
  const keys = loadKeys(Array.isArray(sources) ? sources : [sources as DstuKeySource]);
  const handle: DstuKeys = Object.freeze({
    certificates: keys.flatMap((k) =>
      k.certificate
        ? [{ subject: k.certificate.subject, serialNumber: k.certificate.serial.toString(16) }]
        : [],
    ),
  });
  registry.set(handle, keys);
  return handle;
}

/** The keys behind any accepted `keys` option. */
export function resolveKeys(keys: DstuKeys | DstuKeySource | readonly DstuKeySource[]): LoadedKey[] {
  const loaded = registry.get(keys as DstuKeys);
  if (loaded) return [...loaded];
  return loadKeys(Array.isArray(keys) ? keys : [keys as DstuKeySource]);
}
