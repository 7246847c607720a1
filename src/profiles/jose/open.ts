/**
 * The opener of the jose profile (docs/protocol.md §4.2, "Opening"): every step its own error code, keys
 * only from the partner's own list (by `kid`) and from the trust store, never from a header.
 *
 * @module
 */
import { base64url } from 'jose';
import { type Clock, type Duration, parseDuration, systemClock } from '../../clock.js';
import { sha256Hex } from '../../digest.js';
import { AcceptError, type AcceptErrorCode } from '../../errors.js';
import { parseJsonObject } from '../../json.js';
import { optionKeys, refuseUnknownOptions } from '../../options.js';
import { verifyDetached } from '../../verify/signature.js';
import type { TrustStore } from '../../verify/trust.js';
import type { OpenContext, OpenedFile, Opener } from '../port.js';
import {
  CONTENT_ENCRYPTION,
  FILE_SIGNATURE_ALGORITHMS,
  type FileSignatureAlgorithm,
  FORBIDDEN_KEY_HEADERS,
  isKeyAgreementAlgorithm,
  type KeyAgreementAlgorithm,
  SEALED_FILE_CTY,
} from './algorithms.js';

import { type EnvelopeParts, openEnvelope, splitEnvelope } from './envelope.js';
import { importAgreementKey, type JoseKeyInput, type ResolvedKey } from './keys.js';
import { splitSignedFile } from './signed-file.js';

/**
 * Options of {@link joseOpener}.
 *
 * @example
 * ```ts
 * import type { JoseOpenerOptions } from 'diia-accept/profiles/jose';
 * const options: JoseOpenerOptions = { decryptionKey: partner.privateJwk, trust, algorithms: { signature: ['ES256'] } };
 * ```
 */
export interface JoseOpenerOptions {
  /** The partner's private key-agreement key(s), each with its `kid` (several during a key rotation). */
  readonly decryptionKey: JoseKeyInput | readonly JoseKeyInput[];
  /** Where the platform's signing keys are found, by `kid`. */
  readonly trust: TrustStore;
  /** Used to refuse signing times in the future; the system clock by default. */
  readonly clock?: Clock;
  /** Narrows the allow-lists; each must be a subset of the profile's own. */
  readonly algorithms?: {
    /** Default `['ECDH-ES+A256KW']`; add `'ECDH-ES'` to accept direct key agreement too. */
    readonly keyAgreement?: readonly KeyAgreementAlgorithm[];
    /** Default `['ES256', 'EdDSA', 'PS256']`. */
    readonly signature?: readonly FileSignatureAlgorithm[];
  };
  /** How far in the future a signing time may lie (clock skew); `'5m'` by default. */
  readonly maxClockSkew?: Duration;
}

function fail(code: AcceptErrorCode, detail: string, cause?: unknown): never {
  throw new AcceptError(code, cause === undefined ? { detail } : { detail, cause });
}

function decodeHeader(segment: string): Record<string, unknown> | undefined {
  try {
    const parsed = parseJsonObject(base64url.decode(segment));
    return parsed.ok ? parsed.value : undefined;
  } catch {
    return undefined;
  }
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AcceptError('ABORTED', { cause: signal.reason });
}

function allowList<T extends string>(
  given: readonly T[] | undefined,
  all: readonly T[],
  fallback: readonly T[],
) {
  const list = given ?? fallback;
  if (list.length === 0 || list.some((alg) => !all.includes(alg))) {
    throw new AcceptError('INVALID_ARGUMENT', {
      detail: `algorithms must be a non-empty subset of ${all.join(', ')}`,
    });
  }
  return new Set<string>(list);
}

/** Step 1-3: the compact JWE's header, checked, and the partner key its `kid` names. */
function readEnvelope(parts: EnvelopeParts, accepted: ReadonlySet<string>) {
  const protectedB64 = parts.protectedHeader;
  const header = decodeHeader(protectedB64);
  if (!header) fail('ENVELOPE_MALFORMED', 'the JWE protected header is not a JSON object');
  if (!isKeyAgreementAlgorithm(header.alg) || !accepted.has(header.alg)) {
    fail('ENVELOPE_ALGORITHM_NOT_ALLOWED', `alg ${JSON.stringify(String(header.alg)).slice(0, 40)}`);
  }
  if (header.enc !== CONTENT_ENCRYPTION) {
    fail('ENVELOPE_ALGORITHM_NOT_ALLOWED', `enc ${JSON.stringify(String(header.enc)).slice(0, 40)}`);
  }
  if ('zip' in header) fail('ENVELOPE_ALGORITHM_NOT_ALLOWED', 'compression (zip) is not allowed');
  if ('crit' in header) fail('ENVELOPE_MALFORMED', 'the JWE header has crit');
  if (FORBIDDEN_KEY_HEADERS.some((name) => name in header)) fail('ENVELOPE_MALFORMED', 'the JWE names a key');
  if (header.cty !== SEALED_FILE_CTY) fail('ENVELOPE_MALFORMED', 'the JWE content type is not a signed file');
  if (typeof header.kid !== 'string' || header.kid.length === 0)
    fail('ENVELOPE_MALFORMED', 'the JWE has no kid');
  if (header.alg === 'ECDH-ES' ? parts.encryptedKey.length > 0 : parts.encryptedKey.length === 0) {
    fail('ENVELOPE_MALFORMED', 'the encrypted key segment does not fit alg');
  }
  const epk = header.epk as { crv?: unknown } | undefined;
  return {
    header,
    alg: header.alg,
    kid: header.kid,
    curve: typeof epk?.crv === 'string' ? epk.crv : undefined,
  };
}

