// Test keys and a raw signer: tokens are built byte by byte, so tests can make headers and payloads that
// no honest signer would (duplicate members, smuggled keys, bad encodings).
import { exportJWK, generateKeyPair } from 'jose';
import { encodeBase64url } from '../../../src/base64url.js';

export type TestAlg = 'ES256' | 'EdDSA' | 'PS256';

export interface TestKey {
  readonly alg: TestAlg;
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly jwk: Record<string, unknown>;
}

export async function testKey(alg: TestAlg, kid: string): Promise<TestKey> {
  const pair = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(pair.publicKey)), kid, ...(alg === 'PS256' ? { alg } : {}) };
  return { alg, kid, privateKey: pair.privateKey, publicKey: pair.publicKey, jwk };
}

const PARAMS = {
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
  EdDSA: { name: 'Ed25519' },
  PS256: { name: 'RSA-PSS', saltLength: 32 },
} as const;

export const text = (s: string) => new TextEncoder().encode(s);
export const b64 = (s: string | Uint8Array) => encodeBase64url(typeof s === 'string' ? text(s) : s);

/** Signs `encodedHeader.encodedPayload` with the key and returns the compact JWS. */
export async function signSegments(
  encodedHeader: string,
  encodedPayload: string,
  key: TestKey,
): Promise<string> {
  const signature = await crypto.subtle.sign(
    PARAMS[key.alg],
    key.privateKey,
    text(`${encodedHeader}.${encodedPayload}`),
  );
  return `${encodedHeader}.${encodedPayload}.${encodeBase64url(new Uint8Array(signature))}`;
}

/** Signs raw JSON texts (not objects, so duplicates and odd spellings survive). */
export function signRaw(headerJson: string, payloadJson: string, key: TestKey): Promise<string> {
  return signSegments(b64(headerJson), b64(payloadJson), key);
}

export const NOW_S = 1_790_000_000;
export const JTI = '6f1c1f6e-2b8a-4a57-9d3e-0d6a3c1b2e4f';

export function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: 'https://diia.app',
    iat: NOW_S,
    exp: NOW_S + 180,
    jti: JTI,
    doc: 'passport',
    handle: 'h-7Qd2',
    ...overrides,
  };
}

export function header(key: TestKey, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { alg: key.alg, typ: 'diia-document+jwt', kid: key.kid, ...overrides };
}

/** A well-formed token with optional changes to header and claims. */
export function token(
  key: TestKey,
  h: Record<string, unknown> = {},
  c: Record<string, unknown> = {},
): Promise<string> {
  return signRaw(JSON.stringify(header(key, h)), JSON.stringify(claims(c)), key);
}
