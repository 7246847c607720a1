/**
 * Chain validation for DSTU certificates: from the signer up through its authority key identifiers to a
 * certificate of the CA bundle, every signature checked and every certificate valid at one explicit time.
 * Every certificate of the bundle is a trust anchor, as the CA lists that Ukrainian CAs publish are meant
 * to be used; revocation (CRL, OCSP) is not checked.
 *
 * @module
 */
import { AcceptError } from '../../../errors.js';
import { type Certificate, certificatesOfBundle, parseCertificate } from './certificate.js';
import { octets, parseAs, readDer } from './der.js';
import { DSTU4145_LE, verify } from './dstu4145.js';
import { gost34311 } from './gost34311.js';

/**
 * The CA certificates indexed by subject key identifier.
 *
 * @example
 * ```ts
 * const store: CaStore = caStore([bundle]);
 * ```
 */
export interface CaStore {
  readonly byKeyId: ReadonlyMap<string, readonly Certificate[]>;
  readonly size: number;
}

/**
 * Builds a store from `.p7b` bundles and/or DER certificates. Throws `CERTIFICATE_MALFORMED`.
 *
 * @example
 * ```ts
 * const store = caStore([await readFile('CACertificates.p7b')]);
 * ```
 */
export function caStore(sources: readonly Uint8Array[]): CaStore {
  const byKeyId = new Map<string, Certificate[]>();
  let size = 0;
  for (const source of sources) {
    const ders = parseAs('CERTIFICATE_MALFORMED', () => {
      try {
        return certificatesOfBundle(source);
      } catch {
        return [source];
      }
    });
    for (const der of ders) {
      const cert = parseAs('CERTIFICATE_MALFORMED', () => parseCertificate(der));
      if (!cert.subjectKeyId) continue;
      const list = byKeyId.get(cert.subjectKeyId) ?? [];
      list.push(cert);
      byKeyId.set(cert.subjectKeyId, list);
      size++;
    }
  }
  return { byKeyId, size };
}

/**
 * Whether `issuer`'s key signed `cert`.
 *
 * @example
 * ```ts
 * issuedBy(signerCertificate, caCertificate); // true when the CA's key signed it
 * ```
 */
export function issuedBy(cert: Certificate, issuer: Certificate): boolean {
  // Little-endian DSTU 4145 only, as in signed.ts.
  if (cert.signatureAlgorithm !== DSTU4145_LE) return false;
  try {
    const key = issuer.key();
    if (!key?.littleEndian) return false;
    const hash = gost34311(cert.tbs, key.params.sbox);
    const sig = octets(readDer(cert.signature));
    return verify(key.params.curve, key.q, hash, sig);
  } catch {
    return false;
  }
}

function assertValidAt(cert: Certificate, at: number): void {
  if (at < cert.notBefore || at > cert.notAfter) {
    throw new AcceptError('CERTIFICATE_EXPIRED', {
      detail: `valid ${new Date(cert.notBefore).toISOString()} to ${new Date(cert.notAfter).toISOString()}`,
    });
  }
}

/**
 * Returns the chain [cert, …, anchor] or throws `CERTIFICATE_CHAIN_INVALID` (no path, a bad signature)
 * or `CERTIFICATE_EXPIRED` (a certificate of the path not valid at `at`). `intermediates` are extra
 * certificates (those a SignedData carries) that may sit between the signer and the bundle.
 *
 * @example
 * ```ts
 * const chain = validateChain(signer, store, clock.now(), embeddedCertificates);
 * ```
 */
export function validateChain(
  cert: Certificate,
  store: CaStore,
  at: number,
  intermediates: readonly Certificate[] = [],
): Certificate[] {
  const chain: Certificate[] = [cert];
  let current = cert;
  for (let depth = 0; depth < 8; depth++) {
    assertValidAt(current, at);
    const aki = current.authorityKeyId;
    if (!aki) break;
    const anchors = store.byKeyId.get(aki) ?? [];
    const anchor = anchors.find((ca) => ca.isCa && issuedBy(current, ca));
    if (anchor) {
      if (anchor !== current) {
        assertValidAt(anchor, at);
        chain.push(anchor);
      }
      return chain;
    }
    if (current.subjectKeyId === aki) break; // self-signed and not in the bundle
    const next = intermediates.find((c) => c.subjectKeyId === aki && c.isCa && issuedBy(current, c));
    if (!next) break;
    chain.push(next);
    current = next;
  }
  throw new AcceptError('CERTIFICATE_CHAIN_INVALID');
}