/**
 * Makes an {@link Opener} of the jose profile: what the partner's webhook does to each delivered part.
 * Decrypts with the partner's key chosen by the envelope's `kid`, then verifies the inner detached JWS with the
 * platform key the trust store resolves by `kid`. Throws `ENVELOPE_*`, `SIGNATURE_*`, `TRUST_*` or `ABORTED`.
 *
 * @example
 * ```ts
 * import { joseOpener } from 'diia-accept/profiles/jose';
 * const opener = joseOpener({ decryptionKey: partnerPrivateJwk, trust });
 * const file = await opener.open(partBytes, { fileName: 'passport-2858364170864-30.11.2026-02_10_00.pdf.jws.jwe' });
 * console.log(file.sha256, file.signer.keyId, file.checks);
 * ```
 */
export function joseOpener(options: JoseOpenerOptions): Opener {
  refuseUnknownOptions(
    options,
    optionKeys<JoseOpenerOptions>({
      decryptionKey: true,
      trust: true,
      clock: true,
      algorithms: true,
      maxClockSkew: true,
    }),
    'joseOpener',
  );
  const clock = options.clock ?? systemClock;
  const skewMs = parseDuration(options.maxClockSkew ?? '5m');
  const keyAgreement = allowList(
    options.algorithms?.keyAgreement,
    ['ECDH-ES+A256KW', 'ECDH-ES'],
    ['ECDH-ES+A256KW'],
  );
  const signature = allowList(
    options.algorithms?.signature,
    FILE_SIGNATURE_ALGORITHMS,
    FILE_SIGNATURE_ALGORITHMS,
  );
  const inputs = Array.isArray(options.decryptionKey)
    ? (options.decryptionKey as readonly JoseKeyInput[])
    : [options.decryptionKey as JoseKeyInput];
  if (inputs.length === 0) throw new AcceptError('INVALID_ARGUMENT', { detail: 'no decryption key' });
  let keys: Promise<ResolvedKey[]> | undefined;

  return {
    profile: 'jose',
    async open(sealed: Uint8Array, context: OpenContext = {}): Promise<OpenedFile> {
      checkAborted(context.signal);
      keys ??= Promise.all(inputs.map(importAgreementKey));
      const parts = splitEnvelope(trimEnd(sealed));
      const envelope = readEnvelope(parts, keyAgreement);
      const key = (await keys).find((k) => k.kid === envelope.kid);
      if (!key) fail('ENVELOPE_WRONG_RECIPIENT', 'no partner key has this kid');
      if (envelope.curve !== curveOf(key.key))
        fail('ENVELOPE_WRONG_RECIPIENT', 'the key is on another curve');
      const plaintext = await openEnvelope(parts, envelope.header, envelope.alg, key.key);
      checkAborted(context.signal);

      const { jws, content } = splitSignedFile(plaintext, signature);
      const verdict = await verifyDetached({
        content,
        jws,
        trust: options.trust,
        clock,
        clockTolerance: skewMs,
        maxContentSize: Number.MAX_SAFE_INTEGER,
        ...(context.signal ? { signal: context.signal } : {}),
      });
      if (verdict.status !== 'valid') throw verdict.error;
      checkAborted(context.signal);
      return {
        content,
        signer: { keyId: verdict.kid },
        signedAt: verdict.signedAt,
        checks: ['decrypted', 'signature-valid', 'signer-trusted'],
        sha256: verdict.digest.algorithm === 'SHA-256' ? verdict.digest.hex : sha256Hex(content),
      };
    },
  };
}

/** The curve of a key-agreement key, as a JWK `crv` names it. */
function curveOf(key: CryptoKey): string {
  const algorithm = key.algorithm as KeyAlgorithm & { namedCurve?: string };
  return algorithm.namedCurve ?? algorithm.name;
}

/** Tolerates a trailing line break a relay may add to a text part; the JWE itself has none. */
function trimEnd(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d || bytes[end - 1] === 0x20)) end--;
  return bytes.subarray(0, end);
}
