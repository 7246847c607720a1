/**
 * Chain validation for DSTU certificates: from the signer up through its authority key identifiers to a
 * certificate of the CA bundle, every signature checked and every certificate valid at one explicit time.
 * Every certificate of the bundle is a trust anchor, as the CA lists that Ukrainian CAs publish are meant
 * to be used; revocation (CRL, OCSP) is not checked.
 *
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
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
    throw new AcceptError(at < cert.notBefore ? 'CERTIFICATE_NOT_YET_VALID' : 'CERTIFICATE_EXPIRED', {
      detail: `valid ${new Date(cert.notBefore).toISOString()} to ${new Date(cert.notAfter).toISOString()}`,
    });
  }
}

/** A chain once validated: its certificates and the window in which all of them are valid. */
interface ValidatedChain {
  readonly chain: readonly Certificate[];
  readonly notBefore: number;
  readonly notAfter: number;
}

// Per CA store (a store never changes once built), by the SHA-256 of the signer certificate's DER. The
// signatures of a chain do not depend on the time; only the validity window is checked again per call.
const validated = new WeakMap<CaStore, Map<string, ValidatedChain>>();
const MAX_CHAINS = 1024;

const digestOf = (cert: Certificate): string => bytesToHex(sha256(cert.raw));

/**
 * Returns the chain [cert, …, anchor] or throws `CERTIFICATE_CHAIN_INVALID` (no path, a bad signature),
 * `CERTIFICATE_EXPIRED` or `CERTIFICATE_NOT_YET_VALID` (a certificate of the path not valid at `at`). A
 * chain once validated against a store is remembered by the signer certificate's SHA-256 with the window in
 * which every certificate of it is valid: a later call at a time inside the window costs no signature check. `intermediates` are extra
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
  let cache = validated.get(store);
  if (!cache) {
    cache = new Map();
    validated.set(store, cache);
  }
  const key = digestOf(cert);
  const hit = cache.get(key);
  if (hit) {
    if (at < hit.notBefore || at > hit.notAfter) {
      // The same certificate, in the same order, refuses with the code the full walk would give.
      for (const c of hit.chain) assertValidAt(c, at);
    }
    return [...hit.chain];
  }
  const chain = walkChain(cert, store, at, intermediates);
  if (cache.size >= MAX_CHAINS) cache.delete(cache.keys().next().value as string);
  cache.set(key, {
    chain,
    notBefore: Math.max(...chain.map((c) => c.notBefore)),
    notAfter: Math.min(...chain.map((c) => c.notAfter)),
  });
  return [...chain];
}

function walkChain(
  cert: Certificate,
  store: CaStore,
  at: number,
  intermediates: readonly Certificate[],
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
