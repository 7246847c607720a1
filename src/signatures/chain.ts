/**
 * Chains of ECDSA certificates: from a signer's certificate through the issuers a signature carries to a
 * certificate of the partner's CA list, each certificate's signature checked with WebCrypto, each one valid
 * at one explicit time (the signing time, normally), each issuer a CA allowed to sign certificates.
 * Every certificate of the CA list is a trust anchor, as the Ukrainian CA lists are meant to be used; an
 * anchor's own signature is not checked. Revocation (CRL, OCSP) is not checked.
 *
 * @module
 */
import { equalBytes } from '../bytes.js';
import { children, type Der, oid, parseAs, readDer, TAG } from '../der.js';
import { AcceptError } from '../errors.js';
import { importSpki, SIGNATURE_ALGORITHMS, verifyEcdsa } from './ecdsa.js';
import { type EcCertificate, parseEcCertificate } from './x509.js';

/** The longest chain built, anchor included (real ones: citizen → Diia CA → central CA). */
export const MAX_CHAIN_LENGTH = 6;
/** Signature checks one chain may spend (several candidates of one name are tried in turn). */
const MAX_SIGNATURE_CHECKS = 16;

/** The partner's trusted ECDSA CA certificates. */
export interface EcTrustStore {
  readonly anchors: readonly EcCertificate[];
  /** Certificates of the sources left out because their key is not ECDSA P-256/P-384 (RSA, DSTU). */
  readonly skipped: number;
}

const SIGNED_DATA = '1.2.840.113549.1.7.2';

/** The certificates of a certs-only SignedData (`.p7b`), or undefined when `der` is not one. */
function bundleCertificates(der: Uint8Array): Uint8Array[] | undefined {
  let top: Der[];
  try {
    top = children(readDer(der), TAG.SEQUENCE);
    if (top.length !== 2 || top[0]?.tag !== TAG.OID || oid(top[0]) !== SIGNED_DATA) return undefined;
  } catch {
    return undefined; // not a bundle: read as a certificate, which names the fault
  }
  return parseAs('CERTIFICATE_MALFORMED', () => {
    const fields = children(children(top[1] as Der, 0xa0)[0] as Der, TAG.SEQUENCE);
    const certs = fields.find((d, i) => i > 2 && d.tag === 0xa0);
    return certs
      ? children(certs)
          .filter((d) => d.tag === TAG.SEQUENCE)
          .map((d) => d.raw)
      : [];
  });
}

/**
 * A trust store from DER certificates and/or certs-only `.p7b` bundles (such as a `CACertificates.p7b`
 * of the Ukrainian CAs). A certificate with a key of another kind (the RSA and DSTU twins in a CA list) is
 * skipped and counted; a malformed one is refused.
 *
 * @throws {AcceptError} `CERTIFICATE_MALFORMED`, `DER_LIMIT_EXCEEDED`, `INVALID_ARGUMENT` (not an array).
 * @example
 * ```ts
 * const trust = ecTrustStore([caBundleP7b]);
 * console.log(trust.anchors.length, 'ECDSA CAs;', trust.skipped, 'others left out');
 * ```
 */
export function ecTrustStore(sources: readonly Uint8Array[]): EcTrustStore {
  if (!Array.isArray(sources) || !sources.every((s) => s instanceof Uint8Array))
    throw new AcceptError('INVALID_ARGUMENT', {
      detail: 'ecTrustStore: an array of DER certificates or bundles',
    });
  const anchors: EcCertificate[] = [];
  let skipped = 0;
  for (const der of sources.flatMap((source) => bundleCertificates(source) ?? [source])) {
    try {
      anchors.push(parseEcCertificate(der));
    } catch (error) {
      if (error instanceof AcceptError && error.code === 'CERTIFICATE_ALGORITHM_NOT_ALLOWED') skipped++;
      else throw error;
    }
  }
  return Object.freeze({ anchors: Object.freeze(anchors), skipped });
}

const keys = new WeakMap<EcCertificate, Promise<CryptoKey>>();

/** The certificate's public key as a WebCrypto key (imported once per parsed certificate). */
export function publicKeyOf(cert: EcCertificate): Promise<CryptoKey> {
  let key = keys.get(cert);
  if (!key) {
    key = importSpki(cert.publicKey.spki, cert.publicKey.curve, 'CERTIFICATE_MALFORMED');
    keys.set(cert, key);
    key.catch(() => keys.delete(cert));
  }
  return key;
}

/**
 * Whether `issuer`'s key made `cert`'s signature.
 *
 * @throws {AcceptError} `CERTIFICATE_ALGORITHM_NOT_ALLOWED` (the certificate is signed with an algorithm
 *   other than ecdsa-with-SHA256/SHA384: RSA, SHA-1, …), `CERTIFICATE_MALFORMED` (its signature is not a
 *   strict DER ECDSA-Sig-Value with r and s in range; the issuer's key is not a point of its curve).
 * @example
 * ```ts
 * if (!(await ecIssuedBy(citizen, diiaCa))) throw new Error('not issued by this CA');
 * ```
 */
