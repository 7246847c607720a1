// The fast paths of the dstu profile against slow references and a peer implementation: the interleaved
// double-scalar multiplication against two ladders and an affine sum, the width-w NAF against its value,
// the byte-level base64 of the sealed part against atob, GOST 28147 CFB and GOST 34.311 against the
// `gost89` package, and the remembered certificate chains.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import gost89 from 'gost89';
import { describe, expect, it } from 'vitest';
import { COMB_FILE, generate } from '../../../../scripts/field-comb.js';
import { manualClock } from '../../../../src/clock.js';
import { isAcceptError } from '../../../../src/errors.js';
import { dstuOpener, loadDstuKeys } from '../../../../src/profiles/dstu/index.js';
import { certificatesOfBundle, parseCertificate } from '../../../../src/profiles/dstu/lib/certificate.js';
import { add, type Curve, negate } from '../../../../src/profiles/dstu/lib/curve.js';
import { namedCurve } from '../../../../src/profiles/dstu/lib/curves.js';
import { publicKeyOf, sign, verify } from '../../../../src/profiles/dstu/lib/dstu4145.js';
import { cfbDecrypt, cfbEncrypt, gostKey } from '../../../../src/profiles/dstu/lib/gost28147.js';
import { gost34311 } from '../../../../src/profiles/dstu/lib/gost34311.js';
import { combinedX, wnaf } from '../../../../src/profiles/dstu/lib/interleave.js';
import { multiply } from '../../../../src/profiles/dstu/lib/ladder.js';
import { caStore, validateChain } from '../../../../src/profiles/dstu/lib/trust.js';
import { decodeSealed } from '../../../../src/profiles/dstu/sealed-text.js';
import { codeOf } from '../../../support/codes.js';
import { CERTS, fixture, KEY6, SAMPLES, TIMES } from './fixtures.js';

const curveOf = (i: number): Curve => {
  const c = namedCurve(i);
  if (!c) throw new Error('missing curve');
  return c;
};
const scalar = (c: Curve) => fc.bigInt({ min: 1n, max: c.n - 1n });

describe('interleaved u·G + v·Q', () => {
  it.each([0, 2, 6, 9])('curve %i: equals the sum of two ladders', (i) => {
    const c = curveOf(i);
    const q = publicKeyOf(c, 0x1234567890abcdefn + BigInt(i));
    fc.assert(
      fc.property(scalar(c), scalar(c), (u, v) => {
        const expected = add(c, multiply(c, c.g, u), multiply(c, q, v));
        expect(combinedX(c, u, q, v)).toBe(expected === null ? null : expected.x);
      }),
      { numRuns: i === 9 ? 4 : 10 },
    );
  });

  it('reaches the point at infinity and the doubling case of the mixed addition', () => {
    const c = curveOf(6);
    // Q = G: uG + vG with u + v = n is infinity; u = v walks through P + P in the addition.
    expect(combinedX(c, 5n, c.g, c.n - 5n)).toBeNull();
    expect(combinedX(c, 7n, c.g, 7n)).toBe(multiply(c, c.g, 14n)?.x);
    expect(combinedX(c, 1n, negate(c.g), 1n)).toBeNull();
  });

  it('a signature still verifies and a flipped bit of it does not', () => {
    const c = curveOf(6);
    const d = 0xdeadbeefn;
    const q = publicKeyOf(c, d);
    const hash = gost34311(new TextEncoder().encode('fast path'));
    const sig = sign(c, d, hash, () => 0x5555555555555n);
    expect(verify(c, q, hash, sig)).toBe(true);
    for (const at of [0, 17, sig.length - 1]) {
      const bad = sig.slice();
      bad[at] = (bad[at] as number) ^ 4;
      expect(verify(c, q, hash, bad)).toBe(false);
    }
  });
});

describe('the unrolled comb', () => {
  it('is the output of scripts/field-comb.ts (npm run gen:field-comb)', () => {
    expect(readFileSync(new URL(`../../../../${COMB_FILE}`, import.meta.url), 'utf8')).toBe(generate());
  });
});

describe('width-w NAF', () => {
  it('sums back to the scalar, odd digits below 2^(w−1), one in any w positions', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 440n) - 1n }), fc.integer({ min: 2, max: 8 }), (k, w) => {
        const digits = wnaf(k, w);
        let sum = 0n;
        for (let i = digits.length - 1; i >= 0; i--) sum = 2n * sum + BigInt(digits[i] as number);
        expect(sum).toBe(k);
        digits.forEach((d, i) => {
          if (d === 0) return;
          expect(Math.abs(d) % 2).toBe(1);
          expect(Math.abs(d)).toBeLessThan(1 << (w - 1));
          for (let j = i + 1; j < Math.min(i + w, digits.length); j++) expect(digits[j]).toBe(0);
        });
      }),
    );
  });
});

