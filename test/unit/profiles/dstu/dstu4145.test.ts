import { describe, expect, it } from 'vitest';
import { bigintToLe } from '../../../../src/bytes.js';
import { octets, readDer } from '../../../../src/der.js';
import { field } from '../../../../src/profiles/dstu/lib/binary-field.js';
import { certificatesOfBundle, parseCertificate } from '../../../../src/profiles/dstu/lib/certificate.js';
import {
  add,
  type Curve,
  compress,
  decompress,
  negate,
  onCurve,
} from '../../../../src/profiles/dstu/lib/curve.js';
import { namedCurve } from '../../../../src/profiles/dstu/lib/curves.js';
import {
  agree,
  publicKeyOf,
  readPublicKey,
  sign,
  verify,
} from '../../../../src/profiles/dstu/lib/dstu4145.js';
import { mul, sqr, sqrn } from '../../../../src/profiles/dstu/lib/field.js';
import {
  fixedTable,
  fromWords,
  mulFixedWords,
  mulWords,
  sqrWords,
  toWords,
  type WordField,
  wordField,
} from '../../../../src/profiles/dstu/lib/field-words.js';
import { gost34311 } from '../../../../src/profiles/dstu/lib/gost34311.js';
import { hasOrderN, multiply } from '../../../../src/profiles/dstu/lib/ladder.js';
import { fixture } from './fixtures.js';

