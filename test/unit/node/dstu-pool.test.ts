// dstuOpenerPool: real worker threads opening the official samples; refusals cross the thread boundary as
// AcceptError with the code the opener gives on the main thread.
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/clock.js';
import { AcceptError, isAcceptError } from '../../../src/errors.js';
import { dstuOpenerPool, THREAD_LIMITS } from '../../../src/node/dstu-pool.js';
import { CERTS, fixture, KEY6, SAMPLES, TIMES } from '../profiles/dstu/fixtures.js';

const trust = {
  caBundle: fixture(CERTS.bundle),
  platformCertificates: [fixture(CERTS.partnerSign), fixture(CERTS.partnerAgree)],
};

const refusal = async (p: Promise<unknown>): Promise<AcceptError> => {
  try {
    await p;
  } catch (e) {
    if (isAcceptError(e)) return e;
    throw e;
  }
  throw new Error('expected a refusal');
};

// Each thread opens the key container (PBKDF2, about a second on an idle core) before its first delivery.
describe('dstuOpenerPool', { timeout: 120_000 }, () => {
  it('opens both official samples on worker threads, byte-identical to the shipped plaintexts', async () => {
    const pool = dstuOpenerPool({
      keys: KEY6,
      trust,
      clock: manualClock(TIMES.partnerCertsValid),
      threads: 2,
    });
    try {
      const [pdf, json] = await Promise.all([
        pool.open(fixture(SAMPLES.pdf), { fileName: 'x.pdf.p7s.p7e' }),
        pool.open(fixture(SAMPLES.json)),
      ]);
      expect(pdf.content).toEqual(fixture(SAMPLES.pdfPlain));
      expect(json.content).toEqual(fixture(SAMPLES.jsonPlain));
      expect(json.signer.serialNumber).toBe('5b63d88375d9201804000000e0ba0500fa8f0e00');
      expect(json.checks).toContain('certificate-chain-valid');
    } finally {
      await pool.close();
    }
  });

  it('refusals cross the thread as AcceptError with their code, and the clock is the caller’s', async () => {
    const clock = manualClock(TIMES.allExpired);
    const pool = dstuOpenerPool({ keys: KEY6, trust, clock, threads: 1 });
    try {
      const expired = await refusal(pool.open(fixture(SAMPLES.json)));
      expect(expired).toBeInstanceOf(AcceptError);
      expect(expired.code).toBe('CERTIFICATE_EXPIRED');
      clock.set('2015-01-01T00:00:00Z');
      expect((await refusal(pool.open(fixture(SAMPLES.json)))).code).toBe('CERTIFICATE_NOT_YET_VALID');
      expect((await refusal(pool.open(new TextEncoder().encode('not base64!')))).code).toBe(
        'ENVELOPE_MALFORMED',
      );
      const flipped = fixture(SAMPLES.json).slice();
      flipped[flipped.length - 10] = 0x21; // '!' is not base64
      expect((await refusal(pool.open(flipped))).code).toBe('ENVELOPE_MALFORMED');
      // The thread is still serving after refusals.
      clock.set(TIMES.partnerCertsValid);
      expect((await pool.open(fixture(SAMPLES.json))).content).toEqual(fixture(SAMPLES.jsonPlain));
    } finally {
      await pool.close();
    }
  });

  it('a wrong container password is KEY_CONTAINER_PASSWORD from the thread', async () => {
    const pool = dstuOpenerPool({ keys: { ...KEY6, password: 'wrong' }, trust, threads: 1 });
    try {
      expect((await refusal(pool.open(fixture(SAMPLES.json)))).code).toBe('KEY_CONTAINER_PASSWORD');
    } finally {
      await pool.close();
    }
  });

  it('an aborted delivery and a closed pool are ABORTED; unknown options are INVALID_ARGUMENT', async () => {
    const pool = dstuOpenerPool({
      keys: KEY6,
      trust,
      threads: 1,
      clock: manualClock(TIMES.partnerCertsValid),
    });
    const controller = new AbortController();
    const first = pool.open(fixture(SAMPLES.json));
    const second = pool.open(fixture(SAMPLES.json), { signal: controller.signal });
    controller.abort();
    expect((await refusal(second)).code).toBe('ABORTED');
    expect((await first).content).toEqual(fixture(SAMPLES.jsonPlain));
    await pool.close();
    expect((await refusal(pool.open(fixture(SAMPLES.json)))).code).toBe('ABORTED');
    expect(() => dstuOpenerPool({ keys: KEY6, trust, threds: 2 } as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('threds') }),
    );
    expect(() => dstuOpenerPool({ keys: KEY6, trust, threads: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('a thread that dies with a delivery in hand fails it as OPENER_WORKER_FAILED, and the next delivery opens', async () => {
    // A real crash: the thread's JS heap is capped at 8 MB, which its modules fit in but opening the key
    // container and the CA bundle does not, so V8 stops the thread (ERR_WORKER_OUT_OF_MEMORY). Threads started
    // after the crash get no cap: the pool replaces the dead thread when the next delivery needs one.
    let crash = true;
    const pool = dstuOpenerPool({
      keys: KEY6,
      trust,
      clock: manualClock(TIMES.partnerCertsValid),
      threads: 1,
      [THREAD_LIMITS]: () => (crash ? { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 1 } : undefined),
    } as Parameters<typeof dstuOpenerPool>[0]);
    try {
      const failed = await refusal(pool.open(fixture(SAMPLES.json)));
      expect(failed.code).toBe('OPENER_WORKER_FAILED');
      expect((failed.cause as { code?: string } | undefined)?.code).toBe('ERR_WORKER_OUT_OF_MEMORY');
      crash = false;
      const [json, pdf] = await Promise.all([
        pool.open(fixture(SAMPLES.json)),
        pool.open(fixture(SAMPLES.pdf)),
      ]);
      expect(json.content).toEqual(fixture(SAMPLES.jsonPlain));
      expect(pdf.content).toEqual(fixture(SAMPLES.pdfPlain));
    } finally {
      await pool.close();
    }
  });
});
