import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAcceptError } from '../../../src/errors.js';
import { boundaryOf, type FormPart, parseMultipart } from '../../../src/share/multipart.js';
import { encodeMultipart } from '../../../src/share/multipart-encoder.js';
import { codeOf } from '../../support/codes.js';

const enc = new TextEncoder();

/** A stream that yields `body` cut at the given offsets. */
function chunked(body: Uint8Array, cuts: readonly number[] = []): ReadableStream<Uint8Array> {
  const points = [...new Set(cuts.map((c) => c % (body.byteLength + 1)))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (const p of [...points, body.byteLength]) {
    pieces.push(body.slice(start, p));
    start = p;
  }
  return new ReadableStream({
    pull(controller) {
      const next = pieces.shift();
      if (next === undefined) controller.close();
      else controller.enqueue(next);
    },
  });
}

const text = (s: string) => chunked(enc.encode(s));
const B = 'XyZ123';

describe('boundaryOf', () => {
  it('reads plain and quoted boundaries', () => {
    expect(boundaryOf('multipart/form-data; boundary=abc')).toBe('abc');
    expect(boundaryOf('Multipart/Form-Data; charset=utf-8; boundary="a b:c"')).toBe('a b:c');
  });
  it.each([
    null,
    '',
    'application/json',
    'multipart/related; boundary=abc',
    'multipart/form-data',
    'multipart/form-data; boundary=',
    'multipart/form-data; boundary="ends with space "',
    `multipart/form-data; boundary=${'a'.repeat(71)}`,
    'multipart/form-data; boundary=a\u00e9',
  ])('refuses %j with WEBHOOK_CONTENT_TYPE', (header) => {
    expect(() => boundaryOf(header)).toThrow(expect.objectContaining({ code: 'WEBHOOK_CONTENT_TYPE' }));
  });
});

describe('parseMultipart', () => {
  it('parses a form as the platform sends it (barcode flow)', async () => {
    const body =
      `preamble to ignore\r\n--${B}\r\n` +
      'Content-Disposition: form-data; name="encryptedFile"; filename="passport-2858364170864-02.04.2021-09_48_26.pdf.p7s.p7e"\r\n' +
      'Content-Type: application/octet-stream\r\n\r\nQUJD\r\n' +
      `--${B}\r\nContent-Disposition: form-data; name="encryptedFileName"\r\n\r\npassport.pdf.p7s.p7e\r\n` +
      `--${B}  \r\ncontent-disposition: form-data; name=encodeData\r\n\r\nREVG\r\n--${B}--\r\nepilogue`;
    const parts = await parseMultipart(text(body), B);
    expect(parts).toEqual([
      {
        name: 'encryptedFile',
        filename: 'passport-2858364170864-02.04.2021-09_48_26.pdf.p7s.p7e',
        contentType: 'application/octet-stream',
        bytes: enc.encode('QUJD'),
      },
      { name: 'encryptedFileName', bytes: enc.encode('passport.pdf.p7s.p7e') },
      { name: 'encodeData', bytes: enc.encode('REVG') },
    ]);
  });

  it('keeps CRLF and near-boundaries inside a body', async () => {
    const inner = `line\r\n--${B.slice(0, 4)}\r\n-${B}\r\n`;
    const parts = await parseMultipart(
      text(`--${B}\r\nContent-Disposition: form-data; name="a"\r\n\r\n${inner}\r\n--${B}--`),
      B,
    );
    expect(new TextDecoder().decode(parts[0]!.bytes)).toBe(inner);
  });

  it('reads escaped quotes, UTF-8 and filename*', async () => {
    const body =
      `--${B}\r\nContent-Disposition: form-data; name="a\\"b"; filename="паспорт.pdf"\r\n\r\nx\r\n` +
      `--${B}\r\nContent-Disposition: form-data; name="c"; filename*=UTF-8''%D0%B0.pdf\r\n\r\ny\r\n--${B}--`;
    const parts = await parseMultipart(text(body), B);
    expect(parts.map((p) => [p.name, p.filename])).toEqual([
      ['a"b', 'паспорт.pdf'],
      ['c', 'а.pdf'],
    ]);
  });

  it.each([
    ['no closing boundary', `--${B}\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n`],
    ['no boundary at all', 'hello'],
    ['empty body', ''],
    ['no Content-Disposition', `--${B}\r\nContent-Type: text/plain\r\n\r\nx\r\n--${B}--`],
    ['no headers', `--${B}\r\n\r\nx\r\n--${B}--`],
    ['not form-data', `--${B}\r\nContent-Disposition: signal; name="a"\r\n\r\nx\r\n--${B}--`],
    ['no name', `--${B}\r\nContent-Disposition: form-data; filename="a"\r\n\r\nx\r\n--${B}--`],
    ['folded header', `--${B}\r\nContent-Disposition: form-data;\r\n name="a"\r\n\r\nx\r\n--${B}--`],
    ['garbage after a boundary', `--${B}xx\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--${B}--`],
    ['unterminated quote', `--${B}\r\nContent-Disposition: form-data; name="a\r\n\r\nx\r\n--${B}--`],
    [
      'two dispositions',
      `--${B}\r\nContent-Disposition: form-data; name="a"\r\nContent-Disposition: form-data; name="b"\r\n\r\nx\r\n--${B}--`,
    ],
  ])('refuses %s with WEBHOOK_MULTIPART_MALFORMED', async (_, body) => {
    expect(await codeOf(parseMultipart(text(body), B))).toBe('WEBHOOK_MULTIPART_MALFORMED');
  });

  it('refuses a null body and a failing stream as malformed', async () => {
    expect(await codeOf(parseMultipart(null, B))).toBe('WEBHOOK_MULTIPART_MALFORMED');
    const failing = new ReadableStream<Uint8Array>({
      pull(c) {
        c.error(new Error('socket closed'));
      },
    });
    expect(await codeOf(parseMultipart(failing, B))).toBe('WEBHOOK_MULTIPART_MALFORMED');
  });

  it('stops with ABORTED when the signal fires', async () => {
    const controller = new AbortController();
    controller.abort();
    const form = encodeMultipart([{ name: 'a', value: 'x' }], { boundary: B });
    expect(await codeOf(parseMultipart(chunked(form.body), B, {}, controller.signal))).toBe('ABORTED');
  });

  describe('caps (WEBHOOK_TOO_LARGE)', () => {
    const form = (n: number, size: number) =>
      encodeMultipart(
        Array.from({ length: n }, (_, i) => ({ name: `p${i}`, value: 'a'.repeat(size) })),
        { boundary: B },
      ).body;

    it('on the total size, without reading the rest of the stream', async () => {
      let pulled = 0;
      const endless = new ReadableStream<Uint8Array>({
        pull(c) {
          pulled++;
          c.enqueue(new Uint8Array(1024).fill(0x61));
        },
      });
      expect(await codeOf(parseMultipart(endless, B, { maxTotalBytes: 10_000 }))).toBe('WEBHOOK_TOO_LARGE');
      expect(pulled).toBeLessThan(20);
    });
    it('on the number of parts', async () => {
      expect(await codeOf(parseMultipart(chunked(form(3, 1)), B, { maxParts: 3 }))).toBe('resolved');
      expect(await codeOf(parseMultipart(chunked(form(4, 1)), B, { maxParts: 3 }))).toBe('WEBHOOK_TOO_LARGE');
    });
    it('on one part', async () => {
      expect(await codeOf(parseMultipart(chunked(form(1, 100)), B, { maxPartBytes: 100 }))).toBe('resolved');
      expect(await codeOf(parseMultipart(chunked(form(1, 101)), B, { maxPartBytes: 100 }))).toBe(
        'WEBHOOK_TOO_LARGE',
      );
    });
    it('on a header block, even one that never ends', async () => {
      const long = `--${B}\r\nContent-Disposition: form-data; name="a"\r\nX-Pad: ${'p'.repeat(10_000)}`;
      expect(await codeOf(parseMultipart(text(long), B, { maxHeaderBytes: 1024 }))).toBe('WEBHOOK_TOO_LARGE');
    });
  });

  it('parses a 10 MB part fed in 64 KiB chunks', async () => {
    const big = new Uint8Array(10 * 1024 * 1024).map((_, i) => (i * 7) & 0xff);
    const { body } = encodeMultipart([{ name: 'encryptedFile', value: big }], { boundary: B });
    const cuts = Array.from({ length: Math.ceil(body.byteLength / 65536) }, (_, i) => i * 65536);
    const [part] = await parseMultipart(chunked(body, cuts), B);
    expect(part!.bytes.byteLength).toBe(big.byteLength);
    // toEqual on 10 M elements is slow; compare by hand
    let same = true;
    for (let i = 0; i < big.byteLength; i++) if (part!.bytes[i] !== big[i]) same = false;
    expect(same).toBe(true);
  });

  it('reads multipart/mixed (the platform may send it), whose parts may be attachments', async () => {
    expect(boundaryOf('multipart/mixed; boundary=abc')).toBe('abc');
    const body = `--${B}\r\nContent-Disposition: attachment; name="encodeData"\r\n\r\nREVG\r\n--${B}--`;
    const [part] = await parseMultipart(text(body), B);
    expect(part).toMatchObject({ name: 'encodeData' });
  });

  it('refuses a part over the cap of its kind with WEBHOOK_PART_TOO_LARGE, while streaming', async () => {
    const { body } = encodeMultipart(
      [
        { name: 'encryptedFile', value: new Uint8Array(5000) },
        { name: 'encodeData', value: new Uint8Array(5000) },
      ],
      { boundary: B },
    );
    const capOf = ({ name }: { name: string }) => (name === 'encodeData' ? 4096 : undefined);
    expect(await codeOf(parseMultipart(stream(body), B, {}, undefined, { capOf }))).toBe(
      'WEBHOOK_PART_TOO_LARGE',
    );
    const roomy = ({ name }: { name: string }) => (name === 'encodeData' ? 5000 : undefined);
    expect(await parseMultipart(stream(body), B, {}, undefined, { capOf: roomy })).toHaveLength(2);
  });

  // 200,000 reads cost about 1 s on an idle core and several times that on a loaded one, so this test gets
  // its own budget instead of the 5 s default. The source queues 64 chunks per pull (not one) and the
  // result is compared with Buffer.compare (toEqual on 400 kB walks it element by element): both only cut
  // the test's own overhead, the parser still sees 200,000 chunks.
  it('parses a part fed in 200,000 tiny chunks (more than a call can take as arguments)', {
    timeout: 30_000,
  }, async () => {
    const big = new Uint8Array(400_000).map((_, i) => (i * 13) & 0xff);
    const { body } = encodeMultipart([{ name: 'encryptedFile', value: big }], { boundary: B });
    let at = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= body.byteLength) return controller.close();
        for (const end = Math.min(at + 128, body.byteLength); at < end; at += 2) {
          controller.enqueue(body.subarray(at, at + 2));
        }
      },
    });
    const [part] = await parseMultipart(stream, B);
    // Compared by hand: toEqual walks a 400 kB array element by element and took most of this test's time.
    expect(part!.bytes.byteLength).toBe(big.byteLength);
    expect(Buffer.compare(part!.bytes, big)).toBe(0);
  });
});

