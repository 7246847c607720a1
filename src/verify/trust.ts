/**
 * Trust in the platform's keys: the `TrustStore` port and pinned keys. A remote JWKS with rotation lives in
 * `remote-jwks.ts`.
 *
 * @module
 */
import { AcceptError } from '../errors.js';
import { algorithmOfKey, importVerificationJwk, type SignatureAlgorithm } from './algorithms.js';

/**
 * Why a key could not be resolved. `unknown-key` (no key with this `kid`) and `algorithm-mismatch` (the key
 * with this `kid` signs with another algorithm) mean "invalid"; `unavailable` and `stale` mean "unknown",
 * never "invalid".
 *
 * @example
 * ```ts
 * import type { TrustFailure } from 'diia-accept/verify';
 * const undecided: TrustFailure[] = ['unavailable', 'stale'];
 * ```
 */
export type TrustFailure = 'unknown-key' | 'algorithm-mismatch' | 'unavailable' | 'stale';

/**
 * The result of resolving a key: three-state, like every result of the SDK.
 *
 * @example
 * ```ts
 * import type { TrustLookup } from 'diia-accept/verify';
 * const lookup: TrustLookup = await trust.resolve('platform-2026', 'ES256');
 * if (lookup.status === 'found') console.log(lookup.kid);
 * ```
 */
export type TrustLookup =
  | { readonly status: 'found'; readonly key: CryptoKey; readonly kid: string }
  | { readonly status: TrustFailure; readonly cause?: unknown };

/**
 * Where the SDK finds the platform's verification keys. Keys are found by `kid` only; a key named by the
 * token itself (`jwk`, `jku`, `x5u`, `x5c`) is never used.
 *
 * @example
 * ```ts
 * import type { TrustStore } from 'diia-accept/verify';
 * const none: TrustStore = { resolve: async () => ({ status: 'unavailable' }) };
 * ```
 */
export interface TrustStore {
  /** Resolves the key with this `kid` for this allowed algorithm. Never throws. */
  resolve(kid: string, alg: string, options?: { readonly signal?: AbortSignal }): Promise<TrustLookup>;
}

/**
 * A verification key given as a `CryptoKey` (public, usage `verify`: ECDSA P-256, Ed25519, or RSA-PSS with
 * SHA-256 of at least 2048 bits) with the key id tokens name it by.
 *
 * @example
 * ```ts
 * import type { PinnedCryptoKey } from 'diia-accept/verify';
 * const pinned: PinnedCryptoKey = { kid: 'platform-2026', key: publicKey };
 * ```
 */
export interface PinnedCryptoKey {
  readonly kid: string;
  readonly key: CryptoKey;
}

/**
 * A public key as a JWK (`kty`, `crv`, `x`, `y`, `n`, `e`, `kid`, optional `alg`/`use`/`key_ops`).
 *
 * @example
 * ```ts
 * import type { PublicJwk } from 'diia-accept/verify';
 * const jwk: PublicJwk = { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo', kid: 'k1' };
 * ```
 */
export type PublicJwk = { readonly kid?: string } & Readonly<Record<string, unknown>>;

/** One trusted key with its single algorithm. */
export interface TrustedKey {
  readonly kid: string;
  readonly alg: SignatureAlgorithm;
  readonly key: CryptoKey;
}

/**
 * Imports keys into a map by `kid`. With `strict`, any key that cannot be trusted throws
 * `TRUST_KEY_INVALID`; without it (a published JWKS may list keys for other uses), such keys are skipped.
 * A `kid` listed twice is ambiguous: strict refuses it, lenient drops every key with it.
 */
export async function importKeySet(
  keys: readonly unknown[],
  strict: boolean,
): Promise<ReadonlyMap<string, TrustedKey>> {
  const found = new Map<string, TrustedKey>();
  const ambiguous = new Set<string>();
  for (const [index, entry] of keys.entries()) {
    const imported = await importOne(entry);
    if (!imported.ok) {
      if (strict) throw new AcceptError('TRUST_KEY_INVALID', { detail: `key ${index}: ${imported.reason}` });
      continue;
    }
    const { kid } = imported.key;
    if (found.has(kid) || ambiguous.has(kid)) {
      if (strict) throw new AcceptError('TRUST_KEY_INVALID', { detail: `key ${index}: kid listed twice` });
      found.delete(kid);
      ambiguous.add(kid);
      continue;
    }
    found.set(kid, imported.key);
  }
  return found;
}

async function importOne(
  entry: unknown,
): Promise<{ ok: true; key: TrustedKey } | { ok: false; reason: string }> {
  if (typeof entry !== 'object' || entry === null) return { ok: false, reason: 'not an object' };
  const kid = (entry as { kid?: unknown }).kid;
  if (typeof kid !== 'string' || kid.length === 0 || kid.length > 128)
    return { ok: false, reason: 'kid missing or too long' };
  const candidate = (entry as { key?: unknown }).key;
  if (typeof CryptoKey !== 'undefined' && candidate instanceof CryptoKey) {
    const alg = algorithmOfKey(candidate);
    if (!alg)
      return { ok: false, reason: 'CryptoKey is not a public verification key of an allowed algorithm' };
    return { ok: true, key: { kid, alg, key: candidate } };
  }
  const imported = await importVerificationJwk(entry);
  if (!imported.ok) return imported;
  return { ok: true, key: { kid, alg: imported.alg, key: imported.key } };
}

/** Looks a key up in a map; shared by every store so "found" means the same everywhere. */
export function lookupKey(keys: ReadonlyMap<string, TrustedKey>, kid: string, alg: string): TrustLookup {
  const key = keys.get(kid);
  if (!key) return { status: 'unknown-key' };
  if (key.alg !== alg) return { status: 'algorithm-mismatch' };
  return { status: 'found', key: key.key, kid };
}

/**
 * A trust store of keys fixed in the partner's configuration: JWKs (a JWKS object or an array) or
 * `CryptoKey`s with their `kid`. Every key must be a public key of an allowed algorithm (ES256, EdDSA,
 * PS256; RSA JWKs must say `"alg": "PS256"`), else it throws `TRUST_KEY_INVALID`.
 *
 * @example
 * ```ts
 * import { pinnedKeys, verifyDocumentToken } from 'diia-accept/verify';
 * const trust = await pinnedKeys({ keys: [{ kty: 'EC', crv: 'P-256', x, y, kid: 'platform-2026' }] });
 * const result = await verifyDocumentToken(token, { trust });
 * ```
 */
export async function pinnedKeys(
  keys: { readonly keys: readonly PublicJwk[] } | readonly (PublicJwk | PinnedCryptoKey)[],
): Promise<TrustStore> {
  const list = Array.isArray(keys) ? keys : (keys as { keys?: unknown }).keys;
  if (!Array.isArray(list) || list.length === 0)
    throw new AcceptError('TRUST_KEY_INVALID', { detail: 'no keys given' });
  const set = await importKeySet(list, true);
  return { resolve: async (kid, alg) => lookupKey(set, kid, alg) };
}
