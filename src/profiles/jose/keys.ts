/**
 * Keys of the jose profile: how the sealer and opener take them (a JWK with `kid`, or a `CryptoKey` with a
 * `kid` beside it) and how tests and demos make new ones.
 *
 * @module
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { AcceptError } from '../../errors.js';
import { type FileSignatureAlgorithm, isFileSignatureAlgorithm } from './algorithms.js';

/**
 * A key with its id: a `CryptoKey` and the `kid` it is known by.
 *
 * @example
 * ```ts
 * import type { KeyWithId } from 'diia-accept/profiles/jose';
 * const partner: KeyWithId = { kid: 'partner-1', key: privateCryptoKey };
 * ```
 */
export interface KeyWithId {
  /** The key id the other side knows the key by. */
  readonly kid: string;
  /** The key itself. */
  readonly key: CryptoKey;
}

/**
 * A key as the profile accepts it: a JWK carrying its `kid` (RFC 7517 §4.5), or a {@link KeyWithId}.
 *
 * @example
 * ```ts
 * import type { JoseKeyInput } from 'diia-accept/profiles/jose';
 * const key: JoseKeyInput = { kty: 'EC', crv: 'P-256', x: '…', y: '…', kid: 'partner-1' };
 * ```
 */
export type JoseKeyInput = KeyWithId | (JWK & { readonly kid: string });

/** A key ready for use. */
export interface ResolvedKey {
  readonly kid: string;
  readonly key: CryptoKey;
}

function kidOf(input: JoseKeyInput): string {
  const kid = (input as { kid?: unknown }).kid;
  if (typeof kid !== 'string' || kid.length === 0 || kid.length > 256) {
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'the key needs a kid (1 to 256 characters)' });
  }
  return kid;
}

function isKeyWithId(input: JoseKeyInput): input is KeyWithId {
  return typeof (input as { key?: unknown }).key === 'object' && (input as { key?: unknown }).key !== null;
}

/** The signature algorithm a signing key serves, from its `alg`, or else from its type and curve. */
export function signatureAlgorithmOf(input: JoseKeyInput): FileSignatureAlgorithm {
  if (isKeyWithId(input)) {
    const algorithm = input.key.algorithm as KeyAlgorithm & { namedCurve?: string };
    if (algorithm.name === 'ECDSA' && algorithm.namedCurve === 'P-256') return 'ES256';
    if (algorithm.name === 'Ed25519') return 'EdDSA';
    if (algorithm.name === 'RSA-PSS') return 'PS256';
  } else {
    if (input.alg !== undefined) {
      if (isFileSignatureAlgorithm(input.alg)) return input.alg;
      if (input.alg === 'Ed25519') return 'EdDSA';
    } else if (input.kty === 'EC' && input.crv === 'P-256') return 'ES256';
    else if (input.kty === 'OKP' && input.crv === 'Ed25519') return 'EdDSA';
    else if (input.kty === 'RSA') return 'PS256';
  }
  throw new AcceptError('INVALID_ARGUMENT', {
    detail: 'the signing key must be ECDSA P-256 (ES256), Ed25519 (EdDSA) or RSA-PSS (PS256)',
  });
}

/** Imports a signing (private) key for `alg`. */
export async function importSigningKey(
  input: JoseKeyInput,
  alg: FileSignatureAlgorithm,
): Promise<ResolvedKey> {
  const kid = kidOf(input);
  if (isKeyWithId(input)) return { kid, key: input.key };
  try {
    return { kid, key: (await importJWK(input, alg)) as CryptoKey };
  } catch (cause) {
    throw new AcceptError('INVALID_ARGUMENT', { cause, detail: 'the signing key cannot be imported' });
  }
}