function stream(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

describe('properties', () => {
  const partArb = fc.record(
    {
      name: fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !/[\r\n]/.test(s)),
      filename: fc.string({ maxLength: 12 }).filter((s) => !/[\r\n]/.test(s)),
      contentType: fc.constantFrom('text/plain', 'application/octet-stream', 'application/pdf'),
      bytes: fc.uint8Array({ maxLength: 200 }),
    },
    { requiredKeys: ['name', 'bytes'] },
  );

  it('an encoded form decodes back to itself under any chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(partArb, { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        async (parts, cuts) => {
          const { body, contentType } = encodeMultipart(parts as FormPart[]);
          const decoded = await parseMultipart(chunked(body, cuts), boundaryOf(contentType));
          expect(decoded).toEqual(parts);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('arbitrary bytes never throw anything but AcceptError', async () => {
    const noise = fc.oneof(
      fc.uint8Array({ maxLength: 400 }),
      // bytes salted with boundary pieces, so the parser goes past the preamble
      fc
        .array(
          fc.oneof(
            fc.constantFrom(
              `--${B}`,
              `\r\n--${B}`,
              '\r\n',
              '\r\n\r\n',
              '--',
              'Content-Disposition: form-data; name="a"',
            ),
            fc.string({ maxLength: 8 }),
          ),
          { maxLength: 30 },
        )
        .map((xs) => enc.encode(xs.join(''))),
    );
    await fc.assert(
      fc.asyncProperty(noise, fc.array(fc.nat(), { maxLength: 10 }), async (bytes, cuts) => {
        try {
          await parseMultipart(chunked(bytes, cuts), B, { maxParts: 5, maxHeaderBytes: 200 });
        } catch (e) {
          expect(isAcceptError(e, ['WEBHOOK_MULTIPART_MALFORMED', 'WEBHOOK_TOO_LARGE'])).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
