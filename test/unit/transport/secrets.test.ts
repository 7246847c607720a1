// Neither the acquirer token, the second credential, the session token nor the barcode ever appears in an
// error's message, detail or cause text, whatever the platform answers (property test over a real server).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAcceptError } from '../../../src/errors.js';
import { diiaTransport } from '../../../src/transport/index.js';
import { type FakePlatform, type Reply, startFakePlatform } from './fake-platform.js';

const REQUEST_ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';

let platform: FakePlatform;
beforeAll(async () => {
  platform = await startFakePlatform();
});
afterAll(() => platform.close());

type Target = 'login' | 'identify' | 'status';
const TARGETS: readonly Target[] = ['login', 'identify', 'status'];
const FAILURES: readonly { readonly name: string; readonly reply: (secret: string) => Reply }[] = [
  ...[400, 401, 403, 404, 409, 410, 422, 429, 500, 503].map((status) => ({
    name: `HTTP ${status}`,
    reply: () => ({
      status,
      body: { code: status, name: 'E', message: 'm' },
      headers: { 'retry-after': '1' },
    }),
  })),
  // A platform that echoes what it was sent must not get it into our messages either.
  { name: 'echo in error', reply: (s) => ({ status: 400, body: { code: 400, name: s, message: s } }) },
  { name: 'echo in answer', reply: (s) => ({ body: { success: s, status: { s }, token: { s } } }) },
  { name: 'echo as JSON text', reply: (s) => ({ raw: `{"success": ${s}` }) },
  { name: 'hang', reply: () => ({ hang: true }) },
  { name: 'drop', reply: () => ({ destroy: true }) },
];

const ROUTES: Record<Target, readonly [string, string | RegExp]> = {
  login: ['GET', /^\/api\/v1\/auth\/acquirer\//],
  identify: ['POST', '/api/v1/acquirers/document-identification'],
  status: ['GET', '/api/v1/acquirers/document-request/status'],
};

function texts(error: unknown): string[] {
  const out: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    if (current instanceof Error) {
      out.push(current.message, String(current), current.stack ?? '');
      if (isAcceptError(current)) out.push(current.detail ?? '');
      current = current.cause;
    } else {
      out.push(String(current));
      break;
    }
  }
  return out;
}

describe('secrets and personal data stay out of errors', () => {
  it('holds for any credential, barcode and failure', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^[A-Za-z0-9._~!$&'()*+,;=:@-]{16,48}$/),
        fc.stringMatching(/^[A-Za-z0-9+/]{16,40}={0,2}$/),
        fc.stringMatching(/^\d{13}$/),
        fc.constantFrom(...TARGETS),
        fc.constantFrom(...FAILURES),
        async (acquirerToken, basic, barcode, target, failure) => {
          const session = `Bearer-${acquirerToken}`;
          platform.sessions.clear();
          platform.sessions.add(session);
          const [method, route] = ROUTES[target];
          const transport = diiaTransport({
            baseUrl: platform.url,
            acquirerToken,
            authAcquirerToken: basic,
            retries: false,
            timeouts: { request: 40, login: 40 },
            // Unless the login is the target, it answers with a session token derived from the secrets.
            fetch: async (input, init) =>
              target !== 'login' && String(input).includes('/auth/acquirer/')
                ? new Response(JSON.stringify({ token: session }), { status: 200 })
                : fetch(input, init),
          });
          const reply = failure.reply(`${acquirerToken}|${barcode}|${session}`);
          platform.on(method, route, () => reply);
          try {
            const call =
              target === 'status'
                ? transport.documentRequestStatus({ barcode, requestId: REQUEST_ID })
                : transport.identify({ branchId: 'b-1', code: { kind: 'barcode', barcode } });
            const error = await call.then(
              () => undefined,
              (e: unknown) => e,
            );
            if (error === undefined) return;
            expect(isAcceptError(error)).toBe(true);
            for (const text of texts(error)) {
              expect(text).not.toContain(acquirerToken);
              expect(text).not.toContain(basic);
              expect(text).not.toContain(barcode);
              expect(text).not.toContain(session);
            }
          } finally {
            platform.reset();
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps the barcode of a status call (it travels in the query) out of errors', async () => {
    const barcode = '2858364170864';
    platform.on('GET', '/api/v1/acquirers/document-request/status', () => ({ status: 404, body: {} }));
    const transport = diiaTransport({ baseUrl: platform.url, acquirerToken: 'acq-secret-token-123' });
    platform.on('GET', /^\/api\/v1\/auth\/acquirer\//, () => ({ body: { token: 'sess-abcdefgh' } }));
    platform.sessions.add('sess-abcdefgh');
    const failure = await transport
      .documentRequestStatus({ barcode, requestId: REQUEST_ID })
      .catch((e: unknown) => e);
    expect(isAcceptError(failure, 'PLATFORM_NOT_FOUND')).toBe(true);
    for (const text of texts(failure)) expect(text).not.toContain(barcode);
  });

  it('does not quote a bad acquirer token when refusing the options', () => {
    const token = 'bad token with spaces';
    try {
      diiaTransport({ baseUrl: 'https://api2s.diia.gov.ua', acquirerToken: token });
      expect.unreachable();
    } catch (e) {
      expect(isAcceptError(e, 'INVALID_ARGUMENT')).toBe(true);
      for (const text of texts(e)) expect(text).not.toContain(token);
    }
  });
});
