// Property tests of the strict parsers every verifier relies on. Node's Buffer serves as an oracle here
// (tests only; the SDK's core never uses it).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base64urlDecodedLength,
  base64urlLength,
  decodeBase64url,
  decodeBase64urlInto,
  encodeBase64url,
  encodeBase64urlInto,
  isBase64urlBytes,
} from '../../../src/base64url.js';
import { parseStrictJson } from '../../../src/json.js';
import { checkHeader } from '../../../src/verify/header.js';

describe('canonical base64url', () => {
  it('round-trips any bytes and matches Node base64url', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = encodeBase64url(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(text.length).toBe(base64urlLength(bytes.length));
        expect(decodeBase64url(text)).toEqual(bytes);
        const out = new Uint8Array(text.length + 3);
        encodeBase64urlInto(bytes, out, 3);
        expect(new TextDecoder().decode(out.subarray(3))).toBe(text);
      }),
    );
  });

  it('never throws, and whatever it accepts is the one canonical spelling of its bytes', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 64 }), (text) => {
        const bytes = decodeBase64url(text);
        if (bytes) expect(encodeBase64url(bytes)).toBe(text);
      }),
    );
  });

  it('decodes from bytes exactly as from text: the same bytes, the same refusals', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 48 }).map(encodeBase64url),
          fc.string({ maxLength: 64 }),
          fc.string({ unit: 'binary', maxLength: 16 }),
        ),
        fc.nat({ max: 5 }),
        (text, offset) => {
          const ascii = new TextEncoder().encode(`..${text}.`);
          const out = new Uint8Array(offset + base64urlDecodedLength(ascii.length));
          const expected = decodeBase64url(text);
          const ok = decodeBase64urlInto(ascii, 2, ascii.length - 1, out, offset);
          // A string with characters outside ASCII has more bytes than characters: refused either way.
          expect(ok).toBe(expected !== undefined);
          if (expected) expect(out.subarray(offset, offset + expected.length)).toEqual(expected);
          expect(isBase64urlBytes(ascii, 2, ascii.length - 1)).toBe(/^[A-Za-z0-9_-]*$/.test(text));
        },
      ),
    );
  });

  it('refuses padding, the standard alphabet, whitespace and impossible lengths', () => {
    for (const bad of ['QQ==', 'a+b/', 'QQ Q', 'QUJD\n', 'A', 'QR', 'QUJDR'])
      expect(decodeBase64url(bad)).toBeUndefined();
  });
});

describe('strict JSON', () => {
  it('agrees with JSON.parse on everything JSON.stringify produces', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const text = JSON.stringify(value);
        expect(parseStrictJson(text)).toEqual({ ok: true, value: JSON.parse(text) });
      }),
    );
  });

  it('never throws, and never accepts what JSON.parse refuses', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.json().map((j) => j.slice(0, -1)),
        ),
        (text) => {
          const r = parseStrictJson(text);
          let parses = true;
          try {
            JSON.parse(text);
          } catch {
            parses = false;
          }
          if (!parses) expect(r.ok).toBe(false);
        },
      ),
    );
  });

  it('finds a repeated member at any depth, however it is escaped', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 6 }), fc.nat({ max: 3 }), (name, depth) => {
        const escaped = JSON.stringify(name).replace(/[a-z]/, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
        let text = `{${JSON.stringify(name)}:1,${escaped}:2}`;
        for (let i = 0; i < depth; i++) text = `{"k${i}":[${text}]}`;
        expect(parseStrictJson(text)).toEqual({ ok: false, failure: 'duplicate-member' });
      }),
    );
  });

  it('refuses nesting deeper than 16', () => {
    expect(parseStrictJson('['.repeat(17) + ']'.repeat(17))).toEqual({ ok: false, failure: 'too-deep' });
    expect(parseStrictJson('['.repeat(16) + ']'.repeat(16)).ok).toBe(true);
  });
});

describe('checkHeader', () => {
  it('never throws on arbitrary segments or JSON objects', () => {
    const rules = { types: ['diia-file+jws'], allowUnencoded: true };
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 80 }),
          fc
            .dictionary(
              fc.constantFrom('alg', 'kid', 'typ', 'crit', 'b64', 'jwk', 'x'),
              fc.jsonValue({ maxDepth: 2 }),
            )
            .map((o) => encodeBase64url(new TextEncoder().encode(JSON.stringify(o)))),
        ),
        (segment) => {
          const r = checkHeader(segment, rules);
          expect(typeof r.ok).toBe('boolean');
        },
      ),
    );
  });
});