describe('DSTU 4145-2002 named curves', () => {
  it.each([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])(
    'curve %i: base point on the curve, of order n, compressible',
    (i) => {
      const c = namedCurve(i);
      if (!c) throw new Error('missing curve');
      expect(onCurve(c, c.g)).toBe(true);
      expect(multiply(c, c.g, c.n - 1n)).toEqual(negate(c.g));
      const p = multiply(c, c.g, 987654321n);
      expect(decompress(c, compress(c, p))).toEqual(p);
      expect(add(c, multiply(c, c.g, 1000n), multiply(c, c.g, 7n))).toEqual(multiply(c, c.g, 1007n));
    },
  );

  it('rejects a compressed value that is not a curve point', () => {
    const c = namedCurve(0);
    if (!c) throw new Error('missing curve');
    let rejected = 0;
    for (let v = 2n; v < 40n; v++) {
      try {
        decompress(c, v);
      } catch (e) {
        expect(e).toBeInstanceOf(RangeError);
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(0);
  });
});

describe('DSTU 4145-2002 Appendix B worked example (163-bit curve, its own base point)', () => {
  const f = field(163, [3, 6, 7]);
  const curve: Curve = {
    f,
    a: 1n,
    b: 0x5ff6108462a2dc8210ab403925e638a19c1455d21n,
    n: 0x400000000000000000002bec12be2262d39bcf14dn,
    g: { x: 0x72d867f93a93ac27df9ff01affe74885c8c540420n, y: 0x0224a9c3947852b97c5599d5f4ab81122adc3fd9bn },
  };
  const d = 0x183f60fdf7951ff47d67193f8d073790c1c9b5a3en;
  const e = 0x1025e40bd97db012b7a1d79de8e12932d247f61c6n;
  const hash = bigintToLe(0x09c9c44277910c9aaee486883a2eb95b7180166ddf73532eeb76edaef52247ffn, 32);
  const r = 0x274ea2c0caa014a0d80a424f59ade7a93068d08a7n;
  const s = 0x2100d86957331832b8e8c230f5bd6a332b3615acan;

  it('dP, eP and the signature (r, s) match the standard', () => {
    expect(multiply(curve, curve.g, d)).toEqual({
      x: 0x57de7fde023ff929cb6ac785ce4b79cf64abdc2dan,
      y: 0x695b3b9d26830943133078ef19fe8a8814f8f7b70n,
    });
    expect(multiply(curve, curve.g, e)?.x).toBe(0x42a7d756d70e1c9ba62d2cb43707c35204ef3c67cn);
    const sig = sign(curve, d, hash, () => e);
    expect(sig).toEqual(Uint8Array.from([...bigintToLe(r, 21), ...bigintToLe(s, 21)]));
    expect(verify(curve, publicKeyOf(curve, d), hash, sig)).toBe(true);
  });

  it('rejects s + n, r = 0 and s = 0', () => {
    const q = publicKeyOf(curve, d);
    const big = (x: bigint, y: bigint): Uint8Array =>
      Uint8Array.from([...bigintToLe(x, 21), ...bigintToLe(y, 21)]);
    expect(verify(curve, q, hash, big(r, s + curve.n))).toBe(false);
    expect(verify(curve, q, hash, big(0n, s))).toBe(false);
    expect(verify(curve, q, hash, big(r, 0n))).toBe(false);
  });
});

describe('public keys outside the prime-order subgroup', () => {
  it('P + T (T of order 2) on the 257-bit curve (cofactor 4) decompresses but has not order n', () => {
    const c = namedCurve(6);
    if (!c) throw new Error('missing curve');
    const t = { x: 0n, y: sqrn(c.f, c.b, c.f.m - 1) };
    expect(onCurve(c, t)).toBe(true);
    const bad = add(c, c.g, t);
    expect(hasOrderN(c, c.g)).toBe(true);
    expect(hasOrderN(c, bad)).toBe(false);
    const encoded = Uint8Array.from([0x04, 33, ...bigintToLe(compress(c, bad), 33)]);
    expect(() => readPublicKey(c, encoded)).toThrow();
  });
});

describe('DSTU 4145-2002 signatures and key agreement', () => {
  const c = namedCurve(0);
  if (!c) throw new Error('missing curve');
  let seed = 12345n;
  const nonce = (): bigint => {
    seed = (seed * 6364136223846793005n + 1442695040888963407n) % c.n;
    return seed;
  };

  it('signs and verifies; a changed hash or signature fails', () => {
    const d = 0x1234567890abcdefn;
    const q = publicKeyOf(c, d);
    const hash = gost34311(new TextEncoder().encode('hello'));
    const sig = sign(c, d, hash, nonce);
    expect(verify(c, q, hash, sig)).toBe(true);
    const other = hash.slice();
    other[0] = (other[0] as number) ^ 1;
    expect(verify(c, q, other, sig)).toBe(false);
    const bad = sig.slice();
    bad[3] = (bad[3] as number) ^ 4;
    expect(verify(c, q, hash, bad)).toBe(false);
    expect(verify(c, q, hash, new Uint8Array(sig.length))).toBe(false);
  });

  it('cofactor Diffie-Hellman agrees from both sides', () => {
    const a = 0x1111n;
    const b = 0x2222n;
    expect(agree(c, a, publicKeyOf(c, b))).toEqual(agree(c, b, publicKeyOf(c, a)));
  });

  it('verifies a real certificate issued by the test CA (257-bit CA key, hash read little-endian)', () => {
    const user = parseCertificate(fixture('certificates/EU-5B63D88375D9201804000000E0BA0500B4810D00.cer'));
    const ca = certificatesOfBundle(fixture('certificates/CACertificates.Test.All.p7b'))
      .map(parseCertificate)
      .find((x) => x.subjectKeyId === user.authorityKeyId);
    const key = ca?.key();
    if (!key) throw new Error('issuer not found');
    const hash = gost34311(user.tbs, key.params.sbox);
    const sig = octets(readDer(user.signature));
    expect(verify(key.params.curve, key.q, hash, sig)).toBe(true);
    const tampered = user.tbs.slice();
    tampered[100] = (tampered[100] as number) ^ 1;
    expect(verify(key.params.curve, key.q, gost34311(tampered, key.params.sbox), sig)).toBe(false);
  });
});

describe('word arithmetic agrees with bigint arithmetic', () => {
  it.each([
    [163, [3, 6, 7]],
    [257, [12]],
    [431, [1, 3, 5]],
    // Word counts without an unrolled comb (4 and 5 words): the generic combs.
    [113, [9]],
    [131, [2, 3, 8]],
  ] as const)('GF(2^%i)', (m, middle) => {
    const f = field(m, middle);
    check(f, wordField(f));
    // The generic combs on a field that has unrolled ones.
    check(f, { ...wordField(f), comb: undefined, fixedComb: undefined });
  });

  function check(f: ReturnType<typeof field>, wf: WordField): void {
    let seed = 0x9e3779b97f4a7c15n;
    const next = (): bigint => {
      seed = (seed * 6364136223846793005n + 1442695040888963407n) & ((1n << 512n) - 1n);
      return (seed ^ (seed << 200n)) & f.mask;
    };
    const out = new Int32Array(wf.w);
    for (let i = 0; i < 100; i++) {
      const a = i === 0 ? f.mask : next();
      const b = i === 0 ? f.mask : next();
      mulWords(wf, toWords(wf, a), toWords(wf, b), out);
      expect(fromWords(out)).toBe(mul(f, a, b));
      mulFixedWords(wf, toWords(wf, a), fixedTable(wf, toWords(wf, b)), out);
      expect(fromWords(out)).toBe(mul(f, a, b));
      sqrWords(wf, toWords(wf, a), out);
      expect(fromWords(out)).toBe(sqr(f, a));
    }
  }
});
