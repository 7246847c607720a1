// The session token: one login however many calls wait, renewal before the two hours end (on a manual
// clock), and a 401 that makes fifty calls log in once, not fifty times.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/clock.js';
import { isAcceptError } from '../../../src/errors.js';
import { diiaAdmin } from '../../../src/transport/index.js';
import { ACQUIRER_TOKEN, error, type FakePlatform, startFakePlatform } from './fake-platform.js';

let platform: FakePlatform;
beforeEach(async () => {
  platform = await startFakePlatform();
});
afterEach(() => platform.close());

const tokensUsed = () => new Set(platform.calls().map((r) => r.headers.authorization));

describe('single-flight login', () => {
  it('logs in once for 50 concurrent calls', async () => {
    const transport = diiaAdmin({ baseUrl: platform.url, acquirerToken: ACQUIRER_TOKEN });
    const results = await Promise.all(Array.from({ length: 50 }, () => transport.branches.list()));
    expect(results).toHaveLength(50);
    expect(platform.logins()).toHaveLength(1);
    expect(platform.calls()).toHaveLength(50);
    expect(tokensUsed().size).toBe(1);
  });

  it('shares one failed login among the waiters, and the next call tries again', async () => {
    let n = 0;
    platform.on('GET', /^\/api\/v1\/auth\/acquirer\//, () => (++n === 1 ? error(401) : undefined));
    const transport = diiaAdmin({ baseUrl: platform.url, acquirerToken: ACQUIRER_TOKEN });
    const settled = await Promise.allSettled(Array.from({ length: 50 }, () => transport.branches.list()));
    expect(
      settled.every((s) => s.status === 'rejected' && isAcceptError(s.reason, 'PLATFORM_UNAUTHORISED')),
    ).toBe(true);
    expect(platform.logins()).toHaveLength(1);
    await expect(transport.branches.list()).resolves.toMatchObject({ total: 1 });
    expect(platform.logins()).toHaveLength(2);
  });

  it('lets one waiter give up (abort) without cancelling the login for the others', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    platform.on('GET', /^\/api\/v1\/auth\/acquirer\//, () => ({ after: gate }));
    const transport = diiaAdmin({ baseUrl: platform.url, acquirerToken: ACQUIRER_TOKEN });
    const controller = new AbortController();
    const quitter = transport.branches.list({}, { signal: controller.signal });
    const stayer = transport.branches.list();
    while (platform.logins().length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    await expect(quitter).rejects.toSatisfy((e) => isAcceptError(e, 'ABORTED'));
    release();
    await expect(stayer).resolves.toMatchObject({ total: 1 });
    expect(platform.logins()).toHaveLength(1);
    expect(platform.calls()).toHaveLength(1);
  });

  it('logs in once when 50 calls meet a 401 together', async () => {
    const transport = diiaAdmin({ baseUrl: platform.url, acquirerToken: ACQUIRER_TOKEN });
    await transport.branches.list();
    platform.sessions.clear();
    const results = await Promise.all(Array.from({ length: 50 }, () => transport.branches.list()));
    expect(results).toHaveLength(50);
    expect(platform.logins()).toHaveLength(2);
  });
});

describe('renewal on the clock', () => {
  it('reuses the token within its lifetime and renews it across a two-hour jump', async () => {
    const clock = manualClock('2026-11-30T09:00:00Z');
    const transport = diiaAdmin({ baseUrl: platform.url, acquirerToken: ACQUIRER_TOKEN, clock });
    await transport.branches.list();
    clock.advance('1h');
    await transport.branches.list();
    expect(platform.logins()).toHaveLength(1);
    clock.advance('1h');
    await transport.branches.list();
    expect(platform.logins()).toHaveLength(2);
    expect(tokensUsed().size).toBe(2);
  });

  it('renews renewBefore ahead of the end, not after', async () => {
    const clock = manualClock('2026-11-30T09:00:00Z');
    const transport = diiaAdmin({
      baseUrl: platform.url,
      acquirerToken: ACQUIRER_TOKEN,
      clock,
      renewBefore: '5m',
    });
    await transport.branches.list();
    clock.advance('114m');
    await transport.branches.list();
    expect(platform.logins()).toHaveLength(1);
    clock.advance('1m');
    await transport.branches.list();
    expect(platform.logins()).toHaveLength(2);
  });

  it('follows a configured session lifetime', async () => {
    const clock = manualClock(0);
    const transport = diiaAdmin({
      baseUrl: platform.url,
      acquirerToken: ACQUIRER_TOKEN,
      clock,
      sessionLifetime: '30m',
      renewBefore: '1m',
    });
    await transport.branches.list();
    clock.advance('29m');
    await transport.branches.list();
    expect(platform.logins()).toHaveLength(2);
  });

  it('needs no login until the first call', async () => {
    diiaAdmin({ baseUrl: platform.url, acquirerToken: ACQUIRER_TOKEN });
    await new Promise((r) => setTimeout(r, 20));
    expect(platform.requests).toHaveLength(0);
  });
});
