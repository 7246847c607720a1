// Fuzzing every other parser of outside input: scan text, keyboard-wedge events, HID POS reports and
// report descriptors, serial framing, platform links, signed document tokens (JWS), the jose opener
// (JWE around a detached JWS), and the webhook's multipart reader. The same rules as the dstu parsers:
// only AcceptError, bounded time per byte, bounded heap growth.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { manualClock } from '../../src/clock.js';
import {
  type GeneratedKeys,
  generatePartnerKeys,
  generatePlatformKeys,
  joseOpener,
  joseSealer,
} from '../../src/profiles/jose/index.js';
import type { Opener } from '../../src/profiles/port.js';
import { decodeDocumentToken } from '../../src/scanner/document-token.js';
import { parseHidReportDescriptor } from '../../src/scanner/hid-descriptor.js';
import { createHidPosDecoder } from '../../src/scanner/hidpos.js';
import { readPlatformLink } from '../../src/scanner/links.js';
import { parseScan } from '../../src/scanner/parse.js';
import { createSerialFramer } from '../../src/scanner/serial-framing.js';
import { createWedgeDecoder, type WedgeKeyEvent } from '../../src/scanner/wedge.js';
import { parseMultipart } from '../../src/share/multipart.js';
import { encodeMultipart } from '../../src/share/multipart-encoder.js';
import { verifyDocumentToken } from '../../src/verify/token.js';
import type { TrustLookup, TrustStore } from '../../src/verify/trust.js';
import { NOW_S, type TestKey, testKey, token } from '../unit/verify/keys.js';
import { arbEdits, mutate } from './der-arbitraries.js';
import { fuzz, runs, summary } from './harness.js';

const text = (s: string) => new TextEncoder().encode(s);
const bytesOf = (s: string) => text(s).length;

/** Strings that look like what a scanner reads, and strings that do not. */
const arbScanText = fc.oneof(
  fc.constantFrom(
    '2858364170864',
    '2858364170864\r\n',
    'https://diia.app/documents/internal-passport/h-7Qd2/verify/6f1c1f6e-2b8a-4a57-9d3e-0d6a3c1b2e4f',
    'https://diia.app/acquirers/offer-request/dynamic/3f0c',
  ),
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc
    .tuple(fc.constantFrom('https://diia.app/', 'diia://', 'http://'), fc.string({ maxLength: 200 }))
    .map(([a, b]) => a + b),
  fc.integer({ min: 1, max: 64 }).map((k) => 'https://diia.app/'.padEnd(k * 1024, 'a/%')),
  fc.integer({ min: 1, max: 64 }).map((k) => '0'.repeat(k * 1024)),
);

afterAll(() => {
  console.log(`fuzz (inputs):\n${summary()}`);
});

describe('fuzz: the other parsers throw only AcceptError, in bounded time and memory', {
  timeout: 600_000,
}, () => {
  it('scan text (parseScan, readPlatformLink, decodeDocumentToken)', async () => {
    const hosts = new Set(['diia.app']);
    await fuzz(
      'scan text',
      arbScanText,
      (s) => {
        parseScan(s);
        parseScan(text(s));
        try {
          readPlatformLink(s, hosts);
        } catch (error) {
          if (!(error as { code?: string }).code) throw error;
        }
        decodeDocumentToken(s);
      },
      { runs: runs(400), sizeOf: bytesOf },
    );
  });

  it('keyboard wedge: bursts of key events, well-formed and not', async () => {
    const event: fc.Arbitrary<WedgeKeyEvent> = fc.record(
      {
        type: fc.constantFrom('keydown', 'keyup', 'keypress'),
        key: fc.oneof(
          fc.constantFrom('Enter', 'Tab', 'Shift', 'Dead', 'ф', '1', 'a'),
          fc.string({ maxLength: 4 }),
        ),
        code: fc.oneof(
          fc.constantFrom('KeyA', 'Digit1', 'Numpad0', 'Enter', 'ShiftLeft'),
          fc.string({ maxLength: 12 }),
        ),
        shiftKey: fc.boolean(),
        altKey: fc.boolean(),
        ctrlKey: fc.boolean(),
        repeat: fc.boolean(),
        timeStamp: fc.oneof(fc.double({ noNaN: false }), fc.integer({ min: 0, max: 10_000 })),
      },
      { requiredKeys: ['key', 'code', 'timeStamp'] },
    );
    await fuzz(
      'wedge',
      fc.array(event, { maxLength: 400 }),
      (events) => {
        const decoder = createWedgeDecoder();
        for (const e of events) decoder.feed(e);
        decoder.flush();
      },
      { runs: runs(200), sizeOf: (events) => events.length * 16 },
    );
  });

  it('HID POS: report descriptors and input reports', async () => {
    await fuzz(
      'HID',
      fc.record({
        descriptor: fc.option(fc.uint8Array({ maxLength: 512 })),
        reports: fc.array(fc.uint8Array({ maxLength: 80 }), { maxLength: 64 }),
        reportId: fc.option(fc.integer({ min: 0, max: 255 })),
      }),
      ({ descriptor, reports, reportId }) => {
        if (descriptor) parseHidReportDescriptor(descriptor);
        const decoder = createHidPosDecoder(descriptor ? { descriptor } : {});
        for (const r of reports) decoder.push(r, reportId ?? undefined);
      },
      {
        runs: runs(300),
        sizeOf: ({ descriptor, reports }) =>
          (descriptor?.length ?? 0) + reports.reduce((n, r) => n + r.length, 0),
      },
    );
  });

  it('serial framing: chunks with and without terminators, and floods', async () => {
    const chunk = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc.constantFrom(text('2858364170864\r\n'), text('\r'), text('\n'), text('\r\n')),
      fc.integer({ min: 1, max: 128 }).map((k) => new Uint8Array(k * 1024).fill(0x31)),
    );
    await fuzz(
      'serial framing',
      fc.record({
        terminator: fc.constantFrom('crlf', 'cr', 'lf', 'any' as const),
        chunks: fc.array(chunk, { maxLength: 16 }),
      }),
      ({ terminator, chunks }) => {
        let framer: ReturnType<typeof createSerialFramer>;
        try {
          framer = createSerialFramer({ terminator: terminator as 'crlf' });
        } catch {
          framer = createSerialFramer();
        }
        for (const c of chunks) framer.push(c, 0);
        framer.flush();
      },
      { runs: runs(200), sizeOf: ({ chunks }) => chunks.reduce((n, c) => n + c.length, 0) },
    );
  });
});

