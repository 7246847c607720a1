import { describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/clock.js';
import { AcceptError } from '../../../src/errors.js';
import { withEan13CheckDigit } from '../../../src/scanner/ean13.js';
import type { ShareStateChange } from '../../../src/share/consent-session.js';
import { createShare } from '../../../src/share/request.js';
import { memoryShareStore } from '../../../src/share/store.js';
import type { PlatformShareStatus, PlatformTransport } from '../../../src/transport/port.js';
import { codeOf } from '../../support/codes.js';
import { delivery, receipt } from './store.contract.js';

const BARCODE = withEan13CheckDigit('482012345678');

/** A transport whose status answers follow a script; records what it was asked. */
function fakeTransport(statuses: (PlatformShareStatus | Error)[] = [], refuse?: AcceptError) {
  const calls: string[] = [];
  const status = async () => {
    const next = statuses.length > 1 ? statuses.shift()! : (statuses[0] ?? 'awaiting-consent');
    if (next instanceof Error) throw next;
    return { status: next, raw: next };
  };
  const transport = {
    async requestDocument(request: { requestId: string }) {
      calls.push(`request ${request.requestId}`);
      if (refuse) throw refuse;
    },
    async createOfferRequest(request: { requestId: string }) {
      calls.push(`offer ${request.requestId}`);
      if (refuse) throw refuse;
      return {
        deeplink: 'https://diia.app/acquirers/offer-request/dynamic/0b9f5c1e-7a55-4bc1-9a53-7c0f2e1d9a11',
      };
    },
    async documentRequestStatus(q: { barcode: string }) {
      calls.push(`status barcode ${q.barcode}`);
      return status();
    },
    async offerRequestStatus(q: { otp: string }) {
      calls.push(`status otp ${q.otp}`);
      return status();
    },
  } as unknown as PlatformTransport;
  return { transport, calls };
}

function setup(statuses?: (PlatformShareStatus | Error)[], refuse?: AcceptError) {
  const clock = manualClock('2026-03-01T10:00:00Z');
  const store = memoryShareStore({ clock });
  const { transport, calls } = fakeTransport(statuses, refuse);
  let ids = 0;
  const share = createShare({
    transport,
    store,
    clock,
    pollInterval: '5s',
    randomId: () => `00000000-0000-4000-8000-00000000000${++ids}`,
    // time passes only when the session sleeps: deterministic, no real waiting
    sleep: async (ms) => {
      clock.advance(ms);
      await Promise.resolve();
    },
  });
  return { clock, store, share, calls };
}

describe('share.request (barcode flow)', () => {
  it('records the session before asking, then awaits the delivery another instance stores', async () => {
    const clock = manualClock(0);
    const store = memoryShareStore({ clock });
    const { transport } = fakeTransport();
    // real timers here: the delivery arrives while the session is waiting on the store
    const share = createShare({ transport, store, clock, pollInterval: '1h' });
    const session = await share.request({ branchId: 'b1', barcode: BARCODE, documentTypes: ['passport'] });
    expect(session.flow).toBe('barcode');
    expect(await session.state()).toBe('awaiting-consent');
    const pending = session.result();
    await store.putDelivery(session.id, delivery(session.id), receipt(session.id));
    const result = await pending;
    expect(result.copies[0]?.documentType).toBe('passport');
    expect(result.receipt.requestId).toBe(session.id);
    expect(result.record.state).toBe('delivered');
  });

  it('rejects with SHARE_DECLINED when the status poll says so', async () => {
    const { share, calls } = setup(['awaiting-consent', 'declined']);
    const session = await share.request({ branchId: 'b1', barcode: BARCODE, documentTypes: ['passport'] });
    const changes: ShareStateChange[] = [];
    session.subscribe((c) => changes.push(c));
    expect(await codeOf(session.result())).toBe('SHARE_DECLINED');
    expect(calls.filter((c) => c.startsWith('status barcode'))).toHaveLength(2);
    expect(changes.map((c) => c.to)).toEqual(['declined']);
    expect(await session.state()).toBe('declined');
  });

  it('expires after the timeout when nobody answers, polling on the way', async () => {
    const { share, calls, clock } = setup(['awaiting-consent']);
    const start = clock.now();
    const session = await share.request({
      branchId: 'b1',
      barcode: BARCODE,
      documentTypes: ['passport'],
      timeout: '30s',
    });
    expect(session.expiresAt).toBe(start + 30_000);
    expect(await codeOf(session.result())).toBe('SHARE_EXPIRED');
    expect(clock.now()).toBe(start + 30_000);
    expect(calls.filter((c) => c.startsWith('status')).length).toBeGreaterThanOrEqual(5);
  });

  it('keeps waiting through a failing status call and still expires', async () => {
    const { share } = setup([new AcceptError('PLATFORM_UNAVAILABLE')]);
    const session = await share.request({ branchId: 'b1', barcode: BARCODE, documentTypes: ['passport'] });
    expect(await codeOf(session.result())).toBe('SHARE_EXPIRED');
  });

  it('fails when the holder consented but the copy never arrived', async () => {
    const { share } = setup(['consented']);
    const session = await share.request({
      branchId: 'b1',
      barcode: BARCODE,
      documentTypes: ['passport'],
      timeout: '10s',
    });
    const error = await session.result().catch((e) => e);
    expect(error).toMatchObject({ code: 'SHARE_FAILED' });
  });

  it('passes on the platform refusal and marks the session failed', async () => {
    const { share, store } = setup([], new AcceptError('PLATFORM_CODE_USED'));
    expect(
      await codeOf(share.request({ branchId: 'b1', barcode: BARCODE, documentTypes: ['passport'] })),
    ).toBe('PLATFORM_CODE_USED');
    const record = await store.get('00000000-0000-4000-8000-000000000001');
    expect(record).toMatchObject({ state: 'failed', failure: 'PLATFORM_CODE_USED' });
    const session = await share.session(record!.id);
    expect(await session.result().catch((e) => e)).toMatchObject({
      code: 'SHARE_FAILED',
      detail: 'PLATFORM_CODE_USED',
    });
  });

  it('stops waiting with ABORTED and leaves the session pending', async () => {
    const clock = manualClock(0);
    const store = memoryShareStore({ clock });
    const share = createShare({ transport: fakeTransport().transport, store, clock, pollInterval: '1h' });
    const session = await share.request({ branchId: 'b1', barcode: BARCODE, documentTypes: ['passport'] });
    const controller = new AbortController();
    const waiting = session.result({ signal: controller.signal });
    controller.abort();
    expect(await codeOf(waiting)).toBe('ABORTED');
    expect(await session.state()).toBe('awaiting-consent');
  });

  it.each([
    [{ branchId: '', barcode: BARCODE, documentTypes: ['passport'] }, 'INVALID_ARGUMENT'],
    [{ branchId: 'b', barcode: '482012345678', documentTypes: ['passport'] }, 'SCAN_BARCODE_MALFORMED'],
    [
      {
        branchId: 'b',
        barcode: `${BARCODE.slice(0, 12)}${(Number(BARCODE[12]) + 1) % 10}`,
        documentTypes: ['passport'],
      },
      'SCAN_CHECK_DIGIT',
    ],
    [{ branchId: 'b', barcode: BARCODE, documentTypes: 'passport' }, 'INVALID_ARGUMENT'],
    [{ branchId: 'b', barcode: BARCODE, documentTypes: ['passport', 'passport'] }, 'INVALID_ARGUMENT'],
    [{ branchId: 'b', barcode: BARCODE, documentTypes: ['../etc'] }, 'INVALID_ARGUMENT'],
    [{ branchId: 'b', barcode: BARCODE, documentTypes: ['passport'], timeout: '-1s' }, 'INVALID_DURATION'],
  ])('refuses bad input %j', async (input, code) => {
    const { share, calls } = setup();
    expect(await codeOf(share.request(input as never))).toBe(code);
    expect(calls).toEqual([]);
  });

  it('reattaching to an unknown id is SHARE_SESSION_UNKNOWN', async () => {
    expect(await codeOf(setup().share.session('nope'))).toBe('SHARE_SESSION_UNKNOWN');
  });
});

describe('share.offer (deeplink flow)', () => {
  it('returns the deeplink and polls by its one-time code', async () => {
    const { share, calls } = setup(['awaiting-consent', 'expired']);
    const session = await share.offer({ branchId: 'b1', offerId: 'offer-1', documentTypes: ['passport'] });
    expect(session.deeplink).toMatch(/^https:\/\/diia\.app\/acquirers\/offer-request\/dynamic\//);
    expect(await codeOf(session.result())).toBe('SHARE_EXPIRED');
    expect(calls).toContain('status otp 0b9f5c1e-7a55-4bc1-9a53-7c0f2e1d9a11');
  });

  it('requires an offer id', async () => {
    expect(
      await codeOf(setup().share.offer({ branchId: 'b', offerId: '', documentTypes: ['passport'] })),
    ).toBe('INVALID_ARGUMENT');
  });
});
