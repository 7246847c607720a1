// What the Diia ID tests share: a fake verifier that checks the digest it is given, a transport that records
// the offer requests, and deliveries built as the platform's receivers show them (one `encodeData` part,
// form-data or multipart/mixed, text or file).
import { manualClock } from '../../../src/clock.js';
import { encodeBase64 } from '../../../src/diia-id/base64.js';
import { createDiiaId, type DiiaIdOptions } from '../../../src/diia-id/diia-id.js';
import { memoryDiiaIdStore } from '../../../src/diia-id/store.js';
import type { DiiaIdVerify, DiiaIdVerifyContext } from '../../../src/diia-id/types.js';
import { AcceptError } from '../../../src/errors.js';
import type { OfferRequest } from '../../../src/transport/port.js';

export const BRANCH_ID = 'b'.repeat(128);
export const OFFER_ID = 'c'.repeat(128);
export const START = Date.UTC(2026, 11, 5, 7, 0, 0);

const MAGIC = new TextEncoder().encode('FAKE-CMS');

/**
 * A stand-in signature: "FAKE-CMS", one byte of length, the digest it covers, then a signer tag. Not a CMS;
 * the fake verifier is what reads it (real CAdES verification is a port).
 */
export function fakeSignature(digest: Uint8Array, signer = 'holder'): Uint8Array {
  const tag = new TextEncoder().encode(signer);
  return Uint8Array.from([...MAGIC, digest.length, ...digest, ...tag]);
}

/** The verifier: refuses a signature over another digest, as a detached CMS check of `messageDigest` does. */
export function fakeVerify(calls: DiiaIdVerifyContext[] = []): DiiaIdVerify {
  return async (signature, context) => {
    calls.push(context);
    if (!MAGIC.every((b, i) => signature[i] === b)) throw new AcceptError('SIGNATURE_INVALID');
    const length = signature[MAGIC.length]!;
    const digest = signature.subarray(MAGIC.length + 1, MAGIC.length + 1 + length);
    if (digest.length !== context.digest.length || !digest.every((b, i) => b === context.digest[i]))
      throw new AcceptError('SIGNATURE_DIGEST_MISMATCH');
    const tag = new TextDecoder().decode(signature.subarray(MAGIC.length + 1 + length));
    if (tag === 'throws') throw new TypeError('verifier bug');
    return {
      signedAt: context.at - 1_000,
      level: 'BES',
      signer: { fullName: 'Коваленко Олена Петрівна', taxId: '3184710691' },
      certificate: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]),
      checks: ['message-digest', 'signature', 'chain'],
    };
  };
}

export function recordingTransport(deeplink = 'https://diia.app/acquirers/offer-request/dynamic/x') {
  const requests: OfferRequest[] = [];
  return {
    requests,
    async createOfferRequest(request: OfferRequest) {
      requests.push(request);
      return { deeplink };
    },
  };
}

export function setup(options: Partial<DiiaIdOptions> = {}) {
  const clock = manualClock(START);
  const transport = recordingTransport();
  const calls: DiiaIdVerifyContext[] = [];
  const logs: unknown[] = [];
  const store = memoryDiiaIdStore({ clock });
  const diiaId = createDiiaId({
    transport,
    verify: fakeVerify(calls),
    store,
    clock,
    logger: (entry) => logs.push(entry),
    ...options,
  });
  return { clock, transport, calls, logs, store, diiaId };
}

export interface DeliveryOptions {
  readonly action?: string | null;
  readonly traceId?: string | null;
  readonly mixed?: boolean;
  /** Sent as a file part (filename, application/octet-stream) instead of a text field. */
  readonly file?: boolean;
  readonly method?: string;
  readonly extraPart?: boolean;
}

/** A Diia ID delivery: `encodeData` (given as the exact part text) in one multipart body. */
export function delivery(encodeData: string | Uint8Array, options: DeliveryOptions = {}): Request {
  const boundary = 'diia-id-boundary-7MA4YWxkTrZu0gW';
  // Inside multipart/mixed too the official .NET reader wants a form-data disposition named encodeData.
  const disposition = 'form-data';
  const head = options.file
    ? `Content-Disposition: ${disposition}; name="encodeData"; filename="encodeData"\r\nContent-Type: application/octet-stream`
    : `Content-Disposition: ${disposition}; name="encodeData"`;
  const body = [
    new TextEncoder().encode(`--${boundary}\r\n${head}\r\n\r\n`),
    typeof encodeData === 'string' ? new TextEncoder().encode(encodeData) : encodeData,
    new TextEncoder().encode(
      `${options.extraPart ? `\r\n--${boundary}\r\nContent-Disposition: form-data; name="other"\r\n\r\nx` : ''}\r\n--${boundary}--\r\n`,
    ),
  ];
  const bytes = new Uint8Array(body.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of body) {
    bytes.set(b, at);
    at += b.length;
  }
  const headers: Record<string, string> = {
    'content-type': `multipart/${options.mixed ? 'mixed' : 'form-data'}; boundary=${boundary}`,
  };
  if (options.action !== null) headers['x-diia-id-action'] = options.action ?? 'hashedFilesSigning';
  if (options.traceId !== null && options.traceId !== undefined)
    headers['x-document-request-trace-id'] = options.traceId;
  const method = options.method ?? 'POST';
  return new Request('https://partner.example/webhook', {
    method,
    headers,
    ...(method === 'GET' ? {} : { body: bytes }),
  });
}

/** base64 of the UTF-8 JSON of `value`, as the platform encodes `encodeData`. */
export function encodeJson(value: unknown): string {
  return encodeBase64(new TextEncoder().encode(JSON.stringify(value)));
}

export { encodeBase64 };