describe('fuzz: tokens, the jose opener and multipart', { timeout: 600_000 }, () => {
  let key: TestKey;
  let trust: TrustStore;
  let good: string;
  let platform: GeneratedKeys;
  let opener: Opener;
  let sealed: Uint8Array;
  const clock = manualClock(NOW_S * 1000 + 10_000);

  beforeAll(async () => {
    key = await testKey('ES256', 'es-1');
    trust = {
      async resolve(kid, alg): Promise<TrustLookup> {
        return kid === 'es-1' && alg === 'ES256'
          ? { status: 'found', key: key.publicKey, kid }
          : { status: 'unknown-key' };
      },
    };
    good = await token(key);
    platform = await generatePlatformKeys({ kid: 'platform-1' });
    const partner = await generatePartnerKeys({ kid: 'partner-1' });
    const joseTrust: TrustStore = {
      async resolve(kid, alg): Promise<TrustLookup> {
        return kid === platform.kid && alg === platform.alg
          ? { status: 'found', key: platform.publicKey, kid }
          : { status: 'unknown-key' };
      },
    };
    const sealer = joseSealer({ signingKey: platform.privateJwk, recipientKey: partner.publicJwk, clock });
    opener = joseOpener({ decryptionKey: partner.privateJwk, trust: joseTrust, clock });
    sealed = await sealer.seal(text('{"requestId":"r-1","barcode":"2858364170864"}'));
  });

  it('signed document tokens (JWS): mutated real tokens and arbitrary text', async () => {
    const arb = fc.oneof(
      arbEdits.map((edits) => new TextDecoder().decode(mutate(text(good), edits))),
      fc.string({ maxLength: 600 }),
      fc
        .array(fc.base64String({ maxLength: 200 }), { minLength: 1, maxLength: 6 })
        .map((parts) => parts.join('.')),
      fc.integer({ min: 1, max: 64 }).map((k) => `${'e'.repeat(k * 1024)}.${'e'.repeat(k * 1024)}.e`),
    );
    await fuzz(
      'JWS',
      arb,
      async (t) => {
        const result = await verifyDocumentToken(t, { trust, clock });
        if (result.status === 'valid' && t !== good) throw new Error('a mutated token verified');
      },
      { runs: runs(200), sizeOf: bytesOf },
    );
  });

  it('jose opener: mutated sealed copies', async () => {
    const arb = fc.oneof(
      arbEdits.map((edits) => mutate(sealed, edits)),
      fc.uint8Array({ maxLength: 2048 }),
      fc.integer({ min: 1, max: 1024 }).map((k) => text(`${'e'.repeat(k * 1024)}....`)),
    );
    await fuzz('jose opener', arb, (bytes) => opener.open(bytes), {
      runs: runs(150),
      sizeOf: (b) => b.length,
    });
  });

  it('multipart: encoded deliveries, mutated, and hostile shapes', async () => {
    const boundary = 'diia-accept-fuzz-7f3c';
    const { body } = encodeMultipart(
      [
        { name: 'encodeData', value: sealed },
        { name: 'encryptedFile', filename: 'a.pdf.p7s.p7e', value: sealed },
        { name: 'encryptedFileName', value: 'a.pdf.p7s.p7e' },
      ],
      { boundary },
    );
    const hostile = fc.oneof(
      fc
        .integer({ min: 1, max: 64 })
        .map((k) => text(`--${boundary}\r\n${'x-h: v\r\n'.repeat(k * 128)}\r\n`)),
      fc
        .integer({ min: 1, max: 4096 })
        .map((n) => text(`--${boundary}\r\ncontent-disposition: form-data; name="a"\r\n\r\nx\r\n`.repeat(n))),
      fc.integer({ min: 1, max: 2048 }).map((k) => new Uint8Array(k * 1024).fill(0x2d)),
    );
    const arb = fc.record({
      bytes: fc.oneof(
        arbEdits.map((edits) => mutate(body, edits)),
        hostile,
        fc.uint8Array({ maxLength: 1024 }),
      ),
      chunk: fc.integer({ min: 16, max: 70_000 }),
    });
    await fuzz(
      'multipart',
      arb,
      ({ bytes, chunk }) => {
        // Pulled chunk by chunk as a request body arrives (a stream filled up front with 100,000 chunks is
        // itself quadratic to drain in Node, which would measure the test, not the parser).
        let at = 0;
        const stream = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (at >= bytes.length) return controller.close();
            controller.enqueue(bytes.slice(at, at + chunk));
            at += chunk;
          },
        });
        return parseMultipart(stream, boundary, {});
      },
      { runs: runs(150), sizeOf: ({ bytes }) => bytes.length },
    );
  });
});