export async function ecIssuedBy(cert: EcCertificate, issuer: EcCertificate): Promise<boolean> {
  const hash = SIGNATURE_ALGORITHMS[cert.signatureAlgorithm];
  if (!hash) {
    throw new AcceptError('CERTIFICATE_ALGORITHM_NOT_ALLOWED', {
      detail: `certificate signed with ${cert.signatureAlgorithm} (ecdsa-with-SHA256/SHA384 only)`,
    });
  }
  const key = await publicKeyOf(issuer);
  return verifyEcdsa(
    key,
    issuer.publicKey.curve,
    hash,
    cert.signatureValue,
    cert.tbs,
    'CERTIFICATE_MALFORMED',
  );
}

function assertValidAt(cert: EcCertificate, at: number): void {
  if (at < cert.notBefore || at > cert.notAfter) {
    throw new AcceptError(at < cert.notBefore ? 'CERTIFICATE_NOT_YET_VALID' : 'CERTIFICATE_EXPIRED', {
      detail: `valid ${new Date(cert.notBefore).toISOString()} to ${new Date(cert.notAfter).toISOString()}`,
    });
  }
}

/** Why an issuer candidate cannot sign certificates, or undefined when it can at this place of the chain. */
function caProblem(ca: EcCertificate, intermediatesBelow: number): string | undefined {
  if (!ca.basicConstraints?.ca) return 'the issuer is not a CA (basicConstraints)';
  if (ca.keyUsage && !ca.keyUsage.keyCertSign) return 'the issuer may not sign certificates (keyUsage)';
  const limit = ca.basicConstraints.pathLength;
  if (limit !== undefined && intermediatesBelow > limit) return 'pathLenConstraint exceeded';
  return undefined;
}

const issues = (cert: EcCertificate, candidate: EcCertificate): boolean =>
  equalBytes(candidate.subjectRaw, cert.issuerRaw) &&
  (!cert.authorityKeyId || !candidate.subjectKeyId || cert.authorityKeyId === candidate.subjectKeyId);

/** Options of {@link buildEcChain}. */
export interface EcChainOptions {
  /** The trusted CA certificates. */
  readonly trust: EcTrustStore;
  /** The time (ms since the epoch) at which every certificate of the chain must be valid. */
  readonly at: number;
  /** Untrusted certificates that may sit between the certificate and an anchor (a SignedData's). */
  readonly intermediates?: readonly EcCertificate[];
}

/**
 * The chain `[cert, …, anchor]` from `cert` to a certificate of the trust store, every signature verified,
 * every certificate valid at `at`, every issuer a CA (basicConstraints cA, keyUsage keyCertSign where
 * present, pathLenConstraint). A certificate that is itself in the store is its own chain.
 *
 * @throws {AcceptError} `CERTIFICATE_CHAIN_INVALID` (no path to the store, a bad signature, an issuer that
 *   is not a CA), `CERTIFICATE_EXPIRED` / `CERTIFICATE_NOT_YET_VALID` (a certificate of the path at `at`),
 *   `CERTIFICATE_ALGORITHM_NOT_ALLOWED`, `CERTIFICATE_MALFORMED`, `INVALID_ARGUMENT`.
 * @example
 * ```ts
 * const chain = await buildEcChain(signer, { trust, at: signedAt, intermediates });
 * ```
 */
export async function buildEcChain(cert: EcCertificate, options: EcChainOptions): Promise<EcCertificate[]> {
  const { trust, at } = options;
  if (!trust || !Array.isArray(trust.anchors) || !Number.isFinite(at)) {
    throw new AcceptError('INVALID_ARGUMENT', {
      detail: 'buildEcChain: trust and a finite time are required',
    });
  }
  const intermediates = options.intermediates ?? [];
  const chain: EcCertificate[] = [cert];
  let checks = 0;
  let why = 'no issuer in the trust store';
  assertValidAt(cert, at);
  if (trust.anchors.some((a) => equalBytes(a.raw, cert.raw))) return chain;
  let current = cert;
  while (chain.length < MAX_CHAIN_LENGTH) {
    const below = chain.length - 1;
    const fromStore = trust.anchors.filter((a) => issues(current, a));
    const carried = intermediates.filter(
      (c) => issues(current, c) && !chain.some((seen) => equalBytes(seen.raw, c.raw)),
    );
    let next: { cert: EcCertificate; anchor: boolean } | undefined;
    for (const [candidate, anchor] of [
      ...fromStore.map((c) => [c, true] as const),
      ...carried.map((c) => [c, false] as const),
    ]) {
      const problem = caProblem(candidate, below);
      if (problem) {
        why = problem;
        continue;
      }
      if (++checks > MAX_SIGNATURE_CHECKS)
        throw new AcceptError('DER_LIMIT_EXCEEDED', { detail: 'too many issuer candidates' });
      if (!(await ecIssuedBy(current, candidate))) {
        why = 'a certificate signature is not valid';
        continue;
      }
      next = { cert: candidate, anchor };
      break;
    }
    if (!next) break;
    assertValidAt(next.cert, at);
    chain.push(next.cert);
    if (next.anchor) return chain;
    current = next.cert;
  }
  throw new AcceptError('CERTIFICATE_CHAIN_INVALID', { detail: why });
}
