// Contract tests: diiaTransport against the real sandbox over loopback HTTP, for every endpoint and error
// path of docs/protocol.md §1. Both run on one manual clock, so lifetimes (codes 180 s, sessions 2 h) are
// crossed by moving time, not by waiting.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ManualClock, manualClock } from '../../src/clock.js';
import { isAcceptError } from '../../src/errors.js';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';
import type { DiiaTransportOptions } from '../../src/transport/index.js';
import type { Branch } from '../../src/transport/port.js';
import { codeOf } from '../support/codes.js';
import { type PlatformClients, platformClients } from '../support/platform-clients.js';
import { SAMPLE_BRANCH_INPUT as INPUT } from '../unit/transport/fake-platform.js';

const NEVER_ISSUED = '4006381333931'; // a valid EAN-13 the sandbox never made
const BAD_CHECK_DIGIT = '2858364170865';

let clock: ManualClock;
let sandbox: Sandbox;
let transport: PlatformClients;
let branch: Branch;
let sleeps: number[];

async function start(options: SandboxOptions = {}, transportOptions: Partial<DiiaTransportOptions> = {}) {
  clock = manualClock('2026-11-30T09:00:00Z');
  sandbox = await createSandbox({ seed: 'contract', clock, consent: 'never', ...options });
  branch = sandbox.addBranch();
  sleeps = [];
  transport = platformClients({
    baseUrl: sandbox.url,
    acquirerToken: sandbox.acquirerToken,
    clock,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...transportOptions,
  });
}

beforeEach(() => start());
afterEach(() => sandbox.close());

const uuid = () => crypto.randomUUID();
const logins = () => sandbox.calls.filter((c) => c.path.startsWith('/api/v1/auth/acquirer/'));
const lastCall = (path: string) => sandbox.calls.filter((c) => c.path === path).at(-1);

describe('branches', () => {
  it('create, get, list with paging, update, delete', async () => {
    const { id } = await transport.branches.create(INPUT);
    expect(Object.keys(lastCall('/api/v2/acquirers/branch')!.body as object).sort()).toEqual(
      Object.keys(INPUT).sort(),
    );
    await expect(transport.branches.get(id)).resolves.toEqual({ id, ...INPUT });
    const all = await transport.branches.list();
    expect(all.branches.map((b) => b.id)).toEqual([branch.id, id]);
    const second = await transport.branches.list({ skip: 1, limit: 1 });
    expect(second.branches.map((b) => b.id)).toEqual([id]);
    await expect(transport.branches.update(id, { ...INPUT, name: 'Renamed' })).resolves.toEqual({ id });
    expect((await transport.branches.get(id)).name).toBe('Renamed');
    await transport.branches.delete(id);
    expect(await codeOf(transport.branches.get(id))).toBe('PLATFORM_NOT_FOUND');
    expect(await codeOf(transport.branches.delete(id))).toBe('PLATFORM_NOT_FOUND');
  });

  it('refuses a change of scopes in place (400) and paging out of range (400)', async () => {
    const { id } = await transport.branches.create(INPUT);
    const wider = { ...INPUT, scopes: { ...INPUT.scopes, sharing: ['passport', 'driver-license'] as const } };
    expect(await codeOf(transport.branches.update(id, wider))).toBe('PLATFORM_BAD_REQUEST');
    expect(await codeOf(transport.branches.list({ limit: 101 }))).toBe('PLATFORM_BAD_REQUEST');
  });
});

describe('offers', () => {
  it('create, list with paging, delete; a type outside the branch scope is 403', async () => {
    const { id: narrow } = await transport.branches.create(INPUT);
    const { id } = await transport.offers.create(narrow, {
      name: 'Passport',
      scopes: { sharing: ['passport'] },
    });
    await transport.offers.create(narrow, {
      name: 'Again',
      scopes: { sharing: ['passport'] },
      returnLink: 'https://p.example/back',
    });
    const page = await transport.offers.list(narrow, { skip: 0, limit: 1 });
    expect(page.total).toBe(2);
    expect(page.offers).toEqual([{ id, name: 'Passport', scopes: { sharing: ['passport'] } }]);
    expect(
      await codeOf(
        transport.offers.create(narrow, { name: 'Too much', scopes: { sharing: ['driver-license'] } }),
      ),
    ).toBe('PLATFORM_FORBIDDEN_SCOPE');
    await transport.offers.delete(narrow, id);
    expect((await transport.offers.list(narrow)).total).toBe(1);
    expect(await codeOf(transport.offers.delete(narrow, id))).toBe('PLATFORM_NOT_FOUND');
    expect(await codeOf(transport.offers.list('no-such-branch'))).toBe('PLATFORM_NOT_FOUND');
  });
});

