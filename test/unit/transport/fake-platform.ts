// A loopback HTTP server that answers like the platform's partner API (docs/protocol.md §1), with hooks to
// make any endpoint fail in any way. Every request is recorded, so tests check paths, bodies and headers.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BranchInput } from '../../../src/transport/port.js';

export const ACQUIRER_TOKEN = 'acq-7f3c9e1d-secret';

export interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
}

export interface Reply {
  readonly status?: number;
  /** A value sent as JSON, or a string sent as is. */
  readonly body?: unknown;
  readonly raw?: string;
  readonly headers?: Record<string, string>;
  /** Never answer (the socket stays open until the client gives up). */
  readonly hang?: boolean;
  /** Close the connection without an answer. */
  readonly destroy?: boolean;
  /** Answer only once this settles. */
  readonly after?: Promise<unknown>;
}

export type Handler = (request: Recorded) => Reply | undefined;

export interface FakePlatform {
  readonly url: string;
  readonly requests: Recorded[];
  /** Requests other than the login. */
  calls(): Recorded[];
  logins(): Recorded[];
  /** Answers `method path` with `handler` first; returning undefined falls through to the default. */
  on(method: string, path: string | RegExp, handler: Handler): void;
  /** Forgets every handler given with `on`. */
  reset(): void;
  /** Session tokens the server accepts; remove one to make it "expired". */
  readonly sessions: Set<string>;
  close(): Promise<void>;
}

/** A branch as the partner describes it (the body of a create or update). */
export const SAMPLE_BRANCH_INPUT: BranchInput = {
  name: 'Viza Kryvyi Rih',
  email: 'desk@example.org',
  region: 'Dnipropetrovska',
  district: 'Kryvorizkyi',
  location: 'Kryvyi Rih',
  street: 'Main street',
  house: '1',
  customFullName: 'Viza',
  customFullAddress: 'Kryvyi Rih, Main street 1',
  deliveryTypes: ['api'],
  offerRequestType: 'dynamic',
  scopes: { sharing: ['passport'], identification: [], documentIdentification: ['passport'], diiaId: [] },
};

/** The same branch as the platform answers it. */
const BRANCH = { _id: 'b-1', ...SAMPLE_BRANCH_INPUT };

export { BRANCH as SAMPLE_BRANCH };

function defaults(request: Recorded, next: () => string): Reply {
  const { method, path } = request;
  if (method === 'GET' && path.startsWith('/api/v1/auth/acquirer/')) {
    const token = decodeURIComponent(path.slice('/api/v1/auth/acquirer/'.length));
    return token === ACQUIRER_TOKEN ? { body: { token: next() } } : error(401);
  }
  if (method === 'POST' && path === '/api/v1/acquirers/document-identification')
    return { body: { success: true } };
  if (method === 'POST' && path === '/api/v1/acquirers/document-request') return { body: { success: true } };
  if (method === 'POST' && /^\/api\/v2\/acquirers\/branch\/[^/]+\/offer-request\/dynamic$/.test(path)) {
    return {
      body: {
        deeplink: 'https://diia.app/acquirers/offer-request/dynamic/0b6c5b1e-8c1a-4c55-9a41-0d0f6f1b2c3d',
      },
    };
  }
  if (method === 'GET' && path.endsWith('/status')) return { body: { status: 'pending' } };
  if (method === 'POST' && path === '/api/v2/acquirers/branch') return { body: { _id: 'b-new' } };
  if (method === 'GET' && path === '/api/v2/acquirers/branches')
    return { body: { total: 1, branches: [BRANCH] } };
  if (method === 'GET' && path.startsWith('/api/v2/acquirers/branch/')) return { body: BRANCH };
  if (method === 'PUT' && path.startsWith('/api/v2/acquirers/branch/')) return { body: { _id: 'b-1' } };
  if (method === 'DELETE') return { body: { success: true } };
  if (method === 'POST' && /\/offer$/.test(path)) return { body: { _id: 'o-new' } };
  if (method === 'GET' && /\/offers$/.test(path)) {
    return {
      body: { total: 1, offers: [{ _id: 'o-1', name: 'Passport copy', scopes: { sharing: ['passport'] } }] },
    };
  }
  return error(404);
}

export function error(status: number, headers?: Record<string, string>): Reply {
  return {
    status,
    body: { code: status, name: `Error${status}`, message: `failure ${status}` },
    ...(headers ? { headers } : {}),
  };
}

export async function startFakePlatform(): Promise<FakePlatform> {
  const requests: Recorded[] = [];
  const handlers: { method: string; path: string | RegExp; handler: Handler }[] = [];
  const sessions = new Set<string>();
  let issued = 0;
  const hanging = new Set<ServerResponse>();
  const next = () => {
    const token = `session-${++issued}-${'x'.repeat(8)}`;
    sessions.add(token);
    return token;
  };

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const recorded: Recorded = {
      method: req.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: text ? JSON.parse(text) : undefined,
    };
    requests.push(recorded);

    let reply: Reply | undefined;
    for (const { method, path, handler } of handlers) {
      const matches = typeof path === 'string' ? path === recorded.path : path.test(recorded.path);
      if (method === recorded.method && matches) {
        reply = handler(recorded);
        if (reply) break;
      }
    }
    if (reply?.after) {
      await reply.after;
      // A reply that only delays falls through to the usual answer.
      if (Object.keys(reply).length === 1) reply = undefined;
    }
    if (!reply) {
      const isLogin = recorded.path.startsWith('/api/v1/auth/acquirer/');
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      reply = !isLogin && !(bearer && sessions.has(bearer)) ? error(401) : defaults(recorded, next);
    }
    if (reply.destroy) {
      req.socket.destroy();
      return;
    }
    if (reply.hang) {
      hanging.add(res);
      return;
    }
    const payload = reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
    res.end(payload);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    calls: () => requests.filter((r) => !r.path.startsWith('/api/v1/auth/acquirer/')),
    logins: () => requests.filter((r) => r.path.startsWith('/api/v1/auth/acquirer/')),
    on(method, path, handler) {
      handlers.push({ method, path, handler });
    },
    reset() {
      handlers.length = 0;
    },
    sessions,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
