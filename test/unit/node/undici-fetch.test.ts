// The pooled undici fetch under diiaTransport, against a loopback server that counts its sockets.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAcceptError } from '../../../src/errors.js';
import { undiciFetch } from '../../../src/node/undici-fetch.js';
import { diiaAdmin } from '../../../src/transport/index.js';

let server: Server;
let url: string;
let sockets: number;
let live: Set<unknown>;
let mostOpenRequests: number;
let inFlight: number;

beforeEach(async () => {
  sockets = 0;
  const mine = new Set<unknown>();
  live = mine;
  mostOpenRequests = 0;
  inFlight = 0;
  server = createServer((req, res) => {
    inFlight++;
    mostOpenRequests = Math.max(mostOpenRequests, inFlight);
    const body = req.url?.startsWith('/api/v1/auth/acquirer/')
      ? { token: 'session' }
      : { total: 0, branches: [] };
    // A short pause so that concurrent calls overlap on the server.
    setTimeout(() => {
      inFlight--;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    }, 5);
  });
  server.on('connection', (socket) => {
    sockets++;
    mine.add(socket);
    socket.on('close', () => mine.delete(socket));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

describe('undiciFetch', () => {
  it('keeps sockets alive: ten calls one after another reuse them', async () => {
    const pooled = undiciFetch();
    const transport = diiaAdmin({ baseUrl: url, acquirerToken: 'acq', fetch: pooled.fetch });
    for (let i = 0; i < 10; i++) await transport.branches.list();
    // undici may open a second socket while the first is being handed back; never one per call.
    expect(sockets).toBeLessThanOrEqual(2);
    await pooled.close();
  });

  it('uses exactly one socket with connections: 1', async () => {
    const pooled = undiciFetch({ connections: 1 });
    const transport = diiaAdmin({ baseUrl: url, acquirerToken: 'acq', fetch: pooled.fetch });
    await Promise.all(Array.from({ length: 10 }, () => transport.branches.list()));
    expect(sockets).toBe(1);
    await pooled.close();
  });

  it('never opens more sockets than connections allows', async () => {
    const pooled = undiciFetch({ connections: 2 });
    const transport = diiaAdmin({ baseUrl: url, acquirerToken: 'acq', fetch: pooled.fetch });
    await Promise.all(Array.from({ length: 20 }, () => transport.branches.list()));
    expect(sockets).toBeLessThanOrEqual(2);
    expect(mostOpenRequests).toBeLessThanOrEqual(2);
    await pooled.close();
    for (let i = 0; i < 100 && live.size > 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(live.size).toBe(0);
  });

  it('after close, calls fail as PLATFORM_UNAVAILABLE', async () => {
    const pooled = undiciFetch();
    const transport = diiaAdmin({
      baseUrl: url,
      acquirerToken: 'acq',
      fetch: pooled.fetch,
      retries: false,
    });
    await pooled.close();
    const failure = await transport.branches.list().catch((e: unknown) => e);
    expect(isAcceptError(failure, 'PLATFORM_UNAVAILABLE')).toBe(true);
  });

  it('refuses a connection limit out of range', () => {
    expect(() => undiciFetch({ connections: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});
