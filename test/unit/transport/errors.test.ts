// Every way a platform call fails, over a real loopback server: the code, the cause, the retries (or their
// absence for calls that must not be repeated), Retry-After, timeouts, cancellation, malformed answers.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAcceptError } from '../../../src/errors.js';
import { type DiiaTransportOptions, PlatformHttpError } from '../../../src/transport/index.js';
import { codeOf } from '../../support/codes.js';
import { platformClients } from '../../support/platform-clients.js';
import { ACQUIRER_TOKEN, error, type FakePlatform, startFakePlatform } from './fake-platform.js';

const REQUEST_ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const BARCODE = '2858364170864';

let platform: FakePlatform;
let sleeps: number[];

beforeEach(async () => {
  platform = await startFakePlatform();
  sleeps = [];
});
afterEach(() => platform.close());

function make(options: Partial<DiiaTransportOptions> = {}) {
  return platformClients({
    baseUrl: platform.url,
    acquirerToken: ACQUIRER_TOKEN,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options,
  });
}

const identify = (t = make()) => t.identify({ branchId: 'b-1', code: { kind: 'barcode', barcode: BARCODE } });

describe('HTTP statuses map to codes, with the platform answer as the cause', () => {
  it.each([
    [400, 'PLATFORM_BAD_REQUEST'],
    [403, 'PLATFORM_FORBIDDEN_SCOPE'],
    // identification presents a document code: its 404 is "no record with presented code"
    [404, 'PLATFORM_CODE_UNKNOWN'],
    [409, 'PLATFORM_CODE_USED'],
    [410, 'PLATFORM_CODE_EXPIRED'],
    [422, 'PLATFORM_BAD_BARCODE'],
    [418, 'PLATFORM_BAD_REQUEST'],
    [501, 'PLATFORM_UNAVAILABLE'],
  ] as const)('%i → %s', async (status, code) => {
    platform.on('POST', '/api/v1/acquirers/document-identification', () => error(status));
    const failure = await identify().catch((e: unknown) => e);
    expect(isAcceptError(failure, code)).toBe(true);
    const cause = (failure as Error).cause;
    expect(cause).toBeInstanceOf(PlatformHttpError);
    expect((cause as PlatformHttpError).status).toBe(status);
    expect((cause as PlatformHttpError).platformName).toBe(`Error${status}`);
    expect(platform.calls()).toHaveLength(1);
  });

  it('404 on a call that presents no document code is PLATFORM_NOT_FOUND', async () => {
    platform.on('GET', /^\/api\/v2\/acquirers\/branch\//, () => error(404));
    expect(await codeOf(make().branches.get('b-404'))).toBe('PLATFORM_NOT_FOUND');
  });

  it('reads used / expired from a 400 body without keeping its text', async () => {
    platform.on('POST', '/api/v1/acquirers/document-identification', () => ({
      status: 400,
      body: {
        code: 400,
        name: 'BadRequestError',
        message: 'This code has been used already! 2858364170864',
        data: {},
      },
    }));
    const failure = await identify().catch((e: unknown) => e);
    expect(isAcceptError(failure, 'PLATFORM_CODE_USED')).toBe(true);
    expect(String((failure as Error).message)).not.toContain('2858364170864');
    expect(JSON.stringify((failure as Error).cause)).not.toContain('2858364170864');
    expect(String((failure as Error).cause)).not.toContain('2858364170864');
  });
});

describe('401: one re-login, then the call once more', () => {
  it('renews the session after a 401 and succeeds, even for a call that is never retried otherwise', async () => {
    const transport = make();
    await identify(transport);
    platform.sessions.clear(); // the platform forgot the session
    await expect(identify(transport)).resolves.toEqual({ success: true });
    expect(platform.logins()).toHaveLength(2);
    expect(platform.calls()).toHaveLength(3);
  });

  it('gives PLATFORM_UNAUTHORISED when the call is refused again after the re-login', async () => {
    platform.on('POST', '/api/v1/acquirers/document-identification', () => error(401));
    expect(await codeOf(identify())).toBe('PLATFORM_UNAUTHORISED');
    expect(platform.logins()).toHaveLength(2);
    expect(platform.calls()).toHaveLength(2);
  });

  it('gives PLATFORM_UNAUTHORISED for a wrong acquirer token, without retrying the login', async () => {
    expect(await codeOf(identify(make({ acquirerToken: 'wrong-token' })))).toBe('PLATFORM_UNAUTHORISED');
    expect(platform.logins()).toHaveLength(1);
    expect(platform.calls()).toHaveLength(0);
  });

  it('reads 404 on the login as bad credentials, not as a missing branch', async () => {
    platform.on('GET', /^\/api\/v1\/auth\/acquirer\//, () => error(404));
    expect(await codeOf(identify())).toBe('PLATFORM_UNAUTHORISED');
  });
});

describe('retries', () => {
  it('repeats a GET after 5xx with growing, jittered backoff, then succeeds', async () => {
    let n = 0;
    platform.on('GET', '/api/v2/acquirers/branches', () =>
      ++n < 3 ? error(n === 1 ? 503 : 502) : undefined,
    );
    const transport = make({ retries: { attempts: 3, baseDelay: 100, maxDelay: 1000 } });
    await expect(transport.branches.list()).resolves.toMatchObject({ total: 1 });
    expect(platform.calls()).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeGreaterThanOrEqual(50);
    expect(sleeps[0]).toBeLessThanOrEqual(100);
    expect(sleeps[1]).toBeGreaterThanOrEqual(100);
    expect(sleeps[1]).toBeLessThanOrEqual(200);
  });

  it('gives up with PLATFORM_UNAVAILABLE after the last attempt', async () => {
    platform.on('GET', '/api/v2/acquirers/branches', () => error(500));
    expect(await codeOf(make({ retries: { attempts: 4 } }).branches.list())).toBe('PLATFORM_UNAVAILABLE');
    expect(platform.calls()).toHaveLength(4);
  });

  it.each(['identify', 'requestDocument', 'createOfferRequest', 'branches.create', 'offers.create'])(
    'never repeats %s (it is not safe to repeat)',
    async (name) => {
      platform.on('POST', /./, () => error(503));
      const t = make({ retries: { attempts: 5 } });
      const calls: Record<string, () => Promise<unknown>> = {
        identify: () => identify(t),
        requestDocument: () =>
          t.requestDocument({ branchId: 'b-1', barcode: BARCODE, requestId: REQUEST_ID }),
        createOfferRequest: () =>
          t.createOfferRequest({ branchId: 'b-1', offerId: 'o-1', requestId: REQUEST_ID }),
        'branches.create': () =>
          t.branches.create({
            name: 'n',
            email: 'e',
            region: 'r',
            district: 'd',
            location: 'l',
            street: 's',
            house: 'h',
            customFullName: '',
            customFullAddress: '',
            deliveryTypes: ['api'],
            offerRequestType: 'dynamic',
            scopes: { sharing: [], identification: [], documentIdentification: [], diiaId: [] },
          }),
        'offers.create': () => t.offers.create('b-1', { name: 'o', scopes: { sharing: ['passport'] } }),
      };
      expect(await codeOf(calls[name]!())).toBe('PLATFORM_UNAVAILABLE');
      expect(platform.calls()).toHaveLength(1);
      expect(sleeps).toEqual([]);
    },
  );

  it('retries the login itself', async () => {
    let n = 0;
    platform.on('GET', /^\/api\/v1\/auth\/acquirer\//, () => (++n === 1 ? error(503) : undefined));
    await expect(identify()).resolves.toEqual({ success: true });
    expect(platform.logins()).toHaveLength(2);
  });

  it('turns retries off with retries: false', async () => {
    platform.on('GET', '/api/v2/acquirers/branches', () => error(503));
    expect(await codeOf(make({ retries: false }).branches.list())).toBe('PLATFORM_UNAVAILABLE');
    expect(platform.calls()).toHaveLength(1);
  });

  it('counts a DELETE as done when a repeat finds nothing after an attempt with an unknown outcome', async () => {
    let n = 0;
    platform.on('DELETE', /./, () => (++n === 1 ? error(502) : error(404)));
    await expect(make().branches.delete('b-1')).resolves.toBeUndefined();
    expect(platform.calls()).toHaveLength(2);
  });

  it('still reports 404 for a DELETE of something that never existed', async () => {
    platform.on('DELETE', /./, () => error(404));
    expect(await codeOf(make().offers.delete('b-1', 'o-9'))).toBe('PLATFORM_NOT_FOUND');
  });
});

describe('429 and Retry-After', () => {
  it('waits the Retry-After seconds before repeating a safe call', async () => {
    let n = 0;
    platform.on('GET', '/api/v2/acquirers/branches', () =>
      ++n === 1 ? error(429, { 'retry-after': '7' }) : undefined,
    );
    await expect(make().branches.list()).resolves.toMatchObject({ total: 1 });
    expect(sleeps).toEqual([7000]);
  });

  it('fails at once with PLATFORM_RATE_LIMITED when Retry-After is longer than maxRetryAfter', async () => {
    platform.on('GET', '/api/v2/acquirers/branches', () => error(429, { 'retry-after': '120' }));
    const failure = await make({ retries: { maxRetryAfter: '30s' } })
      .branches.list()
      .catch((e: unknown) => e);
    expect(isAcceptError(failure, 'PLATFORM_RATE_LIMITED')).toBe(true);
    expect((failure as Error).message).toContain('retry after 120 s');
    expect(((failure as Error).cause as PlatformHttpError).retryAfterMs).toBe(120_000);
    expect(sleeps).toEqual([]);
  });

  it('reports PLATFORM_RATE_LIMITED for an unsafe call, without repeating it', async () => {
    platform.on('POST', '/api/v1/acquirers/document-identification', () =>
      error(429, { 'retry-after': '2' }),
    );
    expect(await codeOf(identify())).toBe('PLATFORM_RATE_LIMITED');
    expect(platform.calls()).toHaveLength(1);
  });

  it('reads Retry-After as an HTTP date', async () => {
    let n = 0;
    const at = new Date(Date.now() + 60_000).toUTCString();
    platform.on('GET', '/api/v2/acquirers/branches', () =>
      ++n === 1 ? error(429, { 'retry-after': at }) : undefined,
    );
    await make({ retries: { maxRetryAfter: '2m' } }).branches.list();
    expect(sleeps[0]).toBeGreaterThan(50_000);
    expect(sleeps[0]).toBeLessThanOrEqual(60_000);
  });
});

describe('timeouts and cancellation', () => {
  it('gives PLATFORM_TIMEOUT when the platform does not answer in time', async () => {
    platform.on('POST', '/api/v1/acquirers/document-identification', () => ({ hang: true }));
    expect(await codeOf(identify(make({ timeouts: { request: 50 } })))).toBe('PLATFORM_TIMEOUT');
  });

  it('honours a per-call timeout and repeats a safe call that timed out', async () => {
    let n = 0;
    platform.on('GET', '/api/v2/acquirers/branches', () => (++n === 1 ? { hang: true } : undefined));
    await expect(make().branches.list({}, { timeout: 50 })).resolves.toMatchObject({ total: 1 });
    expect(platform.calls()).toHaveLength(2);
  });

  it('gives PLATFORM_TIMEOUT when the login does not answer in time', async () => {
    platform.on('GET', /^\/api\/v1\/auth\/acquirer\//, () => ({ hang: true }));
    expect(await codeOf(identify(make({ timeouts: { login: 30 }, retries: false })))).toBe(
      'PLATFORM_TIMEOUT',
    );
  });

  it('gives ABORTED for a signal aborted before the call, without sending anything', async () => {
    const controller = new AbortController();
    controller.abort(new Error('operator left'));
    const failure = await make()
      .branches.list({}, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(isAcceptError(failure, 'ABORTED')).toBe(true);
    expect(platform.requests).toHaveLength(0);
  });

  it('gives ABORTED when the signal aborts while the platform is thinking', async () => {
    platform.on('POST', '/api/v1/acquirers/document-identification', () => ({ hang: true }));
    const controller = new AbortController();
    const transport = make();
    const pending = transport.identify(
      { branchId: 'b-1', code: { kind: 'barcode', barcode: BARCODE } },
      { signal: controller.signal },
    );
    while (platform.calls().length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    expect(await codeOf(pending)).toBe('ABORTED');
  });

  it('gives ABORTED when the signal aborts during a retry wait', async () => {
    platform.on('GET', '/api/v2/acquirers/branches', () => error(503));
    const controller = new AbortController();
    const transport = make({
      sleep: (_ms, signal) =>
        new Promise((_resolve, reject) => {
          signal?.addEventListener('abort', () => reject(signal.reason));
          controller.abort();
        }),
    });
    expect(await codeOf(transport.branches.list({}, { signal: controller.signal }))).toBe('ABORTED');
  });
});

describe('network failures and malformed answers', () => {
  it('gives PLATFORM_UNAVAILABLE when nothing listens', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((r) => server.close(() => r()));
    const t = platformClients({
      baseUrl: `http://127.0.0.1:${port}`,
      acquirerToken: ACQUIRER_TOKEN,
      retries: false,
    });
    const failure = await identify(t).catch((e: unknown) => e);
    expect(isAcceptError(failure, 'PLATFORM_UNAVAILABLE')).toBe(true);
    expect((failure as Error).cause).toBeDefined();
  });

  it('gives PLATFORM_UNAVAILABLE when the connection drops without an answer', async () => {
    platform.on('POST', '/api/v1/acquirers/document-identification', () => ({ destroy: true }));
    expect(await codeOf(identify())).toBe('PLATFORM_UNAVAILABLE');
  });

  it('refuses to follow a redirect', async () => {
    platform.on('GET', '/api/v2/acquirers/branches', () => ({
      status: 302,
      headers: { location: 'http://evil.example/' },
    }));
    expect(await codeOf(make({ retries: false }).branches.list())).toBe('PLATFORM_UNAVAILABLE');
  });

  it.each([
    ['not JSON', { raw: '<html>oops</html>' }],
    ['empty', { raw: '' }],
    ['wrong type', { body: { success: 'yes' } }],
    ['missing field', { body: {} }],
    ['a list', { body: [true] }],
    ['null', { raw: 'null' }],
    // Valid, but over the 4 MiB the transport reads of an answer.
    ['too large', { raw: JSON.stringify({ success: true, pad: 'x'.repeat(4 * 1024 * 1024) }) }],
  ])('gives PLATFORM_MALFORMED_RESPONSE for an answer that is %s', async (_name, reply) => {
    platform.on('POST', '/api/v1/acquirers/document-identification', () => reply);
    expect(await codeOf(identify())).toBe('PLATFORM_MALFORMED_RESPONSE');
    expect(platform.calls()).toHaveLength(1);
  });

  it.each([
    ['a login without a token', 'GET', /^\/api\/v1\/auth\/acquirer\//, { body: { token: '' } }],
    ['a deeplink that is not a link', 'POST', /offer-request/, { body: { deeplink: 'javascript:alert(1)' } }],
    ['a branch list without branches', 'GET', '/api/v2/acquirers/branches', { body: { total: 3 } }],
    ['an offer list without offers', 'GET', /\/offers$/, { body: { total: 2 } }],
    ['a create without _id', 'POST', '/api/v2/acquirers/branch', { body: { id: 5 } }],
    ['a status that is an object', 'GET', /\/status$/, { body: { status: { x: 1 } } }],
  ] as const)('gives PLATFORM_MALFORMED_RESPONSE for %s', async (_name, method, path, reply) => {
    platform.on(method, path, () => reply);
    const t = make();
    const run: Record<string, () => Promise<unknown>> = {
      GET: () =>
        typeof path === 'string' || path.source.includes('acquirer')
          ? t.branches.list()
          : path.source.includes('offers')
            ? t.offers.list('b-1')
            : t.documentRequestStatus({ barcode: BARCODE, requestId: REQUEST_ID }),
      POST: () =>
        path === '/api/v2/acquirers/branch'
          ? t.branches.create({
              name: 'n',
              email: '',
              region: '',
              district: '',
              location: '',
              street: '',
              house: '',
              customFullName: '',
              customFullAddress: '',
              deliveryTypes: ['api'],
              offerRequestType: 'dynamic',
              scopes: { sharing: [], identification: [], documentIdentification: [], diiaId: [] },
            })
          : t.createOfferRequest({ branchId: 'b-1', offerId: 'o-1', requestId: REQUEST_ID }),
    };
    expect(await codeOf(run[method]!())).toBe('PLATFORM_MALFORMED_RESPONSE');
  });

  it('takes an empty body or {} as a done delete, but not success: false', async () => {
    platform.on('DELETE', /branch\/b-1$/, () => ({ body: {} }));
    platform.on('DELETE', /branch\/b-2$/, () => ({ body: { success: false } }));
    platform.on('DELETE', /branch\/b-3$/, () => ({ body: 'deleted' }));
    await expect(make().branches.delete('b-1')).resolves.toBeUndefined();
    expect(await codeOf(make().branches.delete('b-2'))).toBe('PLATFORM_BAD_REQUEST');
    expect(await codeOf(make().branches.delete('b-3'))).toBe('PLATFORM_MALFORMED_RESPONSE');
  });

  it('refuses an answer over 4 MiB', async () => {
    platform.on('GET', '/api/v2/acquirers/branches', () => ({
      raw: `{"branches":[],"x":"${'a'.repeat(5 * 1024 * 1024)}"}`,
    }));
    expect(await codeOf(make().branches.list())).toBe('PLATFORM_MALFORMED_RESPONSE');
  });
});
