// The sandbox over real loopback HTTP, driven with plain fetch (no SDK client), and a real node:http server
// receiving its deliveries. Field names are those of docs/protocol.md §1.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/clock.js';
import { isAcceptError } from '../../src/errors.js';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly aborted: boolean;
}

interface Hook {
  readonly url: string;
  readonly received: Received[];
  close(): Promise<void>;
}

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

/** A partner webhook: `answer(n)` decides the reply to the n-th complete delivery (0-based). */
async function startHook(answer: (n: number) => { status: number; body: string } = () => ok): Promise<Hook> {
  const received: Received[] = [];
  let complete = 0;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      received.push({ headers: req.headers, body: Buffer.concat(chunks), aborted: true });
      return;
    }
    const body = Buffer.concat(chunks);
    const aborted = body.length !== Number(req.headers['content-length']);
    received.push({ headers: req.headers, body, aborted });
    if (aborted) return void res.destroy();
    const reply = answer(complete++);
    res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const hook: Hook = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/diia/webhook`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  open.push(hook);
  return hook;
}
const ok = { status: 200, body: '{"success":true}' };

async function sandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const sb = await createSandbox({ seed: 'tests', ...options });
  open.push(sb);
  return sb;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Logs in with plain fetch and returns a JSON caller. */
async function client(sb: Sandbox) {
  const login = await fetch(`${sb.url}/api/v1/auth/acquirer/${sb.acquirerToken}`);
  const { token } = (await login.json()) as { token: string };
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sb.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      // biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field in each test
      json: parse(text) as any,
      text,
    };
  };
}

async function formOf(received: Received): Promise<FormData> {
  return new Response(new Uint8Array(received.body), {
    headers: { 'content-type': String(received.headers['content-type']) },
  }).formData();
}

const bytesOf = async (value: FormDataEntryValue | null) =>
  typeof value === 'string'
    ? new TextEncoder().encode(value)
    : new Uint8Array(await (value as Blob).arrayBuffer());

const BRANCH = {
  name: 'Viza Kryvyi Rih, desk 3',
  email: 'desk3@example.org',
  region: 'Dnipropetrovska',
  district: 'Kryvorizkyi',
  location: 'Kryvyi Rih',
  street: 'Example avenue',
  house: '1',
  customFullName: 'Viza (sandbox)',
  customFullAddress: 'Kryvyi Rih, Example avenue 1',
  deliveryTypes: ['api'],
  offerRequestType: 'dynamic',
  scopes: {
    sharing: ['passport', 'taxpayer-card'],
    identification: [],
    documentIdentification: ['passport'],
    diiaId: [],
  },
};

describe('sandbox: session and errors', () => {
  it('logs in with the acquirer token; refuses a wrong one, a missing or revoked session, an expired one', async () => {
    const clock = manualClock('2026-11-30T10:00:00Z');
    const sb = await sandbox({ clock });
    const bad = await fetch(`${sb.url}/api/v1/auth/acquirer/wrong`);
    expect(bad.status).toBe(401);
    // The gateway's error body: { name, message, code, type, data }, code equal to the status.
    expect(await bad.json()).toEqual({
      name: 'UnauthorizedError',
      message: expect.any(String),
      code: 401,
      type: 'UNAUTHORIZED',
      data: {},
    });
    expect((await fetch(`${sb.url}/api/v2/acquirers/branches`)).status).toBe(401);
    const call = await client(sb);
    expect((await call('GET', '/api/v2/acquirers/branches')).status).toBe(200);
    clock.advance('2h');
    expect((await call('GET', '/api/v2/acquirers/branches')).status).toBe(401);
    const fresh = await client(sb);
    expect((await fresh('GET', '/api/v2/acquirers/branches')).status).toBe(200);
    sb.revokeSessions();
    expect((await fresh('GET', '/api/v2/acquirers/branches')).status).toBe(401);
    expect(sb.calls.some((c) => c.path.includes(sb.acquirerToken))).toBe(false);
  });

  it('requires the Basic credential on login when it was configured', async () => {
    const sb = await sandbox({ authAcquirerToken: 'second-credential' });
    const login = `${sb.url}/api/v1/auth/acquirer/${sb.acquirerToken}`;
    expect((await fetch(login)).status).toBe(401);
    const res = await fetch(login, { headers: { authorization: 'Basic second-credential' } });
    expect(res.status).toBe(200);
  });

  it('answers unknown endpoints 404, bad JSON 400, and injected faults as asked', async () => {
    const sb = await sandbox();
    const call = await client(sb);
    expect((await call('GET', '/api/v1/nothing')).json).toMatchObject({ code: 404, name: 'NotFoundError' });
    const raw = await fetch(`${sb.url}/api/v2/acquirers/branch`, {
      method: 'POST',
      headers: { authorization: 'Bearer x', 'content-type': 'application/json' },
      body: '{',
    });
    expect(raw.status).toBe(401); // the session is checked before the body
    const { token } = (await (await fetch(`${sb.url}/api/v1/auth/acquirer/${sb.acquirerToken}`)).json()) as {
      token: string;
    };
    for (const [type, body] of [
      ['application/json', '{'],
      ['application/json', '[1]'],
      ['text/plain', '{}'],
    ]) {
      const res = await fetch(`${sb.url}/api/v2/acquirers/branch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': type! },
        body: body!,
      });
      expect(await res.json()).toMatchObject({ code: 400, name: 'BadRequestError' });
    }
    sb.injectFault({ path: '/api/v2/acquirers/branches', status: 429, retryAfter: 7 });
    const limited = await call('GET', '/api/v2/acquirers/branches');
    expect([limited.status, limited.headers.get('retry-after'), limited.json.name]).toEqual([
      429,
      '7',
      'TooManyRequestsError',
    ]);
    sb.injectFault({ path: /branches/, body: '{"branches":', times: 2 });
    expect((await call('GET', '/api/v2/acquirers/branches')).text).toBe('{"branches":');
    expect((await call('GET', '/api/v2/acquirers/branches')).text).toBe('{"branches":');
    expect((await call('GET', '/api/v2/acquirers/branches')).status).toBe(200);
    sb.injectFault({ method: 'GET', status: 503 });
    expect((await call('GET', '/api/v2/acquirers/branches')).json).toMatchObject({ code: 503 });
    sb.injectFault({ hangUp: true });
    await expect(call('GET', '/api/v2/acquirers/branches')).rejects.toThrow();
  });

  it('rate-limits on the sandbox clock with Retry-After', async () => {
    const clock = manualClock('2026-11-30T10:00:00Z');
    const sb = await sandbox({ clock, rateLimit: { limit: 3, window: '10s' } });
    const call = await client(sb); // the login is the first call
    expect((await call('GET', '/api/v2/acquirers/branches')).status).toBe(200);
    expect((await call('GET', '/api/v2/acquirers/branches')).status).toBe(200);
    const limited = await call('GET', '/api/v2/acquirers/branches');
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '10']);
    clock.advance('10s');
    expect((await call('GET', '/api/v2/acquirers/branches')).status).toBe(200);
  });
});

