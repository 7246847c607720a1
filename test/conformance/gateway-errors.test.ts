// 7c. The gateway's error bodies `{ name, message, code, type, data }` as its documents service raises them
// (revision 2: unknown code 404; used and expired both 400, told apart by the body), through the HTTP
// transport, each to its own code. Plus the other answers revision 2 corrected: login's Basic header, a
// `200 { success: false }`, lists without `total`, the `processing | refuse | done` statuses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf } from '../support/codes.js';
import { type PlatformClients, platformClients } from '../support/platform-clients.js';
import { type Gateway, type GatewayReply, gatewayError, startGateway } from './gateway.js';

let gateway: Gateway;
let transport: PlatformClients;
beforeAll(async () => {
  gateway = await startGateway();
  transport = platformClients({ baseUrl: gateway.url, acquirerToken: gateway.acquirerToken, retries: false });
});
afterAll(() => gateway.close());

const REQUEST_ID = '5b0d6a4e-7c1f-4f3e-9d55-3c1f0e2a9b10';
const BARCODE = '2858364170864';
const CODE_PATHS = ['/api/v1/acquirers/document-identification', '/api/v1/acquirers/document-request'];

const call = (path: string) =>
  path === CODE_PATHS[0]
    ? transport.identify({ branchId: 'b-1', code: { kind: 'barcode', barcode: BARCODE } })
    : transport.requestDocument({ branchId: 'b-1', barcode: BARCODE, requestId: REQUEST_ID });

const CASES: [string, GatewayReply, string][] = [
  ['404 unknown code', gatewayError(404, 'No record with presented code!'), 'PLATFORM_CODE_UNKNOWN'],
  ['400 used', gatewayError(400, 'This code has been used already!'), 'PLATFORM_CODE_USED'],
  [
    '400 expired',
    gatewayError(400, 'Code has been expired!', {
      now: '2026-12-05T10:00:00.000Z',
      expirationDate: '2026-12-05T09:59:00.000Z',
    }),
    'PLATFORM_CODE_EXPIRED',
  ],
  [
    '400 with data.expirationDate only',
    gatewayError(400, 'Bad request', { expirationDate: '2026-12-05T09:59:00.000Z' }),
    'PLATFORM_CODE_EXPIRED',
  ],
  ['400 wrong document type', gatewayError(400, 'Wrong document type'), 'PLATFORM_BAD_REQUEST'],
  ['409 (tolerated alias)', gatewayError(409, 'Conflict'), 'PLATFORM_CODE_USED'],
  ['410 (tolerated alias)', gatewayError(410, 'Gone'), 'PLATFORM_CODE_EXPIRED'],
  ['422 (tolerated alias)', gatewayError(422, 'Unprocessable'), 'PLATFORM_BAD_BARCODE'],
];

describe('conformance: gateway error bodies through the transport', () => {
  for (const path of CODE_PATHS) {
    for (const [what, reply, code] of CASES) {
      it(`${path.split('/').at(-1)}: ${what} → ${code}`, async () => {
        gateway.replyOnce(path, reply);
        expect(await codeOf(call(path))).toBe(code);
      });
    }
  }

  it('a 200 { success: false } is a refusal, also where a deeplink was expected', async () => {
    gateway.replyOnce(CODE_PATHS[1]!, { status: 200, body: { success: false } });
    expect(await codeOf(call(CODE_PATHS[1]!))).toBe('PLATFORM_BAD_REQUEST');
    gateway.replyOnce(/offer-request\/dynamic$/, { status: 200, body: { success: false } });
    expect(
      await codeOf(transport.createOfferRequest({ branchId: 'b-1', offerId: 'o-1', requestId: REQUEST_ID })),
    ).toBe('PLATFORM_BAD_REQUEST');
  });

  it('the login sends Authorization: Basic <acquirerToken> by default; another value or none on request', async () => {
    const logins = () => gateway.seen.filter((s) => s.path.startsWith('/api/v1/auth/acquirer/'));
    const before = logins().length;
    const fresh = (extra: object) =>
      platformClients({ baseUrl: gateway.url, acquirerToken: gateway.acquirerToken, ...extra });
    await fresh({}).identify({ branchId: 'b-1', code: { kind: 'barcode', barcode: BARCODE } });
    await fresh({ authAcquirerToken: 'second-credential' }).identify({
      branchId: 'b-1',
      code: { kind: 'barcode', barcode: BARCODE },
    });
    await fresh({ authAcquirerToken: false }).identify({
      branchId: 'b-1',
      code: { kind: 'barcode', barcode: BARCODE },
    });
    const headers = logins()
      .slice(before)
      .map((s) => s.headers.authorization);
    expect(headers).toEqual([`Basic ${gateway.acquirerToken}`, 'Basic second-credential', undefined]);
  });

  it('branch and offer lists work without total', async () => {
    gateway.replyOnce('/api/v2/acquirers/branches', { status: 200, body: { branches: [] } });
    expect(await transport.branches.list()).toEqual({ branches: [] });
    gateway.replyOnce('/api/v1/acquirers/branch/b-1/offers', {
      status: 200,
      body: { offers: [{ _id: 'o-1', name: 'Passport', scopes: { sharing: ['passport'] } }] },
    });
    const { offers, total } = await transport.offers.list('b-1');
    expect(total).toBeUndefined();
    expect(offers.map((o) => o.id)).toEqual(['o-1']);
  });

  it('statuses processing | refuse | done are mapped; any other value is unknown', async () => {
    const seen: string[] = [];
    for (const value of ['processing', 'refuse', 'done', 'something-new', 42]) {
      gateway.replyOnce('/api/v1/acquirers/document-request/status', {
        status: 200,
        body: { status: value },
      });
      const answer = await transport.documentRequestStatus({ barcode: BARCODE, requestId: REQUEST_ID });
      seen.push(`${answer.raw}=${answer.status}`);
    }
    expect(seen).toEqual([
      'processing=awaiting-consent',
      'refuse=declined',
      'done=delivered',
      'something-new=unknown',
      '42=unknown',
    ]);
  });
});
