import { describe, expect, it } from 'vitest';
import { certificatesOfBundle, parseCertificate } from '../../../../src/profiles/dstu/lib/certificate.js';
import {
  add,
  compress,
  decompress,
  multiply,
  namedCurve,
  negate,
  onCurve,
} from '../../../../src/profiles/dstu/lib/curve.js';
import { octets, readDer } from '../../../../src/profiles/dstu/lib/der.js';
import { agree, publicKeyOf, sign, verify } from '../../../../src/profiles/dstu/lib/dstu4145.js';
import { gost34311 } from '../../../../src/profiles/dstu/lib/gost34311.js';
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