describe('identification', () => {
  it('a shown barcode is genuine once, then used (409)', async () => {
    const shown = await sandbox.holder.showDocument('passport');
    const request = { branchId: branch.id, code: { kind: 'barcode', barcode: shown.barcode } } as const;
    await expect(transport.identify(request)).resolves.toEqual({ success: true });
    expect(lastCall('/api/v1/acquirers/document-identification')!.body).toEqual({
      branchId: branch.id,
      barcode: shown.barcode,
    });
    expect(await codeOf(transport.identify(request))).toBe('PLATFORM_CODE_USED');
  });

  it('the one-time code of the QR link, sent as qrcode, works too', async () => {
    const shown = await sandbox.holder.showDocument('driver-license');
    const code = {
      kind: 'document-link',
      otp: shown.otp,
      documentType: 'driver-license',
      link: shown.link,
    } as const;
    await expect(transport.identify({ branchId: branch.id, code })).resolves.toEqual({ success: true });
    expect(lastCall('/api/v1/acquirers/document-identification')!.body).toEqual({
      branchId: branch.id,
      qrcode: shown.otp,
    });
    expect(await codeOf(transport.identify({ branchId: branch.id, code }))).toBe('PLATFORM_CODE_USED');
  });

  it('a never-issued code is unknown (404); a bad check digit is a bad request (400)', async () => {
    const never = { branchId: branch.id, code: { kind: 'barcode', barcode: NEVER_ISSUED } } as const;
    expect(await codeOf(transport.identify(never))).toBe('PLATFORM_CODE_UNKNOWN');
    const bad = { branchId: branch.id, code: { kind: 'barcode', barcode: BAD_CHECK_DIGIT } } as const;
    expect(await codeOf(transport.identify(bad))).toBe('PLATFORM_BAD_REQUEST');
  });

  it('a code older than 180 s has expired (400 with data.expirationDate)', async () => {
    const shown = await sandbox.holder.showDocument('passport');
    await sandbox.advance('181s');
    const request = { branchId: branch.id, code: { kind: 'barcode', barcode: shown.barcode } } as const;
    expect(await codeOf(transport.identify(request))).toBe('PLATFORM_CODE_EXPIRED');
  });

  it('a branch without the scope is 403; an unknown branch is 404', async () => {
    const { id } = await transport.branches.create({
      ...INPUT,
      scopes: { ...INPUT.scopes, documentIdentification: [] },
    });
    const shown = await sandbox.holder.showDocument('passport');
    const code = { kind: 'barcode', barcode: shown.barcode } as const;
    expect(await codeOf(transport.identify({ branchId: id, code }))).toBe('PLATFORM_FORBIDDEN_SCOPE');
    expect(await codeOf(transport.identify({ branchId: 'no-such-branch', code }))).toBe('PLATFORM_NOT_FOUND');
  });
});

