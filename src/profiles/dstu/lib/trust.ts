/**
 * Chain validation for DSTU certificates: from the signer up through its authority key identifiers to a
 * certificate of the CA bundle, every signature checked and every certificate valid at one explicit time.
 * Every certificate of the bundle is a trust anchor, as the CA lists that Ukrainian CAs publish are meant
 * to be used; revocation (CRL, OCSP) is not checked.
 *
 * @module
 */

import { hex } from '../../../bytes.js';
import { octets, parseAs, readDer } from '../../../der.js';
import { sha256Hex } from '../../../digest.js';
import { AcceptError } from '../../../errors.js';
import { type Certificate, certificatesOfBundle, parseCertificate } from './certificate.js';
import { DSTU4145_LE, verify } from './dstu4145.js';
import { gost34311 } from './gost34311.js';

/** The CA certificates indexed by subject key identifier. */
export interface CaStore {
  readonly byKeyId: ReadonlyMap<string, readonly Certificate[]>;
  readonly size: number;
}

// The DER of the subjectKeyIdentifier extension's OID, 2.5.29.14.
const SKI_OID = [0x06, 0x03, 0x55, 0x1d, 0x0e];

/** A DER length at `at`: [value, header bytes], or undefined for a form certificates do not use. */
function lengthAt(der: Uint8Array, at: number): [number, number] | undefined {
  const first = der[at];
  if (first === undefined) return undefined;
  if (first < 0x80) return [first, 1];
  if (first === 0x81 && at + 1 < der.length) return [der[at + 1] as number, 2];
  if (first === 0x82 && at + 2 < der.length)
    return [((der[at + 1] as number) << 8) | (der[at + 2] as number), 3];
  return undefined;
}

/**
 * The subject key identifiers a certificate's bytes seem to carry: every place where the extension's OID is
 * followed by an extension value holding an OCTET STRING. Only an index: a certificate found under a key
 * is parsed in full and kept only when its parsed identifier is that key.
 */
function keyIdsIn(der: Uint8Array): string[] {
  const ids: string[] = [];
  outer: for (let i = 0; i + SKI_OID.length < der.length; i++) {
    for (let j = 0; j < SKI_OID.length; j++) if (der[i + j] !== SKI_OID[j]) continue outer;
    let p = i + SKI_OID.length;
    if (der[p] === 0x01 && der[p + 1] === 0x01) p += 3; // critical
    if (der[p] !== 0x04) continue;
    const outerLength = lengthAt(der, p + 1);
    if (!outerLength) continue;
    p += 1 + outerLength[1];
    if (der[p] !== 0x04) continue;
    const inner = lengthAt(der, p + 1);
    if (!inner) continue;
    const start = p + 1 + inner[1];
    if (inner[0] === 0 || inner[0] > 64 || start + inner[0] > der.length) continue;
    ids.push(hex(der.subarray(start, start + inner[0])));
  }
  return ids;
}

/**
 * The CA certificates by subject key identifier, parsed when a key is first looked up: a bundle holds
 * hundreds of certificates and a chain needs one or two of them, so the first delivery does not wait for
 * all of them to be parsed. A certificate that turns out malformed when looked up is `CERTIFICATE_MALFORMED`.
 */
class LazyCertificateIndex implements ReadonlyMap<string, readonly Certificate[]> {
  readonly #raw = new Map<string, Uint8Array[]>();
  readonly #parsed = new Map<string, Certificate[]>();

  addRaw(id: string, der: Uint8Array): void {
    const list = this.#raw.get(id) ?? [];
    list.push(der);
    this.#raw.set(id, list);
  }

  addParsed(cert: Certificate & { readonly subjectKeyId: string }): void {
    this.addRaw(cert.subjectKeyId, cert.raw);
    const list = this.#parsed.get(cert.subjectKeyId);
    if (list) list.push(cert);
  }

  get size(): number {
    return this.#raw.size;
  }

  has(id: string): boolean {
    return this.#raw.has(id);
  }

  get(id: string): readonly Certificate[] | undefined {
    const hit = this.#parsed.get(id);
    if (hit) return hit;
    const ders = this.#raw.get(id);
    if (!ders) return undefined;
    const certs = ders
      .map((der) => parseAs('CERTIFICATE_MALFORMED', () => parseCertificate(der)))
      .filter((cert) => cert.subjectKeyId === id);
    this.#parsed.set(id, certs);
    return certs;
  }

  keys(): MapIterator<string> {
    return this.#raw.keys();
  }

  *values(): MapIterator<readonly Certificate[]> {
    for (const id of this.#raw.keys()) yield this.get(id) ?? [];
  }

  *entries(): MapIterator<[string, readonly Certificate[]]> {
    for (const id of this.#raw.keys()) yield [id, this.get(id) ?? []];
  }

  [Symbol.iterator](): MapIterator<[string, readonly Certificate[]]> {
    return this.entries();
  }

  forEach(
    fn: (
      value: readonly Certificate[],
      key: string,
      map: ReadonlyMap<string, readonly Certificate[]>,
    ) => void,
  ): void {
    for (const [id, certs] of this.entries()) fn(certs, id, this);
  }
}

/**
 * Builds a store from `.p7b` bundles and/or DER certificates. Throws `CERTIFICATE_MALFORMED` for a source
 * that is neither; the certificates of a bundle are indexed by their key identifiers and parsed in full
 * when first looked up (a malformed one is `CERTIFICATE_MALFORMED` then).
 */
export function caStore(sources: readonly Uint8Array[]): CaStore {
  const byKeyId = new LazyCertificateIndex();
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
      const ids = ders.length > 1 ? keyIdsIn(der) : [];
      if (ids.length === 0) {
        // A single certificate, or one whose identifier the scan does not find: parsed now.
        const cert = parseAs('CERTIFICATE_MALFORMED', () => parseCertificate(der));
        if (!cert.subjectKeyId) continue;
        byKeyId.addParsed(cert as Certificate & { readonly subjectKeyId: string });
        size++;
        continue;
      }
      for (const id of new Set(ids)) byKeyId.addRaw(id, der);
      size++;
    }
  }
  return { byKeyId, size };
}

/** Whether `issuer`'s key signed `cert`. */
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

const digestOf = (cert: Certificate): string => sha256Hex(cert.raw);

/**
 * Returns the chain [cert, …, anchor] or throws `CERTIFICATE_CHAIN_INVALID` (no path, a bad signature),
 * `CERTIFICATE_EXPIRED` or `CERTIFICATE_NOT_YET_VALID` (a certificate of the path not valid at `at`). A
 * chain once validated against a store is remembered by the signer certificate's SHA-256 with the window in
 * which every certificate of it is valid: a later call at a time inside the window costs no signature check. `intermediates` are extra
 * certificates (those a SignedData carries) that may sit between the signer and the bundle.
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
