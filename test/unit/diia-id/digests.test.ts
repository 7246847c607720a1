// fileHash and the login hash against published or independently computed answers.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { digestOf, loginIds, partnerDigest } from '../../../src/diia-id/digests.js';
import { gost34311 } from '../../../src/profiles/dstu/lib/gost34311.js';
import { BRANCH_ID, OFFER_ID, setup } from './support.js';

const enc = (text: string) => new TextEncoder().encode(text);
const hexToBase64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');

describe('fileHash', () => {
  it('is standard base64 of GOST 34.311-95 (DKE No. 1) over the bytes: the published vector', async () => {
    const env = setup();
    await env.diiaId.signFiles({
      branchId: BRANCH_ID,
      offerId: OFFER_ID,
      files: [{ name: 'v.bin', bytes: enc('12345678901234567890123456789011') }],
    });
    expect(env.transport.requests[0]!.data!.hashedFilesSigning.hashedFiles[0]!.fileHash).toBe(
      hexToBase64('7686f3f4b113aadc97bca9ea054f41821f0676c5c28ffb987e41797a568e1ed4'),
    );
  });

  it('is the same for a large file hashed in slices', async () => {
    const big = new Uint8Array(1024 * 1024 + 77).map((_, i) => (i * 31) & 255);
    const sliced = await digestOf(big, 'gost34311');
    const whole = gost34311(big);
    expect(sliced).toEqual(whole);
    expect(await digestOf(big, 'sha384')).toEqual(new Uint8Array(createHash('sha384').update(big).digest()));
  });

  it('checks a partner digest for its algorithm length, in bytes or base64', () => {
    expect(partnerDigest(new Uint8Array(48), 'sha384', 'd')).toHaveLength(48);
    expect(() => partnerDigest(new Uint8Array(32), 'sha384', 'd')).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => partnerDigest('q1Tg', 'sha256', 'd')).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => partnerDigest(42, 'sha256', 'd')).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});

describe('the login hash rules', () => {
  it('java-py hashes the UTF-8 bytes of the id with GOST 34.311', async () => {
    const ids = await loginIds('java-py', 'DSTU', '12345678901234567890123456789011');
    expect(ids.hashedRequestId).toBe(
      hexToBase64('7686f3f4b113aadc97bca9ea054f41821f0676c5c28ffb987e41797a568e1ed4'),
    );
    expect(ids.digestAlgorithm).toBe('gost34311');
  });

  it('platform hashes the decoded id, GOST for DSTU', async () => {
    const id = Buffer.from('12345678901234567890123456789011').toString('base64');
    const ids = await loginIds('platform', 'DSTU', id);
    expect(ids.hashedRequestId).toBe(
      hexToBase64('7686f3f4b113aadc97bca9ea054f41821f0676c5c28ffb987e41797a568e1ed4'),
    );
    await expect(loginIds('platform', 'DSTU', 'not base64')).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('takes a custom rule and refuses a malformed one', async () => {
    const ids = await loginIds({ digestAlgorithm: 'sha384', content: (id) => enc(`x${id}`) }, 'ECDSA', 'abc');
    expect(ids.hashedRequestId).toBe(createHash('sha384').update('xabc').digest('base64'));
    await expect(loginIds({ digestAlgorithm: 'md5' } as never, 'DSTU')).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(loginIds('nope' as never, 'DSTU')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
