/**
 * A short run of the load benchmark (bench/load-share.ts) in the test suite: a couple of hundred sessions
 * open at once across two instances, then a few seconds of stream with duplicate deliveries. Nothing may
 * fail and every acknowledged copy must be stored exactly once. Memory is not judged here (too short).
 */
import { describe, expect, it } from 'vitest';
import { runShareLoad } from '../../bench/load-share-run.js';
import { redisTestsEnabled } from '../support/redis-server.js';

const enabled = redisTestsEnabled('scale-out load test');

describe.skipIf(!enabled)('load, in short', () => {
  it('200 sessions open at once and a 5 s stream: no error, no copy lost or stored twice', {
    timeout: 180_000,
  }, async () => {
    const report = await runShareLoad({
      sessions: 200,
      durationMs: 5_000,
      desks: 20,
      instances: 2,
      sampleEveryMs: 1_000,
      retentionMs: 2_000,
    });
    expect(report.errorKinds).toEqual({});
    expect(report.burst.sessions).toBe(200);
    expect(report.stream.sessions).toBeGreaterThan(0);
    expect(report.lostOrDoubled).toBe(0);
  });
});