describe('document request by barcode and by QR code, and its status', () => {
  it('asks, then follows the status: pending → declined', async () => {
    const shown = await sandbox.holder.showDocument('passport');
    const requestId = uuid();
    await transport.requestDocument({ branchId: branch.id, barcode: shown.barcode, requestId });
    expect(lastCall('/api/v1/acquirers/document-request')!.body).toEqual({
      branchId: branch.id,
      barcode: shown.barcode,
      requestId,
    });
    const query = { barcode: shown.barcode, requestId };
    await expect(transport.documentRequestStatus(query)).resolves.toEqual({
      status: 'awaiting-consent',
      raw: 'processing',
    });
    sandbox.holder.answer(requestId, 'decline');
    await sandbox.settled();
    await expect(transport.documentRequestStatus(query)).resolves.toEqual({
      status: 'declined',
      raw: 'refuse',
    });
  });

  it('a request nobody answers stays processing on the platform (it has no word for expired)', async () => {
    const shown = await sandbox.holder.showDocument('passport');
    const requestId = uuid();
    await transport.requestDocument({ branchId: branch.id, barcode: shown.barcode, requestId });
    await sandbox.advance('181s');
    expect(sandbox.status(requestId)).toBe('expired');
    await expect(transport.documentRequestStatus({ barcode: shown.barcode, requestId })).resolves.toEqual({
      status: 'awaiting-consent',
      raw: 'processing',
    });
  });

  it('asks by the QR one-time code (qrcode) with useDiiaId', async () => {
    const shown = await sandbox.holder.showDocument('passport');
    const requestId = uuid();
    await transport.requestDocument({ branchId: branch.id, qrcode: shown.otp, requestId, useDiiaId: true });
    expect(lastCall('/api/v1/acquirers/document-request')!.body).toEqual({
      branchId: branch.id,
      qrcode: shown.otp,
      requestId,
      useDiiaId: true,
    });
    expect(sandbox.status(requestId)).toBeDefined();
  });

  it('maps the refusals: used 400, never issued 404, reused requestId 400, unknown status 404', async () => {
    const shown = await sandbox.holder.showDocument('passport');
    const requestId = uuid();
    await transport.requestDocument({ branchId: branch.id, barcode: shown.barcode, requestId });
    const other = await sandbox.holder.showDocument('passport');
    expect(
      await codeOf(
        transport.requestDocument({ branchId: branch.id, barcode: shown.barcode, requestId: uuid() }),
      ),
    ).toBe('PLATFORM_CODE_USED');
    expect(
      await codeOf(
        transport.requestDocument({ branchId: branch.id, barcode: NEVER_ISSUED, requestId: uuid() }),
      ),
    ).toBe('PLATFORM_CODE_UNKNOWN');
    expect(
      await codeOf(transport.requestDocument({ branchId: branch.id, barcode: other.barcode, requestId })),
    ).toBe('PLATFORM_BAD_REQUEST');
    expect(await codeOf(transport.documentRequestStatus({ barcode: other.barcode, requestId: uuid() }))).toBe(
      'PLATFORM_NOT_FOUND',
    );
  });

  it('reaches delivered when the holder approves and the webhook accepts', async () => {
    const webhook = await startWebhook();
    try {
      await sandbox.close();
      await start({ consent: 'approve', webhookUrl: webhook.url });
      const shown = await sandbox.holder.showDocument('passport');
      const requestId = uuid();
      await transport.requestDocument({ branchId: branch.id, barcode: shown.barcode, requestId });
      await sandbox.delivered(requestId);
      await expect(transport.documentRequestStatus({ barcode: shown.barcode, requestId })).resolves.toEqual({
        status: 'delivered',
        raw: 'done',
      });
      expect(webhook.traceIds).toContain(requestId);
    } finally {
      await new Promise<void>((r) => webhook.server.close(() => r()));
    }
  });
});

describe('deeplink', () => {
  it('creates a deeplink and follows its status by otp', async () => {
    const { id: offerId } = await transport.offers.create(branch.id, {
      name: 'Copy',
      scopes: { sharing: ['passport'] },
    });
    const requestId = uuid();
    const { deeplink } = await transport.createOfferRequest({
      branchId: branch.id,
      offerId,
      requestId,
      returnLink: 'https://p.example/back',
    });
    const otp = /^https:\/\/diia\.app\/acquirers\/offer-request\/dynamic\/([0-9a-f-]{36})$/.exec(
      deeplink,
    )?.[1];
    expect(otp).toBeDefined();
    expect(lastCall(`/api/v2/acquirers/branch/${branch.id}/offer-request/dynamic`)!.body).toEqual({
      offerId,
      requestId,
      returnLink: 'https://p.example/back',
    });
    const status = await transport.offerRequestStatus({ otp: otp!, requestId });
    expect(status.status).toBe('awaiting-consent');
    expect(await codeOf(transport.offerRequestStatus({ otp: otp!, requestId: uuid() }))).toBe(
      'PLATFORM_NOT_FOUND',
    );
    expect(
      await codeOf(transport.createOfferRequest({ branchId: branch.id, offerId: 'nope', requestId: uuid() })),
    ).toBe('PLATFORM_NOT_FOUND');
  });
});

describe('session', () => {
  it('logs in once for 50 concurrent calls', async () => {
    await Promise.all(Array.from({ length: 50 }, () => transport.branches.list()));
    expect(logins()).toHaveLength(1);
  });

  it('renews the token before the two hours end, so no call meets a 401', async () => {
    await transport.branches.list();
    await sandbox.advance('116m');
    await transport.branches.list();
    await sandbox.advance('2h');
    await transport.branches.list();
    expect(logins()).toHaveLength(3);
    expect(sandbox.calls.filter((c) => c.status === 401)).toHaveLength(0);
  });

  it('logs in again once after a 401 (sessions revoked) and the call succeeds', async () => {
    await transport.branches.list();
    sandbox.revokeSessions();
    const shown = await sandbox.holder.showDocument('passport');
    const request = { branchId: branch.id, code: { kind: 'barcode', barcode: shown.barcode } } as const;
    await expect(transport.identify(request)).resolves.toEqual({ success: true });
    expect(logins()).toHaveLength(2);
  });

  it('reports a wrong acquirer token as PLATFORM_UNAUTHORISED', async () => {
    const wrong = platformClients({ baseUrl: sandbox.url, acquirerToken: 'not-the-token', clock });
    expect(await codeOf(wrong.branches.list())).toBe('PLATFORM_UNAUTHORISED');
  });

  it('sends the second credential when the sandbox requires it', async () => {
    await sandbox.close();
    await start({ authAcquirerToken: 'c2Vjb25kLWNyZWRlbnRpYWw=' });
    expect(await codeOf(transport.branches.list())).toBe('PLATFORM_UNAUTHORISED');
    const withBasic = platformClients({
      baseUrl: sandbox.url,
      acquirerToken: sandbox.acquirerToken,
      authAcquirerToken: 'c2Vjb25kLWNyZWRlbnRpYWw=',
      clock,
    });
    await expect(withBasic.branches.list()).resolves.toMatchObject({ branches: [{ id: branch.id }] });
  });
});

