// Type tests of the public share API: they fail at `npm run typecheck` when a signature drifts.
import { describe, expectTypeOf, it } from 'vitest';
import type { Acceptor } from '../../../src/acceptor.js';
import {
  type ConsentReceipt,
  createShare,
  createWebhookHandler,
  type PutDeliveryResult,
  type Share,
  type ShareRecord,
  type ShareResult,
  type ShareSession,
  type ShareState,
  type ShareStore,
} from '../../../src/share/index.js';

describe('public share types', () => {
  it('the webhook is a web-standard handler', () => {
    expectTypeOf(createWebhookHandler).returns.toEqualTypeOf<(request: Request) => Promise<Response>>();
    expectTypeOf<Acceptor['webhook']>().toEqualTypeOf<(request: Request) => Promise<Response>>();
  });

  it('a session resolves with copies and a receipt', () => {
    expectTypeOf<ShareSession['result']>().returns.toEqualTypeOf<Promise<ShareResult>>();
    expectTypeOf<ShareResult['receipt']>().toEqualTypeOf<ConsentReceipt>();
    expectTypeOf<ShareSession['state']>().returns.toEqualTypeOf<Promise<ShareState>>();
    expectTypeOf(createShare).returns.toEqualTypeOf<Share>();
  });

  it('the store port is async and compare-and-set', () => {
    expectTypeOf<ShareStore['transition']>().returns.toEqualTypeOf<Promise<ShareRecord | undefined>>();
    expectTypeOf<ShareStore['putDelivery']>().returns.toEqualTypeOf<Promise<PutDeliveryResult>>();
    expectTypeOf<ShareStore['watch']>().returns.toEqualTypeOf<Promise<ShareRecord>>();
  });

  it('refuses incomplete requests at compile time', () => {
    const share = {} as Share;
    // @ts-expect-error a barcode request needs its barcode
    void (() => share.request({ branchId: 'b' }));
    // @ts-expect-error only known document types
    void (() => share.request({ branchId: 'b', barcode: '2858364170864', documentTypes: ['diploma'] }));
    // @ts-expect-error an offer needs its id
    void (() => share.offer({ branchId: 'b', documentTypes: ['passport'] }));
  });
});
