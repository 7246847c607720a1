// The dstu opener works on a large copy in slices with turns of the event loop between them: the sliced
// decryption and digests give the same bytes as the one-block ones (against gost89 too, and for every
// slice size and length around the block edges), the sample opens to the same result, and a timer of
// another request really runs while one large delivery is opened.
import fc from 'fast-check';
import gost89 from 'gost89';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../../../src/clock.js';
import { sha256Hex } from '../../../../src/digest.js';
import { loadDstuKeys } from '../../../../src/profiles/dstu/index.js';
import { resolveKeys } from '../../../../src/profiles/dstu/keys.js';
import { parseCertificate } from '../../../../src/profiles/dstu/lib/certificate.js';
import { openEnvelope, openEnvelopeInSlices } from '../../../../src/profiles/dstu/lib/enveloped.js';
import {
  cfbDecrypt,
  cfbDecryptInSlices,
  cfbEncrypt,
  gostKey,
} from '../../../../src/profiles/dstu/lib/gost28147.js';
import { gost34311, gost34311InSlices } from '../../../../src/profiles/dstu/lib/gost34311.js';
import { verifySignedData, verifySignedDataInSlices } from '../../../../src/profiles/dstu/lib/signed.js';
import { inSlices, SLICE_BYTES, sha256HexInSlices } from '../../../../src/profiles/dstu/lib/slices.js';
import { nextTask } from '../../../../src/turn.js';
import { CERTS, fixture, KEY6, officialSealerAndOpener, SAMPLES, sampleDer } from './fixtures.js';

describe('slices', () => {
  it('cover [0, length) once, in order, yielding only between slices', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(2000), fc.integer({ min: 1, max: 300 }), async (length, slice) => {
        const seen: [number, number][] = [];
        await inSlices(length, slice, (from, to) => seen.push([from, to]));
        expect(seen.length).toBe(Math.ceil(length / slice));
        let at = 0;
        for (const [from, to] of seen) {
          expect(from).toBe(at);
          expect(to - from).toBeLessThanOrEqual(slice);
          at = to;
        }
        expect(at).toBe(length);
      }),
      { numRuns: 50 },
    );
  });

  it('nextTask lets a macrotask queued before it run first', async () => {
    let ran = false;
    setTimeout(() => {
      ran = true;
    }, 0);
    // A timer of 0 ms may need a millisecond to come due: a few turns at most.
    for (let i = 0; i < 1000 && !ran; i++) await nextTask();
    expect(ran).toBe(true);
  });
});

describe('sliced GOST 28147 CFB and GOST 34.311 are byte-identical to the one-block ones', () => {
  const blocks = (unit: number) => fc.integer({ min: 1, max: 12 }).map((n) => n * unit);

  it('CFB decryption, every slice size and length, against gost89 too', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 8, maxLength: 8 }),
        fc.uint8Array({ minLength: 0, maxLength: 300 }),
        blocks(8),
        async (key, iv, data, slice) => {
          const c = cfbEncrypt(gostKey(key), iv, data);
          const sliced = await cfbDecryptInSlices(gostKey(key), iv, c, slice);
          expect(sliced).toEqual(data);
          expect(sliced).toEqual(cfbDecrypt(gostKey(key), iv, c));
          if (data.length > 0) {
            const peer = gost89.init();
            peer.key(Buffer.from(key));
            expect(new Uint8Array(peer.decrypt_cfb(Buffer.from(iv), Buffer.from(c)))).toEqual(sliced);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('the hash, every slice size and length, against gost89 too', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 400 }), blocks(32), async (data, slice) => {
        const sliced = await gost34311InSlices(data, undefined, slice);
        expect(sliced).toEqual(gost34311(data));
        expect(sliced).toEqual(new Uint8Array(gost89.gosthash(Buffer.from(data))));
      }),
      { numRuns: 60 },
    );
  });

  it('a slice that would split a block is refused', async () => {
    await expect(
      cfbDecryptInSlices(gostKey(new Uint8Array(32)), new Uint8Array(8), new Uint8Array(9), 12),
    ).rejects.toThrow(RangeError);
    await expect(gost34311InSlices(new Uint8Array(9), undefined, 48)).rejects.toThrow(RangeError);
  });

  it('SHA-256 in slices is sha256Hex, every slice size and length', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 0, maxLength: 400 }),
        fc.integer({ min: 1, max: 130 }),
        async (data, slice) => {
          expect(await sha256HexInSlices(data, slice)).toBe(sha256Hex(data));
        },
      ),
      { numRuns: 60 },
    );
    // FIPS 180-4 example "abc", over the default slices.
    expect(await sha256HexInSlices(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('the published vector of GOST 34.311 (DKE No. 1), over the default slices', async () => {
    const data = new TextEncoder().encode('12345678901234567890123456789011');
    expect(Buffer.from(await gost34311InSlices(data)).toString('hex')).toBe(
      '7686f3f4b113aadc97bca9ea054f41821f0676c5c28ffb987e41797a568e1ed4',
    );
  });
});

