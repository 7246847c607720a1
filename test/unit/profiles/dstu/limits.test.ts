// The DER reader's limits, one by one, each just inside and just outside its bound, and the big-integer
// conversions against a reference.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bigintToLe, bytesToBigint, hex, leToBigint } from '../../../../src/bytes.js';
import {
  children,
  DER_LIMITS,
  type Der,
  DerLimitError,
  parseAs,
  readDer,
  smallInt,
  TAG,
  text,
  uint,
} from '../../../../src/der.js';
import { seq, tlv } from '../../../../src/der-write.js';
import { loadDstuKeys } from '../../../../src/profiles/dstu/index.js';
import { resolveKeys } from '../../../../src/profiles/dstu/keys.js';
import { parseCertificate } from '../../../../src/profiles/dstu/lib/certificate.js';
import { MAX_KEY_AGREEMENTS, openEnvelope } from '../../../../src/profiles/dstu/lib/enveloped.js';
import { codeOfCall } from '../../../support/codes.js';
import { hugeSerialCertificate, repeated, sampleEnvelope } from '../../../support/hostile-der.js';
import { CERTS, fixture, KEY6 } from './fixtures.js';

const nested = (depth: number): Uint8Array => {
  let der: Uint8Array = Uint8Array.of(TAG.NULL, 0);
  for (let i = 0; i < depth; i++) der = tlv(TAG.SEQUENCE, der);
  return der;
};
/** Reads every constructed element down to the leaves. */
const walk = (der: Der): number => (der.tag & 0x20 ? 1 + children(der).reduce((n, c) => n + walk(c), 0) : 1);
const read = (bytes: Uint8Array, run: (der: Der) => unknown = walk) =>
  codeOfCall(() => parseAs('ENVELOPE_MALFORMED', () => run(readDer(bytes))));

describe('DER_LIMITS', () => {
  it('nesting: 32 levels below the outermost element are read, 33 are DER_LIMIT_EXCEEDED', () => {
    expect(DER_LIMITS.maxDepth).toBe(32);
    expect(read(nested(32))).toBe('returned');
    expect(read(nested(33))).toBe('DER_LIMIT_EXCEEDED');
  });

  it('count: 8,192 elements in one SET are read, 8,193 are refused before the 8,193rd is built', () => {
    const nulls = (n: number) => repeated(TAG.SET, Uint8Array.of(TAG.NULL, 0), n);
    expect(DER_LIMITS.maxChildren).toBe(8192);
    expect(read(nulls(8192), (d) => children(d).length)).toBe('returned');
    expect(read(nulls(8193), (d) => children(d).length)).toBe('DER_LIMIT_EXCEEDED');
    // Six million, as in the attack: refused just the same, without six million objects.
    expect(read(nulls(6_000_000), (d) => children(d).length)).toBe('DER_LIMIT_EXCEEDED');
  });

  it('budget: 65,536 elements per parse, however they are spread', () => {
    // 20 SEQUENCEs of 4,000 NULLs: every SET is within its count, the parse is not.
    const inner = repeated(TAG.SEQUENCE, Uint8Array.of(TAG.NULL, 0), 4000);
    expect(read(repeated(TAG.SEQUENCE, inner, 16))).toBe('returned');
    expect(read(repeated(TAG.SEQUENCE, inner, 20))).toBe('DER_LIMIT_EXCEEDED');
    // A smaller budget through the limits argument.
    expect(() =>
      walk(readDer(repeated(TAG.SEQUENCE, inner, 1), { ...DER_LIMITS, maxElements: 100 })),
    ).toThrow(DerLimitError);
  });

  it('INTEGERs: bounded by field before any conversion', () => {
    const int = (n: number) => readDer(tlv(TAG.INTEGER, new Uint8Array(n).fill(0x11)));
    expect(uint(int(80))).toBeGreaterThan(0n);
    expect(() => uint(int(81))).toThrow(DerLimitError);
    expect(() => uint(int(200_000))).toThrow(DerLimitError);
    expect(() => uint(int(21), 20)).toThrow(DerLimitError);
    expect(smallInt(readDer(Uint8Array.of(2, 5, 0, 0xff, 0xff, 0xff, 0xff)))).toBe(0xffffffff);
    expect(() => smallInt(int(6))).toThrow(DerLimitError);
  });

  it('certificate serials: 64 octets are read, 65 are DER_LIMIT_EXCEEDED (RFC 5280 allows 20)', () => {
    const cert = fixture(CERTS.diiaSign);
    expect(parseCertificate(hugeSerialCertificate(cert, 64)).serial.toString(16)).toBe('5a'.repeat(64));
    expect(
      codeOfCall(() =>
        parseAs('CERTIFICATE_MALFORMED', () => parseCertificate(hugeSerialCertificate(cert, 65))),
      ),
    ).toBe('DER_LIMIT_EXCEEDED');
  });

  it('directory strings: 4 KiB are read, more is DER_LIMIT_EXCEEDED', () => {
    const bmp = (n: number) => readDer(tlv(TAG.BMP, new Uint8Array(n).fill(0x04)));
    expect(text(bmp(4096))).toBe('Є'.repeat(2048)); // U+0404
    expect(() => text(bmp(4098))).toThrow(DerLimitError);
  });

  it('the certificates of the fixtures are far inside every limit', () => {
    for (const path of [CERTS.diiaSign, CERTS.diiaAgree, CERTS.partnerSign, CERTS.userSign])
      expect(codeOfCall(() => parseAs('CERTIFICATE_MALFORMED', () => walk(readDer(fixture(path)))))).toBe(
        'returned',
      );
  });
});