describe('base64 of the sealed part', () => {
  it('decodes as atob does, whitespace anywhere', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.nat(), (bytes, seed) => {
        const text = Buffer.from(bytes).toString('base64');
        // Whitespace at pseudo-random places, as line-wrapped base64 has it.
        let wrapped = '';
        for (let i = 0; i < text.length; i++)
          wrapped += (seed + i * 7) % 13 === 0 ? `\r\n${text[i]}` : text[i];
        const input = new TextEncoder().encode(` ${wrapped}\t`);
        if (input[0] === 0x30) return;
        expect(decodeSealed(input)).toEqual(bytes);
      }),
    );
  });

  it.each(['QQ=', 'QQ===', 'Q===', 'QQ==QQ==', 'QUJD=', 'QU JD!', '', '  \n', 'QUJDRA'])(
    'refuses %j as ENVELOPE_MALFORMED',
    (text) => {
      try {
        decodeSealed(new TextEncoder().encode(text));
        expect.unreachable();
      } catch (e) {
        expect(isAcceptError(e, 'ENVELOPE_MALFORMED')).toBe(true);
      }
    },
  );
});

describe('GOST 28147 and 34.311 against the gost89 package', () => {
  it('CFB encryption and decryption are byte-identical to gost89', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 8, maxLength: 8 }),
        fc.uint8Array({ minLength: 0, maxLength: 200 }),
        (key, iv, data) => {
          const peer = gost89.init();
          peer.key(Buffer.from(key));
          const c = cfbEncrypt(gostKey(key), iv, data);
          if (data.length > 0) {
            expect(new Uint8Array(peer.crypt_cfb(Buffer.from(iv), Buffer.from(data)))).toEqual(c);
          }
          expect(cfbDecrypt(gostKey(key), iv, c)).toEqual(data);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('the hash is byte-identical to gost89 for every length around the block edges', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 130 }), (data) => {
        expect(gost34311(data)).toEqual(new Uint8Array(gost89.gosthash(Buffer.from(data))));
      }),
      { numRuns: 60 },
    );
  });
});

describe('remembered certificate chains', { timeout: 60_000 }, () => {
  const store = caStore([fixture(CERTS.bundle)]);
  const signer = parseCertificate(fixture(CERTS.partnerSign));
  const at = Date.parse(TIMES.partnerCertsValid);

  it('a chain validated once answers again, and outside its window with the code of the full walk', () => {
    const first = validateChain(signer, store, at);
    expect(first.length).toBeGreaterThan(1);
    // A fresh parse of the same DER hits the remembered chain.
    const again = validateChain(parseCertificate(fixture(CERTS.partnerSign)), store, at + 1000);
    expect(again.map((c) => c.subjectKeyId)).toEqual(first.map((c) => c.subjectKeyId));
    const codeAt = (time: number): string | undefined => {
      try {
        validateChain(signer, store, time);
        return undefined;
      } catch (e) {
        return isAcceptError(e) ? e.code : 'other';
      }
    };
    expect(codeAt(signer.notAfter + 1)).toBe('CERTIFICATE_EXPIRED');
    expect(codeAt(signer.notBefore - 1)).toBe('CERTIFICATE_NOT_YET_VALID');
    expect(codeAt(at)).toBeUndefined();
  });

  it('the lazy index of the bundle finds every certificate that a full parse indexes, and no other', () => {
    const parsed = certificatesOfBundle(fixture(CERTS.bundle)).map(parseCertificate);
    const withIds = parsed.filter((c) => c.subjectKeyId !== undefined);
    expect(withIds.length).toBeGreaterThan(10);
    expect(store.size).toBe(withIds.length);
    for (const cert of withIds) {
      const found = store.byKeyId.get(cert.subjectKeyId as string) ?? [];
      expect(found.map((c) => c.serial)).toContain(cert.serial);
      for (const c of found) expect(c.subjectKeyId).toBe(cert.subjectKeyId);
    }
    expect(store.byKeyId.get('00'.repeat(32))).toBeUndefined();
  });

  it('a certificate given on its own is parsed at once: a malformed one is CERTIFICATE_MALFORMED', () => {
    const der = certificatesOfBundle(fixture(CERTS.bundle))[0] as Uint8Array;
    expect(caStore([der]).size).toBe(1);
    expect(() => caStore([der.slice(0, der.length - 40)])).toThrow(
      expect.objectContaining({ code: 'CERTIFICATE_MALFORMED' }),
    );
  });

  it('a chain is remembered per CA store: another store without the anchor still refuses', () => {
    validateChain(signer, store, at);
    const empty = caStore([]);
    expect(() => validateChain(signer, empty, at)).toThrow(
      expect.objectContaining({ code: 'CERTIFICATE_CHAIN_INVALID' }),
    );
  });

  it('the opener refuses a certificate that is not yet valid with its own code', async () => {
    const opener = dstuOpener({
      keys: await loadDstuKeys(KEY6),
      trust: {
        caBundle: fixture(CERTS.bundle),
        platformCertificates: [fixture(CERTS.partnerSign), fixture(CERTS.partnerAgree)],
      },
      clock: manualClock('2015-01-01T00:00:00Z'),
    });
    expect(await codeOf(opener.open(fixture(SAMPLES.json)))).toBe('CERTIFICATE_NOT_YET_VALID');
  });
});