describe('the official samples open the same in slices', { timeout: 120_000 }, () => {
  it('the PDF sample: the same plaintext, content, signer and signing time', async () => {
    const keys = resolveKeys(await loadDstuKeys(KEY6));
    const der = sampleDer(SAMPLES.pdf);
    const whole = openEnvelope(der, keys, []);
    const sliced = await openEnvelopeInSlices(der, keys, []);
    expect(sliced.content).toEqual(whole.content);
    const platform = [parseCertificate(fixture(CERTS.partnerSign))];
    const a = verifySignedData(whole.content, { certificates: platform });
    const b = await verifySignedDataInSlices(sliced.content, { certificates: platform });
    expect(b.content).toEqual(a.content);
    expect(b.content).toEqual(fixture(SAMPLES.pdfPlain));
    expect(b.signer.raw).toEqual(a.signer.raw);
    expect(b.signingTime).toBe(a.signingTime);
  });

  it('a changed content is still SIGNATURE_DIGEST_MISMATCH', async () => {
    const keys = resolveKeys(await loadDstuKeys(KEY6));
    const content = (await openEnvelopeInSlices(sampleDer(SAMPLES.pdf), keys, [])).content.slice();
    // Flip one byte in the middle of the PDF (the attached content is most of the SignedData).
    const at = content.length >> 1;
    content[at] = (content[at] as number) ^ 1;
    const platform = [parseCertificate(fixture(CERTS.partnerSign))];
    await expect(verifySignedDataInSlices(content, { certificates: platform })).rejects.toMatchObject({
      code: 'SIGNATURE_DIGEST_MISMATCH',
    });
    expect(() => verifySignedData(content, { certificates: platform })).toThrow(
      expect.objectContaining({ code: 'SIGNATURE_DIGEST_MISMATCH' }),
    );
  });
});

describe('the opener yields while it opens a large copy', { timeout: 120_000 }, () => {
  it('other macrotasks run during one open of a 1 MiB copy, and the copy opens intact', async () => {
    const clock = manualClock(Date.parse('2024-03-01T10:00:00Z'));
    const { sealer, opener } = await officialSealerAndOpener(clock);
    const copy = new Uint8Array(1024 * 1024);
    for (let at = 0; at < copy.length; at += 65_536) crypto.getRandomValues(copy.subarray(at, at + 65_536));
    const sealed = await sealer.seal(copy);
    await opener.open(await sealer.seal(new TextEncoder().encode('{}'))); // the first open prepares the opener
    // Another request's work, as macrotasks: counted while the open runs. One block of work lets none run.
    let turns = 0;
    let running = true;
    const tick = () => {
      if (!running) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    const file = await opener.open(sealed);
    running = false;
    expect(file.content).toEqual(copy);
    expect(file.checks).toContain('signature-valid');
    // Decryption, the GOST digest and SHA-256 each give a turn per slice.
    expect(turns).toBeGreaterThanOrEqual(Math.floor((3 * copy.length) / SLICE_BYTES) - 3);
  });
});
