// Every endpoint of the partner API over a real loopback server: method, path, query, headers and body field
// names as DIIA-PARTNER-API.md and docs/protocol.md §1 give them, and the answers as the SDK returns them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAcceptError } from '../../../src/errors.js';
import type { BranchInput } from '../../../src/transport/port.js';
import { type PlatformClients, platformClients } from '../../support/platform-clients.js';
import {
  ACQUIRER_TOKEN,
  type FakePlatform,
  SAMPLE_BRANCH,
  SAMPLE_BRANCH_INPUT,
  startFakePlatform,
} from './fake-platform.js';

const REQUEST_ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const BARCODE = '2858364170864';
const OTP = '0b6c5b1e-8c1a-4c55-9a41-0d0f6f1b2c3d';

const BRANCH_INPUT = SAMPLE_BRANCH_INPUT;

let platform: FakePlatform;
let transport: PlatformClients;

beforeEach(async () => {
  platform = await startFakePlatform();
  transport = platformClients({ baseUrl: platform.url, acquirerToken: ACQUIRER_TOKEN, retries: false });
});
afterEach(() => platform.close());

const last = () => platform.calls().at(-1)!;

describe('session', () => {
  it('logs in with GET /api/v1/auth/acquirer/{token} and sends the session token as a bearer token', async () => {
    await transport.identify({ branchId: 'b-1', code: { kind: 'barcode', barcode: BARCODE } });
    const [login] = platform.logins();
    expect(login?.method).toBe('GET');
    expect(login?.path).toBe(`/api/v1/auth/acquirer/${ACQUIRER_TOKEN}`);
    // As the Java and .NET SDKs: the acquirer token also as Basic credentials on the login (only there).
    expect(login?.headers.authorization).toBe(`Basic ${ACQUIRER_TOKEN}`);
    expect(last().headers.authorization).toMatch(/^Bearer session-1-/);
    // Not set unless asked: the runtime's own (Node: "node") goes out.
    expect(last().headers['user-agent']).not.toContain('diia-accept');
  });

  it('sends Authorization: Basic <authAcquirerToken> on the login only, when configured', async () => {
    const withBasic = platformClients({
      baseUrl: platform.url,
      acquirerToken: ACQUIRER_TOKEN,
      authAcquirerToken: 'YmFzaWMtc2Vjb25k',
    });
    await withBasic.branches.list();
    expect(platform.logins()[0]?.headers.authorization).toBe('Basic YmFzaWMtc2Vjb25k');
    expect(last().headers.authorization).toMatch(/^Bearer /);
  });

  it('sends the configured User-Agent', async () => {
    const named = platformClients({
      baseUrl: platform.url,
      acquirerToken: ACQUIRER_TOKEN,
      userAgent: 'cnap-desk/2.1',
    });
    await named.branches.list();
    expect(platform.requests.every((r) => r.headers['user-agent'] === 'cnap-desk/2.1')).toBe(true);
  });

  it('keeps a path prefix of the base URL (a proxy mounting the API)', async () => {
    platform.on('GET', /^\/proxy\//, () => undefined);
    const prefixed = platformClients({ baseUrl: `${platform.url}/proxy/`, acquirerToken: ACQUIRER_TOKEN });
    await expect(prefixed.branches.list()).rejects.toSatisfy((e) =>
      isAcceptError(e, 'PLATFORM_UNAUTHORISED'),
    );
    expect(platform.requests[0]?.path).toBe(`/proxy/api/v1/auth/acquirer/${ACQUIRER_TOKEN}`);
  });
});

describe('identification', () => {
  it('POSTs { branchId, barcode } to /api/v1/acquirers/document-identification', async () => {
    await expect(
      transport.identify({ branchId: 'b-1', code: { kind: 'barcode', barcode: BARCODE } }),
    ).resolves.toEqual({ success: true });
    expect(last()).toMatchObject({ method: 'POST', path: '/api/v1/acquirers/document-identification' });
    expect(last().body).toEqual({ branchId: 'b-1', barcode: BARCODE });
    expect(last().headers['content-type']).toBe('application/json');
  });

  it('sends the QR link one-time code as qrcode', async () => {
    await transport.identify({
      branchId: 'b-1',
      code: {
        kind: 'document-link',
        otp: OTP,
        documentType: 'passport',
        link: `https://diia.app/documents/passport/0123456789abcdef01234567/verify/${OTP}`,
      },
    });
    expect(last().body).toEqual({ branchId: 'b-1', qrcode: OTP });
  });

  it('returns success: false for a code that is not genuine (200, not an error)', async () => {
    platform.on('POST', '/api/v1/acquirers/document-identification', () => ({ body: { success: false } }));
    await expect(
      transport.identify({ branchId: 'b-1', code: { kind: 'barcode', barcode: BARCODE } }),
    ).resolves.toEqual({ success: false });
  });
});

describe('document request', () => {
  it('POSTs { branchId, barcode, requestId } to /api/v1/acquirers/document-request', async () => {
    await transport.requestDocument({ branchId: 'b-1', barcode: BARCODE, requestId: REQUEST_ID });
    expect(last()).toMatchObject({ method: 'POST', path: '/api/v1/acquirers/document-request' });
    expect(last().body).toEqual({ branchId: 'b-1', barcode: BARCODE, requestId: REQUEST_ID });
  });

  it('sends qrcode instead of barcode, and useDiiaId when given', async () => {
    await transport.requestDocument({ branchId: 'b-1', qrcode: OTP, requestId: REQUEST_ID, useDiiaId: true });
    expect(last().body).toEqual({ branchId: 'b-1', qrcode: OTP, requestId: REQUEST_ID, useDiiaId: true });
  });

  it('refuses both or neither of barcode and qrcode, and a requestId that is not a UUID, before any call', async () => {
    const bad = [
      { branchId: 'b-1', requestId: REQUEST_ID },
      { branchId: 'b-1', barcode: BARCODE, qrcode: OTP, requestId: REQUEST_ID },
      { branchId: 'b-1', barcode: BARCODE, requestId: 'not-a-uuid' },
      // The one UUID rule of the SDK (src/uuid.ts): the nil UUID and a version-0 id are not request ids.
      { branchId: 'b-1', barcode: BARCODE, requestId: '00000000-0000-0000-0000-000000000000' },
      { branchId: 'b-1', barcode: BARCODE, requestId: '6f1c2a3b-4d5e-0f60-8a7b-9c0d1e2f3a4b' },
      { branchId: '', barcode: BARCODE, requestId: REQUEST_ID },
    ];
    for (const request of bad) {
      await expect(transport.requestDocument(request)).rejects.toSatisfy((e) =>
        isAcceptError(e, 'INVALID_ARGUMENT'),
      );
    }
    expect(platform.requests).toHaveLength(0);
  });

  it('treats { success: false } as a refused request', async () => {
    platform.on('POST', '/api/v1/acquirers/document-request', () => ({ body: { success: false } }));
    await expect(
      transport.requestDocument({ branchId: 'b-1', barcode: BARCODE, requestId: REQUEST_ID }),
    ).rejects.toSatisfy((e) => isAcceptError(e, 'PLATFORM_BAD_REQUEST'));
  });
});

describe('deeplink', () => {
  it('POSTs { offerId, requestId, returnLink?, useDiiaId? } to /api/v2/acquirers/branch/{id}/offer-request/dynamic', async () => {
    const answer = await transport.createOfferRequest({
      branchId: 'b 1/x',
      offerId: 'o-1',
      requestId: REQUEST_ID,
      returnLink: 'https://partner.example/back',
    });
    expect(answer.deeplink).toBe(`https://diia.app/acquirers/offer-request/dynamic/${OTP}`);
    expect(last()).toMatchObject({
      method: 'POST',
      path: '/api/v2/acquirers/branch/b%201%2Fx/offer-request/dynamic',
    });
    expect(last().body).toEqual({
      offerId: 'o-1',
      requestId: REQUEST_ID,
      returnLink: 'https://partner.example/back',
    });
  });
});

describe('status calls', () => {
  it('GETs the document request status by barcode and requestId and normalises it', async () => {
    platform.on('GET', '/api/v1/acquirers/document-request/status', () => ({ body: { status: 'approved' } }));
    const status = await transport.documentRequestStatus({ barcode: BARCODE, requestId: REQUEST_ID });
    expect(status).toEqual({ status: 'consented', raw: 'approved' });
    expect(last().query.get('barcode')).toBe(BARCODE);
    expect(last().query.get('requestId')).toBe(REQUEST_ID);
  });

  it('GETs the offer request status by otp and requestId', async () => {
    platform.on('GET', '/api/v1/acquirers/offer-request/status', () => ({
      body: { status: 'SomethingNew' },
    }));
    const status = await transport.offerRequestStatus({ otp: OTP, requestId: REQUEST_ID });
    expect(status).toEqual({ status: 'unknown', raw: 'SomethingNew' });
    expect(last().path).toBe('/api/v1/acquirers/offer-request/status');
    expect(Object.fromEntries(last().query)).toEqual({ otp: OTP, requestId: REQUEST_ID });
  });

  it.each([
    ['pending', 'awaiting-consent'],
    ['approved', 'consented'],
    ['delivered', 'delivered'],
    ['declined', 'declined'],
    ['expired', 'expired'],
  ] as const)('maps the sandbox value %s to %s', async (raw, status) => {
    platform.on('GET', '/api/v1/acquirers/document-request/status', () => ({ body: { status: raw } }));
    await expect(
      transport.documentRequestStatus({ barcode: BARCODE, requestId: REQUEST_ID }),
    ).resolves.toEqual({
      status,
      raw,
    });
  });
});

describe('branches', () => {
  it('creates with POST /api/v2/acquirers/branch and exactly the documented fields', async () => {
    const extra = { ...BRANCH_INPUT, internalNote: 'never sent' } as BranchInput;
    await expect(transport.branches.create(extra)).resolves.toEqual({ id: 'b-new' });
    expect(last()).toMatchObject({ method: 'POST', path: '/api/v2/acquirers/branch' });
    expect(last().body).toEqual(BRANCH_INPUT);
    expect(Object.keys(last().body as object).sort()).toEqual(
      [
        'name',
        'email',
        'region',
        'district',
        'location',
        'street',
        'house',
        'customFullName',
        'customFullAddress',
        'deliveryTypes',
        'offerRequestType',
        'scopes',
      ].sort(),
    );
  });

  it('refuses a name longer than 32 characters before any call', async () => {
    await expect(transport.branches.create({ ...BRANCH_INPUT, name: 'x'.repeat(33) })).rejects.toSatisfy(
      (e) => isAcceptError(e, 'INVALID_ARGUMENT'),
    );
    expect(platform.requests).toHaveLength(0);
  });

  it('lists with skip and limit, mapping _id to id', async () => {
    const { total, branches } = await transport.branches.list({ skip: 10, limit: 5 });
    expect(total).toBe(1);
    expect(branches[0]).toMatchObject({ id: 'b-1', name: SAMPLE_BRANCH.name, scopes: SAMPLE_BRANCH.scopes });
    expect(branches[0]).not.toHaveProperty('_id');
    expect(last().path).toBe('/api/v2/acquirers/branches');
    expect(Object.fromEntries(last().query)).toEqual({ skip: '10', limit: '5' });
  });

  it('lists without total (it is unconfirmed for branches) and without paging parameters', async () => {
    platform.on('GET', '/api/v2/acquirers/branches', () => ({
      body: { branches: [{ _id: 'b-2', name: 'Short' }] },
    }));
    const answer = await transport.branches.list();
    expect(answer).not.toHaveProperty('total');
    expect(answer.branches[0]).toMatchObject({
      id: 'b-2',
      name: 'Short',
      email: '',
      scopes: { sharing: [] },
    });
    expect([...last().query.keys()]).toEqual([]);
  });

  it('gets, updates (PUT) and deletes /api/v2/acquirers/branch/{id}', async () => {
    await expect(transport.branches.get('b-1')).resolves.toMatchObject({ id: 'b-1' });
    expect(last()).toMatchObject({ method: 'GET', path: '/api/v2/acquirers/branch/b-1' });
    await expect(transport.branches.update('b-1', BRANCH_INPUT)).resolves.toEqual({ id: 'b-1' });
    expect(last()).toMatchObject({ method: 'PUT', path: '/api/v2/acquirers/branch/b-1', body: BRANCH_INPUT });
    await expect(transport.branches.delete('b-1')).resolves.toBeUndefined();
    expect(last()).toMatchObject({ method: 'DELETE', path: '/api/v2/acquirers/branch/b-1' });
  });

  it('accepts an empty body on delete', async () => {
    platform.on('DELETE', /./, () => ({ raw: '' }));
    await expect(transport.branches.delete('b-1')).resolves.toBeUndefined();
  });

  it('encodes ids in paths, so an id cannot reach another endpoint', async () => {
    await transport.branches.get('../branches?skip=1');
    expect(last().path).toBe('/api/v2/acquirers/branch/..%2Fbranches%3Fskip%3D1');
  });

  it('refuses bad paging before any call', async () => {
    for (const page of [{ skip: -1 }, { limit: 0 }, { skip: 1.5 }]) {
      await expect(transport.branches.list(page)).rejects.toSatisfy((e) =>
        isAcceptError(e, 'INVALID_ARGUMENT'),
      );
    }
    expect(platform.requests).toHaveLength(0);
  });
});

describe('offers', () => {
  it('creates with POST /api/v1/acquirers/branch/{branchId}/offer { name, scopes, returnLink? }', async () => {
    const offer = {
      name: 'Passport copy',
      scopes: { sharing: ['passport' as const] },
      returnLink: 'https://p.example',
    };
    await expect(transport.offers.create('b-1', offer)).resolves.toEqual({ id: 'o-new' });
    expect(last()).toMatchObject({ method: 'POST', path: '/api/v1/acquirers/branch/b-1/offer', body: offer });
  });

  it('creates a Diia ID offer with scopes { diiaId } and refuses mixed or unknown scopes', async () => {
    const offer = { name: 'Sign', scopes: { diiaId: ['hashedFilesSigning' as const, 'auth' as const] } };
    await expect(transport.offers.create('b-1', offer)).resolves.toEqual({ id: 'o-new' });
    expect(last()).toMatchObject({ method: 'POST', path: '/api/v1/acquirers/branch/b-1/offer', body: offer });
    const sent = platform.calls().length;
    for (const scopes of [
      { diiaId: [] },
      { diiaId: ['sign'] },
      { diiaId: ['auth', 'auth'] },
      { diiaId: ['auth'], sharing: ['passport'] },
    ]) {
      await expect(transport.offers.create('b-1', { name: 'x', scopes } as never)).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
    }
    expect(platform.calls().length).toBe(sent);
  });

  it('lists with paging and deletes', async () => {
    const { total, offers } = await transport.offers.list('b-1', { skip: 0, limit: 100 });
    expect(total).toBe(1);
    expect(offers).toEqual([{ id: 'o-1', name: 'Passport copy', scopes: { sharing: ['passport'] } }]);
    expect(last().path).toBe('/api/v1/acquirers/branch/b-1/offers');
    expect(Object.fromEntries(last().query)).toEqual({ skip: '0', limit: '100' });
    await transport.offers.delete('b-1', 'o-1');
    expect(last()).toMatchObject({ method: 'DELETE', path: '/api/v1/acquirers/branch/b-1/offer/o-1' });
  });
});