describe('sandbox: branches and offers', () => {
  it('creates, lists with paging, gets, updates and deletes branches', async () => {
    const sb = await sandbox();
    const call = await client(sb);
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      const created = await call('POST', '/api/v2/acquirers/branch', { ...BRANCH, name: `Desk ${n}` });
      expect(created.status).toBe(200);
      expect(Object.keys(created.json)).toEqual(['_id']);
      ids.push(created.json._id);
    }
    const page = await call('GET', '/api/v2/acquirers/branches?skip=1&limit=1');
    expect(page.json.total).toBe(3);
    expect(page.json.branches).toEqual([{ _id: ids[1], ...BRANCH, name: 'Desk 2' }]);
    expect((await call('GET', `/api/v2/acquirers/branch/${ids[0]}`)).json.name).toBe('Desk 1');
    const renamed = await call('PUT', `/api/v2/acquirers/branch/${ids[0]}`, { ...BRANCH, name: 'Renamed' });
    expect(renamed.json).toEqual({ _id: ids[0] });
    expect((await call('GET', `/api/v2/acquirers/branch/${ids[0]}`)).json.name).toBe('Renamed');
    const rescoped = await call('PUT', `/api/v2/acquirers/branch/${ids[0]}`, {
      ...BRANCH,
      scopes: { ...BRANCH.scopes, sharing: ['passport'] },
    });
    expect(rescoped.status).toBe(400);
    expect((await call('DELETE', `/api/v2/acquirers/branch/${ids[0]}`)).json).toEqual({ success: true });
    expect((await call('GET', `/api/v2/acquirers/branch/${ids[0]}`)).status).toBe(404);
    expect((await call('DELETE', `/api/v2/acquirers/branch/${ids[0]}`)).status).toBe(404);
  });

  it('refuses bad branch bodies and bad paging with 400', async () => {
    const sb = await sandbox();
    const call = await client(sb);
    const bad = [
      { ...BRANCH, name: 'x'.repeat(33) },
      { ...BRANCH, email: undefined },
      { ...BRANCH, deliveryTypes: ['email'] },
      { ...BRANCH, scopes: { ...BRANCH.scopes, sharing: ['not-a-document'] } },
    ];
    for (const body of bad) expect((await call('POST', '/api/v2/acquirers/branch', body)).status).toBe(400);
    for (const q of ['limit=0', 'limit=101', 'skip=-1', 'skip=x']) {
      expect((await call('GET', `/api/v2/acquirers/branches?${q}`)).status).toBe(400);
    }
  });

  it('creates, lists and deletes offers within the branch scope', async () => {
    const sb = await sandbox();
    const call = await client(sb);
    const branchId = (await call('POST', '/api/v2/acquirers/branch', BRANCH)).json._id;
    const offer = { name: 'Open an account', scopes: { sharing: ['passport', 'taxpayer-card'] } };
    const created = await call('POST', `/api/v1/acquirers/branch/${branchId}/offer`, offer);
    expect(Object.keys(created.json)).toEqual(['_id']);
    await call('POST', `/api/v1/acquirers/branch/${branchId}/offer`, {
      ...offer,
      returnLink: 'https://example.org',
    });
    const list = await call('GET', `/api/v1/acquirers/branch/${branchId}/offers?skip=0&limit=1`);
    expect(list.json).toEqual({ total: 2, offers: [{ _id: created.json._id, ...offer }] });
    const outside = { name: 'Too much', scopes: { sharing: ['driver-license'] } };
    expect((await call('POST', `/api/v1/acquirers/branch/${branchId}/offer`, outside)).status).toBe(403);
    expect((await call('POST', '/api/v1/acquirers/branch/nope/offer', offer)).status).toBe(404);
    const del = await call('DELETE', `/api/v1/acquirers/branch/${branchId}/offer/${created.json._id}`);
    expect(del.json).toEqual({ success: true });
    expect((await call('GET', `/api/v1/acquirers/branch/${branchId}/offers`)).json.total).toBe(1);
  });
});

