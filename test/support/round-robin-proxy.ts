/**
 * A small load balancer for tests: an HTTP server on loopback that hands each request to the next backend
 * in turn, like the partner's front proxy in production. A backend that refuses the connection (killed) is
 * skipped and the request goes to the next one; a backend that dies in the middle of a request is the
 * client's problem (502), exactly as with a real balancer. It counts what each backend answered
 * (`-1` in the log: no backend answered; `-2`: kept by {@link RoundRobinProxy.capture}).
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the proxy kept instead of forwarding (see {@link RoundRobinProxy.capture}). */
export interface CapturedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/** Which request {@link RoundRobinProxy.capture} keeps, and how it answers it. */
export interface CaptureOptions {
  /** Only a request with these header values (names in lower case). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The status to answer; 503 by default. */
  readonly status?: number;
}

/** A running proxy. */
export interface RoundRobinProxy {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** Replaces the backends (base URLs such as `http://127.0.0.1:4001`); counters grow to match. */
  setBackends(backends: readonly string[]): void;
  /**
   * Sends the next request (with these header values, if given) to this backend, then carries on in turn;
   * the backend is skipped if it refuses the connection.
   */
  pin(index: number, headers?: Readonly<Record<string, string>>): void;
  /**
   * Keeps the next request to `path` instead of forwarding it and answers it with `status` (a balancer in
   * trouble): the test gets the exact bytes to send again.
   */
  capture(path: string, options?: CaptureOptions): Promise<CapturedRequest>;
  /** Requests answered by each backend (by index), and requests no backend answered. */
  readonly stats: { readonly answered: number[]; failed: number };
  /** Who answered each request, in order: `[method path, backend index or -1]`. */
  readonly log: [string, number][];
  close(): Promise<void>;
}

const BODY_LIMIT = 64 * 1024 * 1024;

/** Starts the proxy in front of `initial` backends (more can be set later). */
export async function startRoundRobinProxy(initial: readonly string[] = []): Promise<RoundRobinProxy> {
  let backends = [...initial];
  let next = 0;
  let pinned: { index: number; headers: Readonly<Record<string, string>> } | undefined;
  const stats = { answered: backends.map(() => 0), failed: 0 };
  const log: [string, number][] = [];
  const captures: { path: string; options: CaptureOptions; resolve(c: CapturedRequest): void }[] = [];

  const server: Server = createServer(async (req, res) => {
    // Buffered, so a refused connection can be retried on the next backend with the same body.
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > BODY_LIMIT) throw new Error('body too large for the test proxy');
        chunks.push(chunk as Buffer);
      }
    } catch {
      res.writeHead(413).end();
      return;
    }
    const body = Buffer.concat(chunks);
    const label = `${req.method} ${req.url}`;
    const matches = (headers: Readonly<Record<string, string>>) =>
      Object.entries(headers).every(([name, value]) => req.headers[name] === value);
    const capture = captures.findIndex((c) => c.path === req.url && matches(c.options.headers ?? {}));
    if (capture >= 0) {
      const [kept] = captures.splice(capture, 1);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers))
        if (typeof value === 'string') headers[name] = value;
      kept!.resolve({ method: req.method ?? 'GET', path: req.url ?? '/', headers, body });
      log.push([label, -2]);
      res.writeHead(kept!.options.status ?? 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ success: false }));
      return;
    }
    for (let tried = 0; tried < backends.length; tried++) {
      let index = next++ % backends.length;
      if (pinned !== undefined && tried === 0 && matches(pinned.headers)) {
        index = pinned.index;
        next--;
        pinned = undefined;
      }
      const outcome = await forward(backends[index]!, req.method ?? 'GET', req.url ?? '/', req.headers, body);
      if (outcome === 'refused') continue;
      if (outcome === 'broken') break;
      stats.answered[index]!++;
      log.push([label, index]);
      res.writeHead(outcome.status, outcome.headers);
      res.end(outcome.body);
      return;
    }
    stats.failed++;
    log.push([label, -1]);
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code: 502, name: 'BadGateway', message: 'no backend answered' }));
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setBackends(list) {
      backends = [...list];
      while (stats.answered.length < backends.length) stats.answered.push(0);
    },
    pin(index, headers = {}) {
      pinned = { index, headers };
    },
    capture(path, options = {}) {
      return new Promise((resolve) => captures.push({ path, options, resolve }));
    },
    stats,
    log,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Forwarded =
  | { status: number; headers: Record<string, string | string[]>; body: Buffer }
  | 'refused'
  | 'broken';

function forward(
  base: string,
  method: string,
  path: string,
  headers: NodeJS.Dict<string | string[]>,
  body: Buffer,
): Promise<Forwarded> {
  return new Promise((resolve) => {
    const target = new URL(path, base);
    const outgoing: NodeJS.Dict<string | string[]> = {
      ...headers,
      host: target.host,
      connection: 'close',
      'content-length': String(body.length),
    };
    delete outgoing['transfer-encoding'];
    const req = request(target, {
      method,
      headers: outgoing as Record<string, string | string[]>,
      timeout: 30_000,
    });
    req.on('timeout', () => req.destroy(new Error('backend timed out')));
    req.on('error', (error: NodeJS.ErrnoException) => {
      resolve(error.code === 'ECONNREFUSED' ? 'refused' : 'broken');
    });
    req.on('response', (res) => {
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => parts.push(chunk));
      res.on('error', () => resolve('broken'));
      res.on('end', () => {
        const out: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined && name !== 'transfer-encoding' && name !== 'connection') out[name] = value;
        }
        resolve({ status: res.statusCode ?? 502, headers: out, body: Buffer.concat(parts) });
      });
    });
    req.end(body);
  });
}
