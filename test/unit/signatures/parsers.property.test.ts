// Property tests for the ECDSA certificate and CMS parsers: random bytes, DER-shaped noise and mutated valid
// structures (a byte changed, cut, inserted; an element's length changed) never crash and never pass
// unnoticed. Each input ends in a result or an AcceptError with one of the codes the function documents;
// the work per input is bounded by the size limits, not by a timer.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { encOid, encUint, seq, tlv } from '../../../src/der-write.js';
import { type AcceptErrorCode, isAcceptError } from '../../../src/errors.js';
import { buildEcChain, ecTrustStore } from '../../../src/signatures/chain.js';
import { verifyEcdsaSignedData } from '../../../src/signatures/cms.js';
import { parseEcCertificate } from '../../../src/signatures/x509.js';
import { createEcTestCa, signCadesBes } from '../../support/ecdsa-ca.js';

const NOW = Date.UTC(2026, 0, 1);
const CERT_CODES: readonly AcceptErrorCode[] = [
  'CERTIFICATE_MALFORMED',
  'CERTIFICATE_ALGORITHM_NOT_ALLOWED',
  'DER_LIMIT_EXCEEDED',
];
const CMS_CODES: readonly AcceptErrorCode[] = [
  ...CERT_CODES,
  'SIGNATURE_MALFORMED',
  'SIGNATURE_ALGORITHM_NOT_ALLOWED',
  'SIGNATURE_DIGEST_MISMATCH',
  'SIGNATURE_INVALID',
  'SIGNATURE_SIGNER_UNTRUSTED',
  'SIGNATURE_TIME_INVALID',
  'CERTIFICATE_CHAIN_INVALID',
  'CERTIFICATE_EXPIRED',
  'CERTIFICATE_NOT_YET_VALID',
  'CERTIFICATE_USAGE_NOT_ALLOWED',
];

function codeOf(error: unknown, allowed: readonly AcceptErrorCode[]): AcceptErrorCode {
  if (!isAcceptError(error)) throw error;
  expect(allowed).toContain(error.code);
  return error.code;
}

const derish = fc
  .uint8Array({ maxLength: 600 })
  .map((body) => Uint8Array.from([0x30, 0x82, body.length >> 8, body.length & 255, ...body]));
const noise = fc.oneof(fc.uint8Array({ maxLength: 600 }), derish);

/** A mutation of `base`: one byte set, a cut, an insertion, or a length byte nudged. */
function mutated(base: Uint8Array): fc.Arbitrary<Uint8Array> {
  const at = fc.integer({ min: 0, max: base.length - 1 });
  return fc.oneof(
    fc.tuple(at, fc.integer({ min: 0, max: 255 })).map(([i, v]) => {
      const out = base.slice();
      out[i] = v;
      return out;
    }),
    at.map((i) => base.slice(0, i)),
    fc
      .tuple(at, fc.uint8Array({ minLength: 1, maxLength: 8 }))
      .map(([i, bytes]) => Uint8Array.from([...base.subarray(0, i), ...bytes, ...base.subarray(i)])),
    fc.tuple(at, fc.integer({ min: 1, max: 3 }), fc.boolean()).map(([i, d, up]) => {
      const out = base.slice();
      out[i] = ((out[i] as number) + (up ? d : 256 - d)) & 255;
      return out;
    }),
  );
}

let citizen: Uint8Array;
let caDer: Uint8Array;
let cms: Uint8Array;
const file = new TextEncoder().encode('файл для підпису');

beforeAll(async () => {
  const ca = await createEcTestCa({ seed: 'fuzz', now: NOW });
  caDer = ca.certificate.der;
  const issued = await ca.issueCitizen();
  citizen = issued.der;
  cms = await signCadesBes({ signer: issued, content: file, signingTime: NOW, attached: true });
});

describe('parseEcCertificate on hostile input', () => {
  it('random bytes and DER-shaped noise: only coded refusals', () => {
    fc.assert(
      fc.property(noise, (bytes) => {
        try {
          parseEcCertificate(bytes);
        } catch (error) {
          codeOf(error, CERT_CODES);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('trust stores from noise and from noise shaped as a .p7b bundle: only coded refusals', () => {
    // A certs-only SignedData whose certificates field holds the noise.
    const bundle = noise.map((inner) =>
      seq(
        encOid('1.2.840.113549.1.7.2'),
        tlv(
          0xa0,
          seq(encUint(1), tlv(0x31), seq(encOid('1.2.840.113549.1.7.1')), tlv(0xa0, inner), tlv(0x31)),
        ),
      ),
    );
    fc.assert(
      fc.property(fc.oneof(noise, bundle), (bytes) => {
        try {
          ecTrustStore([bytes]);
        } catch (error) {
          codeOf(error, CERT_CODES);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('a mutated citizen certificate: parsed or refused with a code, and a parsed one never chains unless unchanged where signed', async () => {
    const trust = ecTrustStore([caDer]);
    const original = parseEcCertificate(citizen);
    await fc.assert(
      fc.asyncProperty(mutated(citizen), async (bytes) => {
        let cert: ReturnType<typeof parseEcCertificate>;
        try {
          cert = parseEcCertificate(bytes);
        } catch (error) {
          codeOf(error, CERT_CODES);
          return;
        }
        try {
          await buildEcChain(cert, { trust, at: NOW });
          // Verified: the signed part must be the original's (only the unsigned outer signature encoding or
          // nothing at all may have changed, and ECDSA verification would have caught a changed r or s).
          expect(Buffer.from(cert.tbs).equals(Buffer.from(original.tbs))).toBe(true);
        } catch (error) {
          codeOf(error, [
            ...CERT_CODES,
            'CERTIFICATE_CHAIN_INVALID',
            'CERTIFICATE_EXPIRED',
            'CERTIFICATE_NOT_YET_VALID',
          ]);
        }
      }),
      { numRuns: 600 },
    );
  });
});

describe('verifyEcdsaSignedData on hostile input', () => {
  it('random bytes and DER-shaped noise: only coded refusals', async () => {
    const trust = ecTrustStore([caDer]);
    await fc.assert(
      fc.asyncProperty(noise, async (bytes) => {
        try {
          await verifyEcdsaSignedData(bytes, { trust, content: file });
          expect.unreachable('noise verified');
        } catch (error) {
          codeOf(error, CMS_CODES);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('a mutated attached signature: refused with a code unless only unsigned bytes changed', async () => {
    const trust = ecTrustStore([caDer]);
    await fc.assert(
      fc.asyncProperty(mutated(cms), async (bytes) => {
        try {
          const result = await verifyEcdsaSignedData(bytes, { trust });
          // What verified carries the original content and signer (a change that keeps both is harmless:
          // the digest algorithm set's encoding, an unsigned byte that DER still reads the same way).
          expect(result.content).toEqual(file);
          expect(result.signer.raw).toEqual(citizen);
        } catch (error) {
          codeOf(error, CMS_CODES);
        }
      }),
      { numRuns: 600 },
    );
  });
});