describe('sandbox: the holder shows a document; identification', () => {
  it('shows a link, a signed token verifiable by the JWKS, and an EAN-13 barcode, valid 180 s', async () => {
    const clock = manualClock('2026-11-30T10:00:00Z');
    const sb = await sandbox({ clock });
    const shown = await sb.holder.showDocument('passport', { audience: 'branch-1' });
    expect(shown.link).toMatch(
      /^https:\/\/diia\.app\/documents\/passport\/[0-9a-f]{24}\/verify\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(shown.link.endsWith(shown.otp)).toBe(true);
    expect(shown.barcode).toMatch(/^\d{13}$/);
    expect(shown.expiresAt).toBe(clock.now() + 180_000);
    expect(shown.token.length).toBeLessThanOrEqual(4096);
    expect(decodeProtectedHeader(shown.token)).toEqual({
      alg: 'ES256',
      typ: 'diia-document+jwt',
      kid: 'sandbox-platform-1',
    });
    const jwks = (await (await fetch(sb.jwksUrl)).json()) as { keys: object[] };
    const { payload } = await jwtVerify(shown.token, createLocalJWKSet(jwks as never), {
      currentDate: new Date(clock.now()),
      typ: 'diia-document+jwt',
      audience: 'branch-1',
    });
    expect(payload).toMatchObject({
      iss: 'urn:diia-accept:sandbox',
      doc: 'passport',
      handle: shown.documentId,
    });
    expect(payload.exp! - payload.iat!).toBe(180);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('identifies by barcode and by QR one-time code once; then used 400; expired 400; unknown 404; malformed 400', async () => {
    const clock = manualClock('2026-11-30T10:00:00Z');
    const sb = await sandbox({ clock });
    const call = await client(sb);
    const { id: branchId } = sb.addBranch();
    const identify = (body: object) =>
      call('POST', '/api/v1/acquirers/document-identification', { branchId, ...body });
    const shown = await sb.holder.showDocument('passport');
    expect((await identify({ barcode: shown.barcode })).json).toEqual({ success: true });
    expect((await identify({ barcode: shown.barcode })).json).toMatchObject({
      code: 400,
      name: 'BadRequestError',
      message: 'This code has been used already!',
    });
    expect((await identify({ qrcode: shown.otp })).json).toEqual({ success: true });
    expect((await identify({ qrcode: shown.link })).status).toBe(400);
    const late = await sb.holder.showDocument('driver-license');
    clock.advance('180s');
    expect((await identify({ barcode: late.barcode })).json).toMatchObject({
      code: 400,
      message: 'Code has been expired!',
      data: { now: '2026-11-30T10:03:00.000Z', expirationDate: '2026-11-30T10:03:00.000Z' },
    });
    expect((await identify({ barcode: '2858364170864' })).json).toMatchObject({
      code: 404,
      message: 'No record with presented code!',
    });
    expect((await identify({ barcode: '2858364170865' })).json).toMatchObject({ code: 400 });
    expect((await identify({ barcode: '12345' })).status).toBe(400);
    expect((await identify({ qrcode: 'not-a-code' })).status).toBe(400);
    expect((await identify({ barcode: late.barcode, qrcode: late.otp })).status).toBe(400);
  });

  it('refuses identification without the scope (403, code not used up) and for an unknown branch (404)', async () => {
    const sb = await sandbox();
    const call = await client(sb);
    const { id: branchId } = sb.addBranch({
      scopes: { sharing: [], identification: [], documentIdentification: ['passport'], diiaId: [] },
    });
    const shown = await sb.holder.showDocument('taxpayer-card');
    const body = { branchId, barcode: shown.barcode };
    expect((await call('POST', '/api/v1/acquirers/document-identification', body)).json).toMatchObject({
      code: 403,
      name: 'ForbiddenError',
    });
    expect(
      (await call('POST', '/api/v1/acquirers/document-identification', { ...body, branchId: 'nope' })).status,
    ).toBe(404);
    const other = sb.addBranch();
    const again = await call('POST', '/api/v1/acquirers/document-identification', {
      ...body,
      branchId: other.id,
    });
    expect(again.json).toEqual({ success: true });
  });
});

describe('sandbox: sharing by barcode', () => {
  it('delivers the barcode-flow multipart, sealed, to the branch webhook; status goes to delivered', async () => {
    const hook = await startHook();
    const sb = await sandbox();
    const call = await client(sb);
    const { id: branchId } = sb.addBranch({}, { webhookUrl: hook.url });
    const shown = await sb.holder.showDocument('internal-passport');
    const requestId = crypto.randomUUID();
    const asked = await call('POST', '/api/v1/acquirers/document-request', {
      branchId,
      barcode: shown.barcode,
      requestId,
    });
    expect(asked.json).toEqual({ success: true });
    const record = await sb.delivered(requestId);
    expect(record.state).toBe('delivered');
    expect(hook.received).toHaveLength(1);
    const [delivery] = hook.received;
    expect(delivery!.headers['x-document-request-trace-id']).toBe(requestId);
    expect(delivery!.headers['content-type']).toMatch(
      /^multipart\/form-data; boundary=diia-sandbox-[0-9a-f]{24}$/,
    );
    const form = await formOf(delivery!);
    expect([...form.keys()]).toEqual(['encryptedFile', 'encryptedFileName', 'encodeData']);
    const file = form.get('encryptedFile') as File;
    expect(file.name).toMatch(
      new RegExp(
        `^internal-passport-${shown.barcode}-\\d{2}\\.\\d{2}\\.\\d{4}-\\d{2}_\\d{2}_\\d{2}\\.pdf\\.jws\\.jwe$`,
      ),
    );
    expect(file.type).toBe('application/jose');
    expect(form.get('encryptedFileName')).toBe(file.name);
    const opener = sb.opener();
    const copy = await opener.open(await bytesOf(file), { fileName: file.name });
    expect(new TextDecoder().decode(copy.content.subarray(0, 8))).toBe('%PDF-1.4');
    expect(new TextDecoder().decode(copy.content.subarray(-6))).toBe('%%EOF\n');
    expect(copy.sha256).toBe(record.files[0]!.sha256);
    expect(copy.signer.keyId).toBe('sandbox-platform-1');
    const meta = JSON.parse(
      new TextDecoder().decode((await opener.open(await bytesOf(form.get('encodeData')))).content),
    );
    // As the real barcode flow: no requestId (the trace id names the request), data[type] an object.
    expect(meta).toEqual({
      barcode: shown.barcode,
      documentTypes: ['internal-passport'],
      data: { 'internal-passport': expect.objectContaining({ fictional: true }) },
    });
    const status = await call(
      'GET',
      `/api/v1/acquirers/document-request/status?barcode=${shown.barcode}&requestId=${requestId}`,
    );
    expect(status.json).toEqual({ status: 'done' });
  });

  it('refuses a used barcode (400), a never-issued one (404), a missing scope (403), bad or reused request ids (400)', async () => {
    const sb = await sandbox({ consent: 'never' });
    const call = await client(sb);
    const { id: branchId } = sb.addBranch({
      scopes: { sharing: ['passport'], identification: [], documentIdentification: [], diiaId: [] },
    });
    const request = (body: object) =>
      call('POST', '/api/v1/acquirers/document-request', { branchId, ...body });
    const shown = await sb.holder.showDocument('passport');
    const requestId = crypto.randomUUID();
    expect((await request({ barcode: shown.barcode, requestId: 'nope' })).status).toBe(400);
    expect((await request({ barcode: shown.barcode, requestId })).status).toBe(200);
    expect((await request({ barcode: shown.barcode, requestId })).status).toBe(400);
    expect((await request({ barcode: shown.barcode, requestId: crypto.randomUUID() })).json).toMatchObject({
      code: 400,
      message: 'This code has been used already!',
    });
    expect((await request({ barcode: '2858364170864', requestId: crypto.randomUUID() })).json).toMatchObject({
      code: 404,
      name: 'NotFoundError',
    });
    const card = await sb.holder.showDocument('taxpayer-card');
    expect((await request({ barcode: card.barcode, requestId: crypto.randomUUID() })).status).toBe(403);
    const byQr = await sb.holder.showDocument('passport');
    expect((await request({ qrcode: byQr.otp, requestId: crypto.randomUUID() })).status).toBe(200);
    const status = await call(
      'GET',
      `/api/v1/acquirers/document-request/status?barcode=${shown.barcode}&requestId=${crypto.randomUUID()}`,
    );
    expect(status.status).toBe(404);
  });

  it('follows consent: declined, never answered then expired, approved after a delay (manual clock)', async () => {
    const hook = await startHook();
    const clock = manualClock('2026-11-30T10:00:00Z');
    const answers = ['decline', 'never', { after: '30s', answer: 'approve' }] as const;
    let n = 0;
    const sb = await sandbox({ clock, webhookUrl: hook.url, consent: () => answers[n++]! });
    const call = await client(sb);
    const { id: branchId } = sb.addBranch();
    const ask = async () => {
      const shown = await sb.holder.showDocument('passport');
      const requestId = crypto.randomUUID();
      await call('POST', '/api/v1/acquirers/document-request', {
        branchId,
        barcode: shown.barcode,
        requestId,
      });
      const status = async () =>
        (
          await call(
            'GET',
            `/api/v1/acquirers/document-request/status?barcode=${shown.barcode}&requestId=${requestId}`,
          )
        ).json.status;
      return { requestId, status };
    };
    const declined = await ask();
    const ignored = await ask();
    const later = await ask();
    await sb.settled();
    // The platform's words: processing | refuse | done (an expired request has no word of its own).
    expect(await declined.status()).toBe('refuse');
    expect(await ignored.status()).toBe('processing');
    expect(await later.status()).toBe('processing');
    await sb.advance('30s');
    await sb.delivered(later.requestId);
    expect(await later.status()).toBe('done');
    await sb.advance('150s');
    expect(await ignored.status()).toBe('processing');
    expect(sb.status(ignored.requestId)).toBe('expired');
    expect(() => sb.holder.answer(ignored.requestId, 'approve')).toThrowError(
      expect.objectContaining({ code: 'SHARE_STATE_CONFLICT' }),
    );
    await expect(sb.delivered(declined.requestId, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'ABORTED',
    });
    expect(hook.received).toHaveLength(1);
  });
});

describe('sandbox: sharing by deeplink', () => {
  it('makes a deeplink, delivers one part per document type plus encodeData, status by otp', async () => {
    const hook = await startHook();
    const sb = await sandbox({ webhookUrl: hook.url, deeplinks: 'manual' });
    const call = await client(sb);
    const branchId = (await call('POST', '/api/v2/acquirers/branch', BRANCH)).json._id;
    const offerId = (
      await call('POST', `/api/v1/acquirers/branch/${branchId}/offer`, {
        name: 'Account',
        scopes: { sharing: ['passport', 'taxpayer-card'] },
      })
    ).json._id;
    const requestId = crypto.randomUUID();
    const made = await call('POST', `/api/v2/acquirers/branch/${branchId}/offer-request/dynamic`, {
      offerId,
      requestId,
      returnLink: 'https://example.org/back',
    });
    expect(Object.keys(made.json)).toEqual(['deeplink']);
    const otp = /^https:\/\/diia\.app\/acquirers\/offer-request\/dynamic\/([0-9a-f-]{36})$/.exec(
      made.json.deeplink,
    )?.[1];
    expect(otp).toBeDefined();
    const status = async () =>
      (await call('GET', `/api/v1/acquirers/offer-request/status?otp=${otp}&requestId=${requestId}`)).json;
    expect(await status()).toEqual({ status: 'processing' });
    expect(() => sb.holder.answer(requestId, 'approve')).toThrowError(
      expect.objectContaining({ code: 'SHARE_STATE_CONFLICT' }),
    );
    sb.holder.openDeeplink(made.json.deeplink);
    expect(() => sb.holder.openDeeplink(made.json.deeplink)).toThrowError(
      expect.objectContaining({ code: 'PLATFORM_CODE_USED' }),
    );
    const record = await sb.delivered(requestId);
    const form = await formOf(hook.received[0]!);
    // `passport` is request-only: the holder's ID card comes as internal-passport.
    expect([...form.keys()]).toEqual(['internal-passport', 'taxpayer-card', 'encodeData']);
    const opener = sb.opener();
    for (const [i, type] of (['internal-passport', 'taxpayer-card'] as const).entries()) {
      const file = form.get(type) as File;
      expect(file.name).toBe(record.files[i]!.fileName);
      expect(file.name.startsWith(`${type}-`)).toBe(true);
      expect((await opener.open(await bytesOf(file))).sha256).toBe(record.files[i]!.sha256);
    }
    const meta = JSON.parse(
      new TextDecoder().decode((await opener.open(await bytesOf(form.get('encodeData')))).content),
    );
    expect(Object.keys(meta)).toEqual(['requestId', 'documentTypes', 'data']);
    expect(meta).toMatchObject({ requestId, documentTypes: ['internal-passport', 'taxpayer-card'] });
    expect(meta.data['internal-passport']).toHaveLength(1);
    expect(meta.data['taxpayer-card']).toHaveLength(1);
    expect(await status()).toEqual({ status: 'done' });
    expect((await call('GET', `/api/v1/acquirers/offer-request/status?otp=${otp}&requestId=x`)).status).toBe(
      404,
    );
  });
});

/** A holder shows a passport and the partner asks for a copy by its barcode: the request id. */
async function requestCopy(sb: Sandbox, branchId: string): Promise<string> {
  const call = await client(sb);
  const shown = await sb.holder.showDocument('passport');
  const requestId = crypto.randomUUID();
  await call('POST', '/api/v1/acquirers/document-request', { branchId, barcode: shown.barcode, requestId });
  return requestId;
}

describe('sandbox: delivery retries and faults', () => {
  it('retries with back-off until the partner answers {"success": true} (manual clock)', async () => {
    const answers = [
      { status: 500, body: '{}' },
      { status: 200, body: '{"success":false}' },
      { status: 200, body: 'not json' },
    ];
    const hook = await startHook((n) => answers[n] ?? ok);
    const clock = manualClock('2026-11-30T10:00:00Z');
    const sb = await sandbox({
      clock,
      webhookUrl: hook.url,
      delivery: { retry: { initialDelay: '1s', factor: 2 } },
    });
    const requestId = await requestCopy(sb, sb.addBranch().id);
    await sb.settled();
    expect(hook.received).toHaveLength(1);
    await sb.advance('1s');
    expect(hook.received).toHaveLength(2);
    await sb.advance('1s');
    expect(hook.received).toHaveLength(2); // the second wait is 2 s
    await sb.advance('1s');
    expect(hook.received).toHaveLength(3);
    await sb.advance('4s');
    const record = await sb.delivered(requestId);
    expect(record.attempts.map((a) => [a.status, a.success])).toEqual([
      [500, false],
      [200, false],
      [200, false],
      [200, true],
    ]);
    expect(record.attempts.map((a) => a.at - clock.now())).toEqual([-7000, -6000, -4000, 0]);
  });

  it('gives up after the attempts and reports SHARE_FAILED; no webhook fails at once', async () => {
    const hook = await startHook(() => ({ status: 503, body: '' }));
    const sb = await sandbox({ webhookUrl: hook.url, delivery: { retry: { attempts: 3, initialDelay: 5 } } });
    const requestId = await requestCopy(sb, sb.addBranch().id);
    await expect(sb.delivered(requestId)).rejects.toMatchObject({ code: 'SHARE_FAILED' });
    expect(hook.received).toHaveLength(3);
    expect(sb.status(requestId)).toBe('approved');
    const quiet = await sandbox();
    const lost = await requestCopy(quiet, quiet.addBranch().id);
    const error = await quiet.delivered(lost).catch((e: unknown) => e);
    expect(isAcceptError(error, 'SHARE_FAILED')).toBe(true);
  });

  it('cuts the first N attempts mid-body, then delivers; duplicates after success', async () => {
    const hook = await startHook();
    const sb = await sandbox({
      webhookUrl: hook.url,
      delivery: { retry: { initialDelay: 5 }, faults: { failFirst: 2, duplicate: 2 } },
    });
    const requestId = await requestCopy(sb, sb.addBranch().id);
    const record = await sb.delivered(requestId);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the cut requests reach the hook asynchronously
    expect(record.attempts.map((a) => [a.cut, a.success, a.duplicate])).toEqual([
      [true, false, false],
      [true, false, false],
      [false, true, false],
      [false, true, true],
      [false, true, true],
    ]);
    const complete = hook.received.filter((r) => !r.aborted);
    expect(complete).toHaveLength(3);
    expect(complete[1]!.body.equals(complete[0]!.body)).toBe(true);
    expect(hook.received.filter((r) => r.aborted).length).toBeGreaterThanOrEqual(1);
  });

  it('drops, delays, reorders parts, tampers, signs untrusted, and overrides the trace id on request', async () => {
    const hook = await startHook();
    const clock = manualClock('2026-11-30T10:00:00Z');
    const faults = [
      { drop: true },
      { delay: '10s' },
      { reorderParts: true },
      { tamper: 'file' },
      { tamper: 'metadata' },
      { untrustedSigner: true },
      { traceId: 'other', omitParts: ['encryptedFileName'], extraParts: [{ name: 'extra', value: 'x' }] },
    ] as const;
    let n = 0;
    const sb = await sandbox({ clock, webhookUrl: hook.url, delivery: { faults: () => faults[n++]! } });
    const branchId = sb.addBranch().id;
    const ids: string[] = [];
    for (const _ of faults) ids.push(await requestCopy(sb, branchId));
    await sb.settled();
    await expect(sb.delivered(ids[0]!)).rejects.toMatchObject({ code: 'SHARE_FAILED' });
    expect(sb.deliveries.find((d) => d.requestId === ids[0])?.state).toBe('dropped');
    expect(sb.status(ids[1]!)).toBe('approved');
    await sb.advance('10s');
    expect(sb.status(ids[1]!)).toBe('delivered');

    const byTrace = new Map(hook.received.map((r) => [String(r.headers['x-document-request-trace-id']), r]));
    expect(byTrace.has(ids[0]!)).toBe(false);
    const reordered = await formOf(byTrace.get(ids[2]!)!);
    expect([...reordered.keys()].sort()).toEqual(['encodeData', 'encryptedFile', 'encryptedFileName']);
    const opener = sb.opener();
    const tamperedFile = await formOf(byTrace.get(ids[3]!)!);
    await expect(opener.open(await bytesOf(tamperedFile.get('encryptedFile')))).rejects.toMatchObject({
      code: 'ENVELOPE_DECRYPT_FAILED',
    });
    await expect(opener.open(await bytesOf(tamperedFile.get('encodeData')))).resolves.toBeDefined();
    const tamperedMeta = await formOf(byTrace.get(ids[4]!)!);
    await expect(opener.open(await bytesOf(tamperedMeta.get('encodeData')))).rejects.toMatchObject({
      code: 'ENVELOPE_DECRYPT_FAILED',
    });
    const untrusted = await formOf(byTrace.get(ids[5]!)!);
    await expect(opener.open(await bytesOf(untrusted.get('encryptedFile')))).rejects.toMatchObject({
      code: 'SIGNATURE_SIGNER_UNTRUSTED',
    });
    const odd = await formOf(byTrace.get('other')!);
    expect([...odd.keys()]).toEqual(['encryptedFile', 'encodeData', 'extra']);
  });
});

describe('sandbox: arbitrary requests', () => {
  it('answers any JSON body on any endpoint with a platform status, never a 500', async () => {
    const sb = await sandbox();
    const call = await client(sb);
    const { id: branchId } = sb.addBranch();
    const shown = await sb.holder.showDocument('passport');
    const paths = [
      '/api/v2/acquirers/branch',
      `/api/v2/acquirers/branch/${branchId}`,
      `/api/v1/acquirers/branch/${branchId}/offer`,
      '/api/v1/acquirers/document-identification',
      '/api/v1/acquirers/document-request',
      `/api/v2/acquirers/branch/${branchId}/offer-request/dynamic`,
    ];
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom(branchId, shown.barcode, shown.otp, shown.link, crypto.randomUUID(), ['passport'], {
        sharing: ['passport'],
      }),
    );
    const body = fc.dictionary(
      fc.constantFrom(
        'branchId',
        'barcode',
        'qrcode',
        'requestId',
        'offerId',
        'name',
        'scopes',
        'email',
        'x',
      ),
      value,
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.constantFrom('POST', 'PUT'),
        body,
        async (path, method, b) => {
          const res = await call(method, path, b);
          expect([200, 400, 403, 404, 409, 410, 422]).toContain(res.status);
          if (res.status !== 200)
            expect(res.json).toMatchObject({ code: res.status, name: expect.any(String) });
        },
      ),
      { numRuns: 150 },
    );
    expect(sb.calls.every((c) => c.status !== 500)).toBe(true);
  });
});

describe('sandbox: start-up and broken set-ups', () => {
  it('accepts the login with the Basic header the Java and .NET SDKs send, and without one', async () => {
    const sb = await sandbox();
    const url = `${sb.url}/api/v1/auth/acquirer/${sb.acquirerToken}`;
    const withBasic = await fetch(url, { headers: { authorization: `Basic ${sb.acquirerToken}` } });
    expect(withBasic.status).toBe(200);
    expect((await fetch(url)).status).toBe(200);
  });

  it('refuses a holderPassport or filesPerType it cannot emulate', async () => {
    await expect(createSandbox({ holderPassport: 'passport' as 'internal-passport' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    for (const filesPerType of [0, 6, 1.5]) {
      await expect(createSandbox({ delivery: { filesPerType } })).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
    }
  });

  it('refuses a port in use and a non-loopback host with INVALID_ARGUMENT', async () => {
    const first = await sandbox();
    const port = Number(new URL(first.url).port);
    await expect(createSandbox({ port })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(createSandbox({ host: '0.0.0.0' as '127.0.0.1' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('reports a delivery it cannot seal (a broken partner key) as SHARE_FAILED', async () => {
    const hook = await startHook();
    const good = await sandbox();
    const broken = { ...good.partnerKeys, publicJwk: { ...good.partnerKeys.publicJwk, x: 'AAAA' } };
    const sb = await sandbox({ webhookUrl: hook.url, partnerKeys: broken });
    const requestId = await requestCopy(sb, sb.addBranch().id);
    await expect(sb.delivered(requestId)).rejects.toMatchObject({ code: 'SHARE_FAILED' });
    expect(hook.received).toHaveLength(0);
  });
});

describe('sandbox: keys and determinism', () => {
  it('publishes the JWKS and rotates keys on demand', async () => {
    const hook = await startHook();
    const sb = await sandbox({ webhookUrl: hook.url });
    const jwks = async () => {
      const res = await fetch(sb.jwksUrl);
      expect(res.headers.get('cache-control')).toBe('max-age=300');
      return ((await res.json()) as { keys: { kid: string; use: string; d?: string }[] }).keys;
    };
    const first = await jwks();
    expect(first.map((k) => [k.kid, k.use, k.d])).toEqual([['sandbox-platform-1', 'sig', undefined]]);
    expect(await sb.rotateKeys()).toBe('sandbox-platform-2');
    expect((await jwks()).map((k) => k.kid)).toEqual(['sandbox-platform-1', 'sandbox-platform-2']);
    const call = await client(sb);
    const shown = await sb.holder.showDocument('passport');
    expect(decodeProtectedHeader(shown.token).kid).toBe('sandbox-platform-2');
    const requestId = crypto.randomUUID();
    await call('POST', '/api/v1/acquirers/document-request', {
      branchId: sb.addBranch().id,
      barcode: shown.barcode,
      requestId,
    });
    await sb.delivered(requestId);
    const form = await formOf(hook.received[0]!);
    expect((await sb.opener().open(await bytesOf(form.get('encryptedFile')))).signer.keyId).toBe(
      'sandbox-platform-2',
    );
    await sb.rotateKeys({ keepPrevious: false });
    expect((await jwks()).map((k) => k.kid)).toEqual(['sandbox-platform-3']);
    await expect(sb.opener().open(await bytesOf(form.get('encryptedFile')))).rejects.toMatchObject({
      code: 'SIGNATURE_SIGNER_UNTRUSTED',
    });
  });

  it('makes the same ids, codes, deeplinks and boundaries under the same seed and clock', async () => {
    const run = async () => {
      const hook = await startHook();
      const clock = manualClock('2026-11-30T10:00:00Z');
      const sb = await sandbox({ seed: 7, clock, webhookUrl: hook.url });
      const call = await client(sb);
      const branchId = (await call('POST', '/api/v2/acquirers/branch', BRANCH)).json._id as string;
      const offerId = (
        await call('POST', `/api/v1/acquirers/branch/${branchId}/offer`, {
          name: 'o',
          scopes: { sharing: ['passport'] },
        })
      ).json._id as string;
      const shown = await sb.holder.showDocument('passport');
      const requestId = '1b4e28ba-2fa1-41d2-883f-0016d3cca427';
      await call('POST', '/api/v1/acquirers/document-request', {
        branchId,
        barcode: shown.barcode,
        requestId,
      });
      const record = await sb.delivered(requestId);
      const deeplink = (
        await call('POST', `/api/v2/acquirers/branch/${branchId}/offer-request/dynamic`, {
          offerId,
          requestId: '2b4e28ba-2fa1-41d2-883f-0016d3cca427',
        })
      ).json.deeplink as string;
      return {
        acquirer: sb.acquirerToken,
        branchId,
        offerId,
        link: shown.link,
        barcode: shown.barcode,
        deeplink,
        boundary: hook.received[0]!.headers['content-type'],
        files: record.files.map((f) => [f.fileName, f.sha256]),
        metadata: record.metadata,
      };
    };
    const [a, b] = [await run(), await run()];
    expect(a).toEqual(b);
    const other = await createSandbox({ seed: 8 });
    open.push(other);
    expect(other.acquirerToken).not.toBe(a.acquirer);
  });
});
