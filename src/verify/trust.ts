/**
 * Trust in the platform's keys: the `TrustStore` port.
 *
 * @module
 */

/** Why a key could not be resolved. `unavailable` and `stale` mean "unknown", never "invalid". */
export type TrustFailure = 'unknown-key' | 'unavailable' | 'stale';

/** The result of resolving a key: three-state, like every result of the SDK. */
export type TrustLookup =
  | { readonly status: 'found'; readonly key: CryptoKey; readonly kid: string }
  | { readonly status: TrustFailure; readonly cause?: unknown };

/**
 * Where the SDK finds the platform's verification keys. Keys are found by `kid` only; a key named by the
 * token itself (`jwk`, `jku`, `x5u`, `x5c`) is never used.
 */
export interface TrustStore {
  /** Resolves the key with this `kid` for this allowed algorithm. Never throws. */
  resolve(kid: string, alg: string, options?: { readonly signal?: AbortSignal }): Promise<TrustLookup>;
}