/** Imports a key-agreement key (the partner's public key for sealing, its private key for opening). */
export async function importAgreementKey(input: JoseKeyInput): Promise<ResolvedKey> {
  const kid = kidOf(input);
  if (isKeyWithId(input)) return { kid, key: input.key };
  try {
    return { kid, key: (await importJWK(input, 'ECDH-ES+A256KW')) as CryptoKey };
  } catch (cause) {
    throw new AcceptError('INVALID_ARGUMENT', { cause, detail: 'the key-agreement key cannot be imported' });
  }
}

/**
 * A freshly made key pair with its id, in both JWK and `CryptoKey` form. The JWKs carry `kid`, `alg` and
 * `use`; the private JWK is the only place the private key leaves WebCrypto, so keep it secret.
 *
 * @example
 * ```ts
 * import { generatePartnerKeys, type GeneratedKeys } from 'diia-accept/profiles/jose';
 * const keys: GeneratedKeys = await generatePartnerKeys();
 * console.log(keys.kid, keys.publicJwk.crv); // '…thumbprint…', 'P-256'
 * ```
 */
export interface GeneratedKeys {
  /** The key id: the RFC 7638 thumbprint unless one was given. */
  readonly kid: string;
  /** The algorithm the pair serves. */
  readonly alg: string;
  /** The public half as a JWK (safe to publish). */
  readonly publicJwk: JWK & { readonly kid: string };
  /** The private half as a JWK (secret). */
  readonly privateJwk: JWK & { readonly kid: string };
  /** The public half as a `CryptoKey`. */
  readonly publicKey: CryptoKey;
  /** The private half as a `CryptoKey`. */
  readonly privateKey: CryptoKey;
}

async function generate(alg: string, use: 'enc' | 'sig', kid: string | undefined, crv?: string) {
  const pair = await generateKeyPair(alg, { extractable: true, ...(crv ? { crv } : {}) });
  const publicJwk = await exportJWK(pair.publicKey);
  const privateJwk = await exportJWK(pair.privateKey);
  const id = kid ?? (await calculateJwkThumbprint(publicJwk));
  const extra = { kid: id, alg, use };
  return {
    kid: id,
    alg,
    publicJwk: { ...publicJwk, ...extra },
    privateJwk: { ...privateJwk, ...extra },
    publicKey: pair.publicKey as CryptoKey,
    privateKey: pair.privateKey as CryptoKey,
  } satisfies GeneratedKeys;
}

/**
 * Makes a partner key-agreement pair (ECDH on P-256 by default, for `ECDH-ES+A256KW`): the platform (or the
 * sandbox) seals to the public half, the partner opens with the private half. For tests and demos; a real
 * partner makes its key once and keeps the private half in its key store.
 *
 * @example
 * ```ts
 * import { generatePartnerKeys, joseOpener } from 'diia-accept/profiles/jose';
 * const partner = await generatePartnerKeys({ kid: 'partner-1' });
 * const opener = joseOpener({ decryptionKey: partner.privateJwk, trust });
 * ```
 */
export function generatePartnerKeys(
  options: { readonly kid?: string; readonly crv?: 'P-256' | 'P-384' | 'P-521' | 'X25519' } = {},
): Promise<GeneratedKeys> {
  return generate('ECDH-ES+A256KW', 'enc', options.kid, options.crv ?? 'P-256');
}

/**
 * Makes a platform signing pair (`ES256` by default) as the sandbox and tests use it to sign copies and
 * document tokens. The public JWK is what a JWKS publishes.
 *
 * @example
 * ```ts
 * import { generatePlatformKeys, joseSealer } from 'diia-accept/profiles/jose';
 * const platform = await generatePlatformKeys({ alg: 'EdDSA', kid: 'platform-1' });
 * const sealer = joseSealer({ signingKey: platform.privateJwk, recipientKey: partnerPublicJwk });
 * ```
 */
export function generatePlatformKeys(
  options: { readonly kid?: string; readonly alg?: FileSignatureAlgorithm } = {},
): Promise<GeneratedKeys> {
  return generate(options.alg ?? 'ES256', 'sig', options.kid);
}