describe('faults', () => {
  it('waits Retry-After on 429 and repeats a GET', async () => {
    sandbox.injectFault({ path: '/api/v2/acquirers/branches', status: 429, retryAfter: 3 });
    await expect(transport.branches.list()).resolves.toBeDefined();
    expect(sleeps).toEqual([3000]);
  });

  it('does not repeat an identification after 503 or 429', async () => {
    const shown = await sandbox.holder.showDocument('passport');
    const request = { branchId: branch.id, code: { kind: 'barcode', barcode: shown.barcode } } as const;
    sandbox.injectFault({ path: '/api/v1/acquirers/document-identification', status: 503 });
    expect(await codeOf(transport.identify(request))).toBe('PLATFORM_UNAVAILABLE');
    sandbox.injectFault({ path: '/api/v1/acquirers/document-identification', status: 429, retryAfter: 1 });
    expect(await codeOf(transport.identify(request))).toBe('PLATFORM_RATE_LIMITED');
    expect(sandbox.calls.filter((c) => c.path === '/api/v1/acquirers/document-identification')).toHaveLength(
      2,
    );
    await expect(transport.identify(request)).resolves.toEqual({ success: true });
  });

  it('repeats a GET after 500 and after a dropped connection', async () => {
    sandbox.injectFault({ path: '/api/v2/acquirers/branches', status: 500 });
    sandbox.injectFault({ path: '/api/v2/acquirers/branches', hangUp: true });
    await expect(transport.branches.list()).resolves.toBeDefined();
    expect(sleeps).toHaveLength(2);
  });

  it('gives PLATFORM_TIMEOUT when an answer is late', async () => {
    await start({}, { retries: false, timeouts: { request: 50 } });
    sandbox.injectFault({ path: '/api/v2/acquirers/branches', delay: 400 });
    expect(await codeOf(transport.branches.list())).toBe('PLATFORM_TIMEOUT');
  });

  it('gives PLATFORM_MALFORMED_RESPONSE for broken JSON and for a wrong shape', async () => {
    sandbox.injectFault({ path: /status$/, body: '{"status":' });
    expect(await codeOf(transport.documentRequestStatus({ barcode: NEVER_ISSUED, requestId: uuid() }))).toBe(
      'PLATFORM_MALFORMED_RESPONSE',
    );
    sandbox.injectFault({ path: '/api/v2/acquirers/branches', body: '{"branches":[{"name":1}]}' });
    expect(await codeOf(transport.branches.list())).toBe('PLATFORM_MALFORMED_RESPONSE');
  });

  it('gives ABORTED when the caller gives up while the sandbox is slow', async () => {
    sandbox.injectFault({ path: '/api/v2/acquirers/branches', delay: 400 });
    const controller = new AbortController();
    const pending = transport.branches.list({}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    expect(await codeOf(pending)).toBe('ABORTED');
  });

  it('meets the sandbox rate limit with PLATFORM_RATE_LIMITED for an unsafe call', async () => {
    await start({ rateLimit: { limit: 2, window: '1m' } }, { retries: { attempts: 1 } });
    await transport.branches.list(); // login + list
    const shown = await sandbox.holder.showDocument('passport');
    const failure = await transport
      .identify({ branchId: branch.id, code: { kind: 'barcode', barcode: shown.barcode } })
      .catch((e: unknown) => e);
    expect(isAcceptError(failure, 'PLATFORM_RATE_LIMITED')).toBe(true);
    expect((failure as Error).message).toMatch(/retry after \d+ s/);
  });
});

async function startWebhook(): Promise<{ url: string; server: Server; traceIds: string[] }> {
  const traceIds: string[] = [];
  const server = createServer((req, res) => {
    traceIds.push(String(req.headers['x-document-request-trace-id']));
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"success":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/diia`, server, traceIds };
}
