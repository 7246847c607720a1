/**
 * The signature algorithms the SDK accepts, as an explicit allow-list. Code downstream receives a resolved
 * {@link AlgorithmEntry}, never the raw `alg` string of a token, so `none`, HMAC (`HS256` keyed with a
 * public key) and anything else the platform does not use cannot reach a verification call.
 *
 * @internal
 * @module
 */
import { importJWK } from 'jose';

/**
 * An algorithm a platform key may sign with: ECDSA P-256 (`ES256`), Ed25519 (`EdDSA`) or RSASSA-PSS with
 * SHA-256 (`PS256`).
 *
 * @example
 * ```ts
 * import type { SignatureAlgorithm } from 'diia-accept/verify';
 * const preferred: SignatureAlgorithm = 'ES256';
 * ```
 */
export type SignatureAlgorithm = 'ES256' | 'EdDSA' | 'PS256';

/** One allowed algorithm with the WebCrypto parameters that verify it. */
export interface AlgorithmEntry {
  readonly alg: SignatureAlgorithm;
  /** The `crypto.subtle.verify` parameters. */
  readonly params: AlgorithmIdentifier | EcdsaParams | RsaPssParams;
  /** The exact signature length in bytes where the algorithm fixes it (RSA depends on the key). */
  readonly signatureLength?: number;
}

const ENTRIES: Readonly<Record<SignatureAlgorithm, AlgorithmEntry>> = {
  ES256: { alg: 'ES256', params: { name: 'ECDSA', hash: 'SHA-256' }, signatureLength: 64 },
  EdDSA: { alg: 'EdDSA', params: { name: 'Ed25519' }, signatureLength: 64 },
  // RFC 7518 section 3.5: the salt is as long as the hash.
  PS256: { alg: 'PS256', params: { name: 'RSA-PSS', saltLength: 32 } },
};

/**
 * Every allowed signature algorithm; nothing else is ever verified.
 *
 * @example
 * ```ts
 * import { SIGNATURE_ALGORITHMS } from 'diia-accept/verify';
 * SIGNATURE_ALGORITHMS.includes('ES256'); // true; 'HS256' and 'none' never are
 * ```
 */
export const SIGNATURE_ALGORITHMS: readonly SignatureAlgorithm[] = Object.freeze(['ES256', 'EdDSA', 'PS256']);

/** RFC 7518 section 3.5 asks for 2048 bits at least. */
const MIN_RSA_BITS = 2048;

/** Resolves an `alg` value from the allow-list; anything else (including `none` and `HS256`) is `undefined`. */
export function algorithmEntry(alg: unknown): AlgorithmEntry | undefined {
  return typeof alg === 'string' && Object.hasOwn(ENTRIES, alg)
    ? ENTRIES[alg as SignatureAlgorithm]
    : undefined;
}

/** The allowed algorithm a public verification key serves, or `undefined` for any other key. */
export function algorithmOfKey(key: CryptoKey): SignatureAlgorithm | undefined {
  if (key.type !== 'public' || !key.usages.includes('verify')) return undefined;
  const algorithm = key.algorithm as KeyAlgorithm & {
    namedCurve?: string;
    hash?: { name?: string };
    modulusLength?: number;
  };
  if (algorithm.name === 'ECDSA' && algorithm.namedCurve === 'P-256') return 'ES256';
  if (algorithm.name === 'Ed25519') return 'EdDSA';
  if (
    algorithm.name === 'RSA-PSS' &&
    algorithm.hash?.name === 'SHA-256' &&
    (algorithm.modulusLength ?? 0) >= MIN_RSA_BITS
  )
    return 'PS256';
  return undefined;
}

/** A verification key with its one algorithm, or why a JWK cannot be one. */
export type KeyImport =
  | { readonly ok: true; readonly key: CryptoKey; readonly alg: SignatureAlgorithm }
  | { readonly ok: false; readonly reason: string };

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/**
 * Imports a public JWK as a verification key bound to one allowed algorithm. Refuses private keys,
 * symmetric keys, keys for encryption, RSA keys without `"alg": "PS256"` (an RSA key alone does not say
 * whether it signs PKCS#1 v1.5 or PSS) and RSA keys under 2048 bits.
 */
export async function importVerificationJwk(jwk: unknown): Promise<KeyImport> {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk))
    return { ok: false, reason: 'not an object' };
  const j = jwk as Record<string, unknown>;
  if (PRIVATE_MEMBERS.some((m) => m in j)) return { ok: false, reason: 'private or symmetric key material' };
  if (j.use !== undefined && j.use !== 'sig') return { ok: false, reason: 'use is not "sig"' };
  if (j.key_ops !== undefined && !(Array.isArray(j.key_ops) && j.key_ops.includes('verify')))
    return { ok: false, reason: 'key_ops lacks "verify"' };
  let alg: SignatureAlgorithm;
  let publicPart: Record<string, unknown>;
  if (j.kty === 'EC' && j.crv === 'P-256') {
    alg = 'ES256';
    publicPart = { kty: 'EC', crv: 'P-256', x: j.x, y: j.y };
  } else if (j.kty === 'OKP' && j.crv === 'Ed25519') {
    alg = 'EdDSA';
    publicPart = { kty: 'OKP', crv: 'Ed25519', x: j.x };
  } else if (j.kty === 'RSA' && j.alg === 'PS256') {
    alg = 'PS256';
    publicPart = { kty: 'RSA', n: j.n, e: j.e };
  } else {
    return { ok: false, reason: 'key type, curve or algorithm not allowed' };
  }
  if (j.alg !== undefined && j.alg !== alg) return { ok: false, reason: `alg does not fit the key` };
  try {
    const key = await importJWK(publicPart, alg, { extractable: false });
    if (!(key instanceof CryptoKey) || algorithmOfKey(key) !== alg)
      return { ok: false, reason: 'key not usable for its algorithm (RSA keys need 2048 bits)' };
    return { ok: true, key, alg };
  } catch {
    return { ok: false, reason: 'key material cannot be imported' };
  }
}
