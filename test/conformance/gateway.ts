// A loopback HTTP server that answers like the platform's gateway as revision 2 of the partner-API facts
// describes it: `{ token }` on login, `{ success: true }` on a document request, `{ deeplink }` on an offer
// request, and error bodies `{ name, message, code, type, data }` where a test asks for them. It records
// every request so tests can check headers.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAcceptor } from '../../src/acceptor.js';
import type { Clock } from '../../src/clock.js';
import type { Opener } from '../../src/profiles/port.js';
import { memoryShareStore } from '../../src/share/store.js';
import { diiaTransport } from '../../src/transport/diia.js';

export interface GatewayReply {
  readonly status: number;
  readonly body: unknown;
}

export interface Gateway {
  readonly url: string;
  readonly acquirerToken: string;
  readonly seen: { readonly method: string; readonly path: string; readonly headers: IncomingHttpHeaders }[];
  /** The next call to a path (not the login) is answered with this instead. */
  replyOnce(path: string | RegExp, reply: GatewayReply): void;
  close(): Promise<void>;
}

/** The gateway's error body for a status, as its services raise them. */
export function gatewayError(
  code: number,
  message: string,
  data: Record<string, unknown> = {},
): GatewayReply {
  const names: Record<number, [string, string]> = {
    400: ['BadRequestError', 'BAD_REQUEST'],
    404: ['NotFoundError', 'NOT_FOUND'],
    409: ['ConflictError', 'CONFLICT'],
    410: ['GoneError', 'GONE'],
    422: ['UnprocessableEntityError', 'UNPROCESSABLE_ENTITY'],
  };
  const [name, type] = names[code] ?? ['Error', 'ERROR'];
  return { status: code, body: { name, message, code, type, data } };
}

export async function startGateway(
  deeplink = 'https://diia.app/acquirers/offer-request/dynamic/123',
): Promise<Gateway> {
  const acquirerToken = 'conformance-acquirer-token';
  const seen: Gateway['seen'] = [];
  const once: { path: string | RegExp; reply: GatewayReply }[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://gateway.invalid').pathname;
    seen.push({ method: req.method ?? 'GET', path, headers: req.headers });
    req.resume();
    req.on('end', () => {
      const send = ({ status, body }: GatewayReply) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(body));
      };
      if (path === `/api/v1/auth/acquirer/${acquirerToken}`)
        return send({ status: 200, body: { token: 'session-1' } });
      const at = once.findIndex((o) => (typeof o.path === 'string' ? o.path === path : o.path.test(path)));
      if (at >= 0) return send(once.splice(at, 1)[0]!.reply);
      if (path === '/api/v1/acquirers/document-request')
        return send({ status: 200, body: { success: true } });
      if (path === '/api/v1/acquirers/document-identification')
        return send({ status: 200, body: { success: true } });
      if (/\/offer-request\/dynamic$/.test(path)) return send({ status: 200, body: { deeplink } });
      if (path.endsWith('/status')) return send({ status: 200, body: { status: 'processing' } });
      return send(gatewayError(404, 'Not found'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    acquirerToken,
    seen,
    replyOnce(path, reply) {
      once.push({ path, reply });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * A partner desk against the gateway: the real transport, a memory share store and `opener` for deliveries.
 * The real platform shows no signed tokens, so no token key is trusted.
 */
export function gatewayDesk(gateway: Gateway, opener: Opener, clock: Clock) {
  const store = memoryShareStore({ clock });
  const acceptor = createAcceptor({
    transport: diiaTransport({ baseUrl: gateway.url, acquirerToken: gateway.acquirerToken, clock }),
    trust: { resolve: async () => ({ status: 'unknown-key' }) },
    branchId: 'branch-1',
    clock,
    stores: { share: store },
    opener,
  });
  return { acceptor, store };
}