describe('big-integer conversions', () => {
  const reference = (bytes: Uint8Array) => bytes.reduce((n, b) => (n << 8n) | BigInt(b), 0n);

  it('agree with a byte-at-a-time reference, both byte orders, and round-trip', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(bytesToBigint(bytes)).toBe(reference(bytes));
        expect(leToBigint(bytes)).toBe(reference(bytes.slice().reverse()));
        expect(bigintToLe(leToBigint(bytes), bytes.length)).toEqual(bytes);
        expect(hex(bytes)).toBe(Buffer.from(bytes).toString('hex'));
      }),
    );
  });

  it('bigintToLe keeps the low bytes of a larger value, as the byte loop did', () => {
    expect(bigintToLe(0x1234_5678n, 2)).toEqual(Uint8Array.of(0x78, 0x56));
    expect(bigintToLe(0n, 3)).toEqual(new Uint8Array(3));
  });

  it('a 1 MiB INTEGER converts (no quadratic slowdown: this took minutes byte by byte)', () => {
    const bytes = new Uint8Array(1024 * 1024).fill(0xab);
    expect(bytesToBigint(bytes) >> BigInt(8 * (bytes.length - 1))).toBe(0xabn);
  });
});

describe('key agreements per envelope', { timeout: 60_000 }, () => {
  it('at most 16 are tried: an envelope of 20 recipient keys that never unwrap is DER_LIMIT_EXCEEDED', async () => {
    expect(MAX_KEY_AGREEMENTS).toBe(16);
    // Keys without certificates are tried against every recipient entry (as when no certificate names them).
    const keys = resolveKeys(await loadDstuKeys(KEY6)).map((k) => ({ key: k.key, certificate: undefined }));
    const env = sampleEnvelope();
    const [type, content] = children(readDer(env), TAG.SEQUENCE) as [Der, Der];
    const fields = children(children(content, 0xa0)[0] as Der, TAG.SEQUENCE);
    const at = fields[1]?.tag === 0xa0 ? 2 : 1;
    const [kari] = children(fields[at] as Der, TAG.SET) as [Der];
    const items = children(kari);
    const reks = items[items.length - 1] as Der;
    const [rek] = children(reks, TAG.SEQUENCE) as [Der];
    const bad = rek.raw.slice();
    bad[bad.length - 1] = (bad[bad.length - 1] as number) ^ 1; // the wrapped key no longer unwraps
    const newKari = tlv(
      0xa1,
      ...items.slice(0, -1).map((d) => d.raw),
      seq(...Array.from({ length: 20 }, () => bad)),
    );
    const rebuilt = seq(
      type.raw,
      tlv(0xa0, seq(...fields.map((d, i) => (i === at ? tlv(TAG.SET, newKari) : d.raw)))),
    );
    expect(codeOfCall(() => openEnvelope(rebuilt, keys, []))).toBe('DER_LIMIT_EXCEEDED');
    // One such entry is an ordinary failure.
    const one = seq(
      type.raw,
      tlv(
        0xa0,
        seq(
          ...fields.map((d, i) =>
            i === at ? tlv(TAG.SET, tlv(0xa1, ...items.slice(0, -1).map((x) => x.raw), seq(bad))) : d.raw,
          ),
        ),
      ),
    );
    expect(codeOfCall(() => openEnvelope(one, keys, []))).toBe('ENVELOPE_WRONG_RECIPIENT');
  });
});
